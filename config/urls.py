from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from config import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("toegankelijkheid/", views.accessibility_statement, name="accessibility"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("account/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("account/", include("django.contrib.auth.urls")),
    path("admin/import/", include("exchange.urls")),
    path("admin/", admin.site.urls),
    path("", include("grants.urls")),
    path("rapporten/", include("reports.urls")),
]

if settings.DEBUG:
    # Uploads as downloads only (config.views.media); production serves none from the app's origin.
    urlpatterns += [path(f"{settings.MEDIA_URL.lstrip('/')}<path:path>", views.media, name="media")]
