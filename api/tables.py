"""The open-data page's table: a row per year with its downloads (and, for staff, its publication)."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from academies.tables import BaseTable, CountColumn, YearColumn


class GivingYearTable(BaseTable):
    year = YearColumn(verbose_name=_("Year"))
    awards = CountColumn(verbose_name=_("Awards"))
    download = tables.Column(empty_values=(), accessor="year", verbose_name=_("Download"))
    public = tables.TemplateColumn(template_name="api/includes/publish_form.html", empty_values=(),
                                   verbose_name=_("Public"))

    def __init__(self, data, *, staff: bool, **kwargs):
        super().__init__(data, exclude=() if staff else ("public",), **kwargs)

    def render_download(self, value):
        return format_html('<a href="{}">JSON</a> · <a href="{}">CSV</a>',
                           reverse("api:giving-download", args=[str(value), "json"]),
                           reverse("api:giving-download", args=[str(value), "csv"]))

    class Meta(BaseTable.Meta):
        attrs = {"class": "table table-sm w-auto", "id": "giving-years"}
