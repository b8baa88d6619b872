from django.urls import path

from councilstat.web.collection import import_views, target_views, views

app_name = "collection"
urlpatterns = [
    path("", views.my_measures, name="my_measures"),
    path("plans/<int:plan_id>/<quarter:quarter>/", views.my_measures_for, name="my_measures_for"),
    path("plans/<int:plan_id>/<quarter:quarter>/progress/", views.progress, name="progress"),
    path("plans/<int:plan_id>/rounds/new/", views.open_round_view, name="open_round"),
    path("plans/<int:plan_id>/measures/<str:code>/<period:period>/", views.entry, name="entry"),
    path("approvals/", views.approvals, name="approvals"),
    path("observations/<int:pk>/approve/", views.approve, name="approve"),
    path("observations/<int:pk>/return/", views.return_value, name="return"),
    path("observations/<int:pk>/restate/", views.restate, name="restate"),
    path("periods/", views.periods, name="periods"),
    path("periods/<int:pk>/", views.round_view, name="round"),
    path("periods/<int:pk>/close/", views.close, name="close"),
    path("periods/<int:pk>/publish/", views.publish, name="publish"),
    path("periods/<int:pk>/members/", views.members, name="members"),
    path("plans/<int:plan_id>/targets/", target_views.year_targets, name="year_targets"),
    path("settings/", views.collection_settings, name="settings"),
    path("import/", import_views.upload, name="import"),
    path("import/<str:token>/", import_views.preview, name="import_preview"),
    path("import/<str:token>/report.csv", import_views.report, name="import_report"),
    path(
        "plans/<int:plan_id>/<quarter:quarter>/template.xlsx",
        import_views.template,
        name="template",
    ),
]
