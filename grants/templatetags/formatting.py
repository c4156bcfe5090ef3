from django import template

from academies.belgian import format_count, format_date, format_datetime, format_euro

register = template.Library()


@register.filter
def euro(value):
    return format_euro(value)


@register.filter
def count(value):
    return format_count(value)


@register.filter
def day(value):
    """A date (or a moment's day) as 04/05/2022: `academies.belgian.format_date`."""
    return format_date(value)


@register.filter
def day_time(value):
    """A moment as 04/05/2022 09:30, Brussels time: `academies.belgian.format_datetime`."""
    return format_datetime(value)
