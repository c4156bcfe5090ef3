"""Tables of the written questions: the work list (sorted by deadline) and the archive."""

import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from academies.belgian import format_date
from academies.tables import BaseTable, DayColumn
from questions.selectors import deadline_state

BADGES = {"overdue": ("text-bg-danger", _("overdue")), "soon": ("text-bg-warning", _("due soon"))}


class QuestionTable(BaseTable):
    number = tables.Column(verbose_name=_("No."), localize=False,
                           linkify=lambda record: reverse("questions:detail", args=[record.pk]))
    subject = tables.Column(verbose_name=_("Subject"))
    member = tables.Column(verbose_name=_("Member of parliament"))
    years = tables.Column(empty_values=(), verbose_name=_("Years"), accessor="pk")
    received_on = DayColumn(verbose_name=_("Received"))
    due_on = tables.Column(verbose_name=_("Deadline"))
    status = tables.Column(verbose_name=_("Status"))
    assignee = tables.Column(verbose_name=_("Assigned to"), default="–")

    class Meta(BaseTable.Meta):
        row_attrs = {"class": lambda record: {"overdue": "table-danger", "soon": "table-warning"}.get(
            deadline_state(record, timezone.localdate()), "")}

    def render_years(self, record):
        return ", ".join(str(year) for year in record.years)

    def render_due_on(self, record, value):
        state = deadline_state(record, timezone.localdate())
        if state:
            css, label = BADGES[state]
            return format_html('{} <span class="badge {}">{}</span>', format_date(value), css, label)
        return format_date(value)

    def render_assignee(self, value):
        return value.get_full_name() or value.get_username()


class ArchiveTable(QuestionTable):
    number = tables.Column(verbose_name=_("No."), localize=False,
                           linkify=lambda record: reverse("questions:archive-detail", args=[record.pk]))

    class Meta(QuestionTable.Meta):
        exclude = ("due_on",)
        row_attrs = {}
