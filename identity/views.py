from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from mozilla_django_oidc.views import OIDCLogoutView

from identity.backends import REFUSAL_SESSION_KEY
from identity.logout import provider_logout_url
from identity.proxies import client_address
from identity.services import AccessRefused, ResetThrottled, password_reset_throttle


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


class PasswordResetView(auth_views.PasswordResetView):
    """Django's password reset, throttled (identity.services.password_reset_throttle). Too many requests from one
    client: 429 with a page that says so. Too many for one address: the usual "sent" page but no e-mail, so the
    page tells nobody whether the address has an account and its owner's mailbox is not flooded."""

    def form_valid(self, form):
        try:
            password_reset_throttle(email=form.cleaned_data["email"], client_address=client_address(self.request))
        except ResetThrottled as throttled:
            if throttled.limit == ResetThrottled.PER_CLIENT:
                return render(self.request, "identity/password_reset_throttled.html", status=429)
            return redirect(self.get_success_url())
        return super().form_valid(form)
