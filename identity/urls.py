"""Under /account/: the ACM/IDM login (mozilla-django-oidc's views, answering 404 while OIDC_ENABLED is off), the
refusal page, the logout that ends an ACM/IDM session too, and the throttled password reset. Included before
django.contrib.auth's URLs."""

from functools import wraps

from django.conf import settings
from django.http import Http404
from django.urls import path
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from identity import views


def when_enabled(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not settings.OIDC_ENABLED:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


urlpatterns = [
    path("acm-idm/aanmelden/", when_enabled(OIDCAuthenticationRequestView.as_view()),
         name="oidc_authentication_init"),
    path("acm-idm/terug/", when_enabled(OIDCAuthenticationCallbackView.as_view()),
         name="oidc_authentication_callback"),
    path("acm-idm/geweigerd/", views.refused, name="acm-idm-refused"),
    path("logout/", views.logout, name="logout"),
    path("password_reset/", views.PasswordResetView.as_view(), name="password_reset"),
]
