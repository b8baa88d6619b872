"""Public pages, mounted at /public/: no sign-in needed."""

from django.urls import path

from councilstat.web.public import views

app_name = "public"
urlpatterns = [
    path("", views.index, name="index"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("<int:organisation_id>/", views.glance, name="glance"),
    path("<int:organisation_id>/data.csv", views.data_csv, name="data_csv"),
    path("<int:organisation_id>/data.json", views.data_json, name="data_json"),
    path("<int:organisation_id>/priorities/<str:code>/", views.priority, name="priority"),
    path("<int:organisation_id>/measures/<str:code>/", views.measure, name="measure"),
    path("<int:organisation_id>/quarters/", views.quarters, name="quarters"),
    path("<int:organisation_id>/quarters/<quarter:quarter>/", views.glance, name="glance_quarter"),
    path(
        "<int:organisation_id>/quarters/<quarter:quarter>/priorities/<str:code>/",
        views.priority,
        name="priority_quarter",
    ),
    path(
        "<int:organisation_id>/quarters/<quarter:quarter>/measures/<str:code>/",
        views.measure,
        name="measure_quarter",
    ),
    path("<int:organisation_id>/measures/<str:code>.csv", views.measure_csv, name="measure_csv"),
    path("<int:organisation_id>/measures/<str:code>.json", views.measure_json, name="measure_json"),
]
