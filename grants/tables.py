"""django-tables2 tables of the portal and staff pages, on the one base `academies.tables.BaseTable`."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from academies.belgian import format_date
from academies.tables import BaseTable, CountColumn, DayTimeColumn, EuroColumn
from grants.models import Application, Call, FinalReport, Trajectory


class PortalApplicationTable(BaseTable):
    call = tables.Column(verbose_name=_("Call"))
    academy = tables.Column(verbose_name=_("Academy"))
    status = tables.Column(verbose_name=_("Status"))
    requested_amount = EuroColumn(verbose_name=_("Requested amount"))
    open = tables.Column(empty_values=(), verbose_name=_("Actions"), accessor="pk")

    def render_status(self, record):
        return record.get_status_display().capitalize()

    def render_open(self, record):
        return format_html('<a href="{}">{}<span class="visually-hidden"> {}</span></a>',
                           reverse("grants:application-detail", args=[record.pk]), _("Open"), record.call)

    class Meta(BaseTable.Meta):
        model = Application
        fields = ()
        empty_text = _("No applications yet.")


class PortalAwardTable(BaseTable):
    """Rows: dicts with `award`, `report`, `due` and `overdue` (portal dashboard)."""

    call = tables.Column(accessor="award__application__call", verbose_name=_("Call"))
    academy = tables.Column(accessor="award__application__academy", verbose_name=_("Academy"))
    amount = EuroColumn(accessor="award__amount", verbose_name=_("Awarded"))
    due = tables.Column(empty_values=(), verbose_name=_("Final report due"))
    report = tables.Column(empty_values=(), verbose_name=_("Final report"))
    edit = tables.Column(empty_values=(), accessor="award__pk", verbose_name=_("Actions"))

    def render_due(self, record):
        due = format_date(record["due"], "–")
        if record["overdue"]:
            return format_html('{} <span class="badge text-bg-danger">{}</span>', due, _("overdue"))
        return due

    def render_report(self, record):
        report = record["report"]
        return report.get_status_display().capitalize() if report else _("not started")

    def render_edit(self, record):
        award = record["award"]
        return format_html('<a href="{}">{}<span class="visually-hidden"> {}</span></a> · '
                           '<a href="{}">{}<span class="visually-hidden"> {}</span></a>',
                           reverse("grants:report-edit", args=[award.pk]), _("Final report"),
                           award.application.call, reverse("payments:portal-award-money", args=[award.pk]),
                           _("Payments"), award.application.call)

    class Meta(BaseTable.Meta):
        empty_text = _("No awards yet.")


class TrajectoryTable(BaseTable):
    title = tables.Column(verbose_name=_("Title"))
    transition_priority = tables.Column(verbose_name=_("Transition priority"), default="–")
    ages = tables.Column(empty_values=(), verbose_name=_("Ages"))
    half_days = CountColumn(verbose_name=_("Half-days"))
    municipality = tables.Column(verbose_name=_("Municipality"))

    def render_transition_priority(self, record):
        return record.get_transition_priority_display() or "–"

    def render_ages(self, record):
        return f"{record.age_min}–{record.age_max}"

    class Meta(BaseTable.Meta):
        model = Trajectory
        fields = ()
        empty_text = _("No trajectories yet.")


class ReportLineTable(BaseTable):
    """Lines of a final report; a last row (a dict) holds the counts not attributable to a municipality."""

    caption = _("Empty means not reported.")
    municipality = tables.Column(verbose_name=_("Municipality"))
    half_days = CountColumn(verbose_name=_("Half-days"), default="")
    participants = CountColumn(verbose_name=_("Participants"), default="")
    boys = CountColumn(verbose_name=_("Boys"), default="")
    girls = CountColumn(verbose_name=_("Girls"), default="")
    other = CountColumn(verbose_name=_("Other/unspecified"), default="")

    class Meta(BaseTable.Meta):
        empty_text = _("No municipalities reported.")


def report_line_rows(report, lines) -> list:
    rows = list(lines)
    counts = {name: getattr(report, f"unattributed_{name}", None) if report else None
              for name in ("participants", "boys", "girls", "other")}
    if any(value is not None for value in counts.values()):
        rows.append({"municipality": _("Not attributable to a municipality"), "half_days": None, **counts})
    return rows


class HistoryTable(BaseTable):
    """Rows from `grants.selectors.history_rows`."""

    when = DayTimeColumn(accessor="record__history_date", verbose_name=_("When"))
    who = tables.Column(accessor="record__history_user", verbose_name=_("Who"), default="–")
    what = tables.Column(empty_values=(), verbose_name=_("What"))
    changes = tables.Column(empty_values=(), verbose_name=_("Changed fields"))

    def render_who(self, value):
        return value.get_username()

    def render_what(self, record):
        history = record["record"]
        action = {"+": _("created"), "-": _("deleted")}.get(history.history_type, _("changed"))
        text = f"{str(record['label']).capitalize()} {action}"
        if getattr(history, "status", None):
            text += f" ({history.get_status_display()})"
        elif record.get("subject"):
            text += f" ({record['subject']})"
        return text

    def render_changes(self, record):
        return ", ".join(record["changes"])


class StaffApplicationTable(BaseTable):
    academy = tables.Column(linkify=("grants:staff-application-detail", [tables.A("pk")]),
                            verbose_name=_("Academy"), order_by=("academy__name",))
    call = tables.Column(verbose_name=_("Call"), order_by=("call__year", "call__title"))
    status = tables.Column(verbose_name=_("Status"))
    submitted_at = DayTimeColumn(verbose_name=_("Submitted at"), default="–")
    requested_amount = EuroColumn(verbose_name=_("Requested amount"))
    awarded = EuroColumn(accessor="award__amount", verbose_name=_("Awarded"), default="", orderable=False)

    def render_status(self, record):
        return record.get_status_display().capitalize()

    class Meta(BaseTable.Meta):
        model = Application
        fields = ()
        orderable = True
        empty_text = _("No applications match.")


class StaffReportTable(BaseTable):
    academy = tables.Column(accessor="award__application__academy", verbose_name=_("Academy"),
                            linkify=("grants:staff-report-detail", [tables.A("pk")]),
                            order_by=("award__application__academy__name",))
    call = tables.Column(accessor="award__application__call", verbose_name=_("Call"),
                         order_by=("award__application__call__year", "award__application__call__title"))
    status = tables.Column(verbose_name=_("Status"))
    submitted_at = DayTimeColumn(verbose_name=_("Submitted at"), default="–")

    def render_status(self, record):
        return record.get_status_display().capitalize()

    class Meta(BaseTable.Meta):
        model = FinalReport
        fields = ()
        orderable = True
        empty_text = _("No final reports match.")


class ToDecideTable(BaseTable):
    academy = tables.Column(linkify=("grants:staff-application-detail", [tables.A("pk")]), verbose_name=_("Academy"))
    call = tables.Column(verbose_name=_("Call"))
    submitted_at = DayTimeColumn(verbose_name=_("Submitted at"))
    requested_amount = EuroColumn(verbose_name=_("Requested amount"))

    class Meta(BaseTable.Meta):
        empty_text = _("No applications waiting for a decision.")


class ToReviewTable(BaseTable):
    academy = tables.Column(accessor="award__application__academy", verbose_name=_("Academy"),
                            linkify=("grants:staff-report-detail", [tables.A("pk")]))
    call = tables.Column(accessor="award__application__call", verbose_name=_("Call"))
    submitted_at = DayTimeColumn(verbose_name=_("Submitted at"))

    class Meta(BaseTable.Meta):
        empty_text = _("No final reports waiting for a review.")


class CallTable(BaseTable):
    call = tables.Column(empty_values=(), verbose_name=_("Call"))
    budget = EuroColumn(verbose_name=_("Budget"))
    awarded_amount = EuroColumn(verbose_name=_("Awarded"))
    award_count = CountColumn(verbose_name=_("Awards"))
    remaining_budget = EuroColumn(verbose_name=_("Left"))

    def __init__(self, *args, may_change: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.may_change = may_change

    def render_call(self, record):
        link = format_html('<a href="{}?call={}">{}</a>', reverse("grants:staff-application-list"), record.pk, record)
        if not self.may_change:
            return link
        return format_html('{} · <a href="{}">{}</a>', link, reverse("grants:staff-call-edit", args=[record.pk]),
                           _("edit"))

    class Meta(BaseTable.Meta):
        model = Call
        fields = ()
        empty_text = _("No calls yet.")




class InvitationTable(BaseTable):
    when = DayTimeColumn(accessor="invited_at", verbose_name=_("When"))
    contact = tables.Column(accessor="membership__user__email", verbose_name=_("Contact"))
    academy = tables.Column(accessor="membership__academy", verbose_name=_("Academy"))
    invited_by = tables.Column(verbose_name=_("Invited by"), default="–")

    def render_invited_by(self, value):
        return value.get_username()

    class Meta(BaseTable.Meta):
        attrs = {**BaseTable.Meta.attrs, "id": "invitations"}


class ContactLogTable(BaseTable):
    """An academy's contact log (`SentEmail` rows); managers who may record a bounce get a form per row."""

    sent_at = DayTimeColumn(verbose_name=_("Sent at"))
    subject = tables.Column(verbose_name=_("Subject"))
    recipients = tables.Column(verbose_name=_("Recipients"))
    status = tables.Column(verbose_name=_("Delivery"))
    bounce = tables.TemplateColumn(template_name="grants/includes/bounce_form.html", empty_values=(),
                                   verbose_name=_("Record a bounce"))

    def __init__(self, data, *, may_record_bounce: bool, **kwargs):
        super().__init__(data, exclude=() if may_record_bounce else ("bounce",), **kwargs)

    def render_subject(self, record):
        if not record.attachments:
            return record.subject
        return format_html("{}<br><small>{} {}</small>", record.subject, _("Attached:"), ", ".join(record.attachments))

    def render_recipients(self, value):
        return ", ".join(value)

    def render_status(self, record):
        if record.failed_recipients:
            return f"{record.get_status_display()}: {', '.join(record.failed_recipients)}"
        return record.get_status_display()

    class Meta(BaseTable.Meta):
        attrs = {**BaseTable.Meta.attrs, "aria-labelledby": "contact-log"}
        empty_text = _("No e-mails sent yet.")
