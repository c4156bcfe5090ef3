from django.urls import path

from exchange import template_views, uit_views, views

app_name = "exchange"

urlpatterns = [
    path("<int:pk>/", views.job_progress, name="job-progress"),
    path("<int:pk>/resultaat/", views.job_result, name="job-result"),
    path("export/<slug:kind>.csv", views.export_stream, name="export"),
    path("uit/", uit_views.uit_fetch, name="uit-fetch"),
    path("sjabloon/<slug:kind>.xlsx", template_views.download_template, name="template"),
]
