from django.urls import path

from councilstat.web.plans import views

app_name = "plans"
urlpatterns = [
    path("", views.manage, name="manage"),
    path("plans/<int:plan_id>/measures/<str:code>/", views.edit_measure, name="edit_measure"),
    path("plans/<int:plan_id>/measures/<str:code>/targets/", views.edit_target, name="edit_target"),
    path("plans/<int:plan_id>/next-year/", views.next_year, name="next_year"),
    path("plans/<int:plan_id>/continues/", views.continues, name="continues"),
    path("users/", views.users, name="users"),
    path("users/new/", views.edit_user, name="new_user"),
    path("users/<int:pk>/", views.edit_user, name="edit_user"),
]
