from django.urls import path

from councilstat.web.benchmarking import views

app_name = "benchmarking"
urlpatterns = [
    path("", views.index, name="index"),
    path("link/", views.link, name="link"),
    path("plans/<int:plan_id>/measures/<str:code>/unlink/", views.unlink, name="unlink"),
    path("sharing/offer/", views.offer, name="offer"),
    path("sharing/<int:pk>/accept/", views.accept, name="accept"),
    path("sharing/<int:pk>/end/", views.end, name="end"),
    path("load/", views.load, name="load"),
    path("load/<str:token>/problems.csv", views.problems_download, name="problems"),
    path(
        "plans/<int:plan_id>/measures/<str:code>/",
        views.measure_comparison,
        name="latest",
    ),
    path(
        "plans/<int:plan_id>/<quarter:quarter>/measures/<str:code>/",
        views.measure_comparison,
        name="measure",
    ),
]
