from django.urls import path

from councilstat.web.jobs import views

app_name = "jobs"
urlpatterns = [
    path("", views.job_list, name="list"),
    path("<int:pk>/", views.job, name="job"),
    path("<int:pk>/file", views.download, name="download"),
]
