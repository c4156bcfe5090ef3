from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from mozilla_django_oidc.views import OIDCLogoutView

from identity.backends import REFUSAL_SESSION_KEY
from identity.logout import provider_logout_url
from identity.services import AccessRefused


@never_cache
def refused(request: HttpRequest) -> HttpResponse:
    """After an ACM/IDM login that gives no access: says why and whom to ask, instead of an empty portal."""
    reason = request.session.pop(REFUSAL_SESSION_KEY, "")
    known = {AccessRefused.NO_ROLE, AccessRefused.NO_ACADEMY, AccessRefused.UNKNOWN_TARGET_GROUP,
             AccessRefused.DEACTIVATED}
    # The ACM/IDM session is still open: a way to end it, to log in with another account or for another organisation.
    provider_logout = provider_logout_url(request) if request.session.get("oidc_id_token") else ""
    return render(request, "identity/refused.html", {"reason": reason if reason in known else "",
                                                     "provider_logout": provider_logout}, status=403)


def logout(request: HttpRequest) -> HttpResponse:
    """POST only. With ACM/IDM switched on, mozilla-django-oidc's logout, which sends a user who logged in through
    ACM/IDM on to its end-session endpoint (identity.logout); otherwise Django's."""
    if settings.OIDC_ENABLED:
        return OIDCLogoutView.as_view()(request)
    return auth_views.LogoutView.as_view()(request)
