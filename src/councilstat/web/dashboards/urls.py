from django.urls import path

from councilstat.web.dashboards import report_views, views

app_name = "dashboards"
urlpatterns = [
    path("", views.home, name="home"),
    path("start/", views.start, name="start"),
    path("guide/statistics/", views.guide, name="guide"),
    path("plans/<int:plan_id>/<quarter:quarter>/", views.overview, name="overview"),
    path("plans/<int:plan_id>/years/<year:year>/", views.year, name="year"),
    path("plans/<int:plan_id>/<quarter:quarter>/exceptions/", views.exceptions, name="exceptions"),
    path(
        "plans/<int:plan_id>/<quarter:quarter>/priorities/<str:code>/",
        views.priority,
        name="priority",
    ),
    path(
        "plans/<int:plan_id>/<quarter:quarter>/outcomes/<str:code>/", views.outcome, name="outcome"
    ),
    path(
        "plans/<int:plan_id>/<quarter:quarter>/measures/<str:code>/", views.measure, name="measure"
    ),
    path(
        "plans/<int:plan_id>/<quarter:quarter>/report.<str:fmt>",
        report_views.report,
        name="report",
    ),
]
