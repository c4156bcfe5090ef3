"""What login throttling (django-axes) leaves alone: the return from ACM/IDM. No password is guessed there (the
provider throttles its own logins), and a refused ACM/IDM login carries no username, so counting it would lock
every ACM/IDM login from that client address."""

from django.http import HttpRequest
from django.urls import reverse


def is_acm_idm_login(request: HttpRequest, credentials: dict | None = None) -> bool:
    return request is not None and request.path == reverse("oidc_authentication_callback")
