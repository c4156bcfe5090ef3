from django import template

from academies.belgian import format_percent

register = template.Library()

format_share = format_percent


@register.filter
def share(value, decimal_pos=0):
    """A fraction as a percentage rounded half up (0.276 -> '28%')."""
    return format_percent(value, decimal_pos=int(decimal_pos))
