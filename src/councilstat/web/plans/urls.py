from django.urls import path

from councilstat.web.plans import people_views, views

app_name = "plans"
urlpatterns = [
    path("", views.manage, name="manage"),
    path("plans/<int:plan_id>/measures/<str:code>/", views.edit_measure, name="edit_measure"),
    path("plans/<int:plan_id>/measures/<str:code>/targets/", views.edit_target, name="edit_target"),
    path("plans/<int:plan_id>/next-year/", views.next_year, name="next_year"),
    path("plans/<int:plan_id>/continues/", views.continues, name="continues"),
    path("users/", people_views.users, name="users"),
    path("users/new/", people_views.edit_user, name="new_user"),
    path("users/<int:pk>/", people_views.edit_user, name="edit_user"),
    path(
        "users/<int:pk>/invitation/", people_views.send_invitation_again, name="resend_invitation"
    ),
    path("users/<int:pk>/sign-out/", people_views.sign_out_everywhere, name="sign_out_everywhere"),
    path("directorates/", people_views.directorates, name="directorates"),
    path("directorates/new/", people_views.edit_directorate, name="new_directorate"),
    path("directorates/<int:pk>/", people_views.edit_directorate, name="edit_directorate"),
    path(
        "directorates/<int:pk>/remove/",
        people_views.remove_directorate,
        name="remove_directorate",
    ),
    path("council/", people_views.organisation_settings, name="organisation"),
    path("councils/", people_views.councils, name="councils"),
    path("councils/new/", people_views.new_council, name="new_council"),
]
