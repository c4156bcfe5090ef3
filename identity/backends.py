"""The ACM/IDM login as an authentication backend (mozilla-django-oidc), active when OIDC_RP_CLIENT_ID is set."""

from django.conf import settings
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from identity.claims import identity_from_claims
from identity.services import AccessRefused, acm_idm_login

REFUSAL_SESSION_KEY = "identity_refusal"


class AcmIdmBackend(OIDCAuthenticationBackend):
    """Users are found by their ACM/IDM subject, never by e-mail address; the claims of the ID token and of the
    userinfo endpoint together decide the access (identity.services.acm_idm_login). A refused login returns no
    user and leaves the reason in the session for the refusal page."""

    def authenticate(self, request, **kwargs):
        if not settings.OIDC_ENABLED:
            return None
        return super().authenticate(request, **kwargs)

    def get_or_create_user(self, access_token, id_token, payload):
        claims = {**payload, **self.get_userinfo(access_token, id_token, payload)}
        if not claims.get("sub") or claims.get("sub") != payload.get("sub"):
            return None
        try:
            return acm_idm_login(identity=identity_from_claims(claims))
        except AccessRefused as refusal:
            self.request.session[REFUSAL_SESSION_KEY] = refusal.reason
            return None
