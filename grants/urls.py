from django.urls import path

from grants import views

app_name = "grants"

urlpatterns = [
    path("portaal/", views.portal_dashboard, name="portal-dashboard"),
    path("beheer/", views.staff_dashboard, name="staff-dashboard"),
]
