from django.urls import path

from exchange import template_views, views

app_name = "exchange"

urlpatterns = [
    path("<int:pk>/", views.job_progress, name="job-progress"),
    path("<int:pk>/resultaat/", views.job_result, name="job-result"),
    path("export/<slug:kind>.csv", views.export_stream, name="export"),
    path("sjabloon/<slug:kind>.xlsx", template_views.download_template, name="template"),
]
