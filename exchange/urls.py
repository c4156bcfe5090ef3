from django.urls import path

from exchange import views

app_name = "exchange"

urlpatterns = [
    path("<int:pk>/", views.job_progress, name="job-progress"),
    path("<int:pk>/resultaat/", views.job_result, name="job-result"),
    path("export/<slug:kind>.csv", views.export_stream, name="export"),
]
