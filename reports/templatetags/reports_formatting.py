from decimal import ROUND_HALF_UP, Decimal

from django import template

from grants.formatting import format_percent

register = template.Library()


def format_share(value, decimal_pos: int = 0) -> str:
    """A fraction as a percentage rounded half up (72.0% / 27.6% -> '72%' / '28%'); Django's number_format
    alone would truncate."""
    if value is None or value == "":
        return ""
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-(decimal_pos + 2)), rounding=ROUND_HALF_UP)
    return format_percent(rounded, decimal_pos=decimal_pos)


@register.filter
def share(value, decimal_pos=0):
    return format_share(value, int(decimal_pos))
