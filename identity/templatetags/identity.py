from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def acm_idm_enabled() -> bool:
    return settings.OIDC_ENABLED
