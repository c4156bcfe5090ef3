from django import template
from django.utils.translation import gettext as _

from academies.belgian import format_count, format_percent

register = template.Library()

format_share = format_percent


@register.filter
def share(value, decimal_pos=0):
    """A fraction as a percentage rounded half up (0.276 -> '28%')."""
    return format_percent(value, decimal_pos=int(decimal_pos))


@register.filter
def known_count(value):
    """A count, or "not known" when it was not reported: an unknown figure is never printed as 0."""
    return _("not known") if value is None else format_count(value)
