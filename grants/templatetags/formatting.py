from django import template

from academies.belgian import format_count, format_euro, format_percent

register = template.Library()


@register.filter
def euro(value):
    return format_euro(value)


@register.filter
def count(value):
    return format_count(value)


@register.filter
def percent(value, decimal_pos=0):
    return format_percent(value, decimal_pos=int(decimal_pos))
