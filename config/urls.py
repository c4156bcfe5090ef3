from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from api.endpoints import urls as read_api_urls
from config import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("toegankelijkheid/", views.accessibility_statement, name="accessibility"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("account/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("account/", include("identity.urls")),
    path("account/", include("django.contrib.auth.urls")),
    path("admin/import/", include("exchange.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", read_api_urls()),
    path("", include("api.urls")),
    path("", include("grants.urls")),
    path("", include("assessments.urls")),
    path("", include("payments.urls")),
    path("rapporten/", include("reports.urls")),
    path("beheer/vragen/", include("questions.urls")),
]
