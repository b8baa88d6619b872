"""The audit trail's pages: a measure's history and a quarter's log, each with its CSV."""

from django.urls import path

from councilstat.web.audit import views

app_name = "audit"
urlpatterns = [
    path("plans/<int:plan_id>/measures/<str:code>/", views.measure_history, name="measure"),
    path(
        "plans/<int:plan_id>/measures/<str:code>/history.csv",
        views.measure_history_csv,
        name="measure_csv",
    ),
    path("plans/<int:plan_id>/<quarter:quarter>/", views.quarter_log, name="quarter"),
    path(
        "plans/<int:plan_id>/<quarter:quarter>/log.csv", views.quarter_log_csv, name="quarter_csv"
    ),
]
