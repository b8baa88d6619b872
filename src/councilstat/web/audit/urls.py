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
]
