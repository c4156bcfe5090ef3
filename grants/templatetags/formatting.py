from django import template

from academies.belgian import format_count, format_euro

register = template.Library()


@register.filter
def euro(value):
    return format_euro(value)


@register.filter
def count(value):
    return format_count(value)
