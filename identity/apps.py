from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentityConfig(AppConfig):
    """Who the user is: the client address behind trusted proxies, and the ACM/IDM (OpenID Connect) login."""

    name = "identity"
    verbose_name = _("Identity")
