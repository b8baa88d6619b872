from django.urls import path

from councilstat.web.benchmarking import views

app_name = "benchmarking"
urlpatterns = [
    path("", views.index, name="index"),
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
