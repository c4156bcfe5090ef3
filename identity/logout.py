"""RP-initiated logout: ending a session that began with ACM/IDM ends the ACM/IDM session too."""

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest
from django.shortcuts import resolve_url


def provider_logout_url(request: HttpRequest) -> str:
    """Where the browser goes after our logout (mozilla-django-oidc's OIDC_OP_LOGOUT_URL_METHOD): the provider's
    end-session endpoint with the ID token as hint and our login page to come back to; for a local password
    login simply our login page."""
    after_logout = request.build_absolute_uri(resolve_url(settings.LOGOUT_REDIRECT_URL))
    id_token = request.session.get("oidc_id_token")
    if not id_token:
        return after_logout
    query = urlencode({"id_token_hint": id_token, "post_logout_redirect_uri": after_logout,
                       "client_id": settings.OIDC_RP_CLIENT_ID})
    return f"{settings.OIDC_OP_LOGOUT_ENDPOINT}?{query}"
