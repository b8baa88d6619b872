from django.urls import path

from councilstat.web.scrutiny import action_views, document_views, views

app_name = "scrutiny"
urlpatterns = [
    path("", views.meetings, name="meetings"),
    path("boards/new/", views.board_new, name="board_new"),
    path("meetings/new/", views.meeting_new, name="meeting_new"),
    path("meetings/<int:pk>/", views.meeting, name="meeting"),
    path("meetings/<int:pk>/questions/new/", views.question_new, name="question_new"),
    path("meetings/<int:pk>/actions/new/", views.action_new, name="action_new"),
    path("meetings/<int:pk>/resolutions/new/", views.resolution_new, name="resolution_new"),
    path("meetings/<int:pk>/pack.<str:fmt>", document_views.pack, name="pack"),
    path("meetings/<int:pk>/minutes/", document_views.minutes, name="minutes"),
    path(
        "meetings/<int:pk>/minutes.<str:fmt>",
        document_views.minutes_download,
        name="minutes_download",
    ),
    path("actions/", action_views.tracker, name="tracker"),
    path("actions/<int:pk>/", action_views.action, name="action"),
    path("actions/<int:pk>/update/", action_views.action_update, name="action_update"),
    path("actions/<int:pk>/edit/", action_views.action_edit, name="action_edit"),
]
