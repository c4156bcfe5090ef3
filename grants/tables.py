"""django-tables2 tables of the portal and staff pages, rendered by the shared `includes/table.html`.

On a phone (`.table-stack`) each row becomes a block whose cells carry their column header (`data-label`)."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.translation import gettext_lazy as _

from academies.belgian import format_count, format_date, format_datetime, format_euro
from grants.models import Application, Call, FinalReport, Trajectory

NUMERIC = {"th": {"class": "num"}, "td": {"class": "num"}}


def header_labels(table) -> list[str]:
    return [escape(str(column.header)) for column in table.columns]


class GrantsTable(tables.Table):
    """Base: the project's table template, stacked rows on phones, no export links."""

    caption = ""
    export_formats = ()

    def body_rows(self):
        """(row attributes, [(cell attributes, cell, localize)]) for `includes/table.html`."""
        labels = header_labels(self)
        rows = []
        for row in self.paginated_rows:
            cells = [(format_html('{} data-label="{}"', column.attrs["td"].as_html(), label), cell, column.localize)
                     for (column, cell), label in zip(row.items(), labels, strict=True)]
            rows.append((row.attrs.as_html(), cells))
        return rows

    class Meta:
        attrs = {"class": "table table-sm table-stack align-middle"}
        template_name = "includes/table.html"
        orderable = False


class EuroColumn(tables.Column):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", NUMERIC)
        super().__init__(*args, **kwargs)

    def render(self, value):
        return format_euro(value)


class CountColumn(EuroColumn):
    def render(self, value):
        return format_count(value)


class DayColumn(tables.Column):
    """A date as 04/05/2022 (`academies.belgian.format_date`)."""

    def render(self, value):
        return format_date(value)


class DayTimeColumn(tables.Column):
    """A moment as 04/05/2022 09:30, Brussels time (`academies.belgian.format_datetime`)."""

    def render(self, value):
        return format_datetime(value)


class PortalApplicationTable(GrantsTable):
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

    class Meta(GrantsTable.Meta):
        model = Application
        fields = ()
        empty_text = _("No applications yet.")


class PortalAwardTable(GrantsTable):
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

    class Meta(GrantsTable.Meta):
        empty_text = _("No awards yet.")


class TrajectoryTable(GrantsTable):
    title = tables.Column(verbose_name=_("Title"))
    transition_priority = tables.Column(verbose_name=_("Transition priority"), default="–")
    ages = tables.Column(empty_values=(), verbose_name=_("Ages"))
    half_days = CountColumn(verbose_name=_("Half-days"))
    municipality = tables.Column(verbose_name=_("Municipality"))

    def render_transition_priority(self, record):
        return record.get_transition_priority_display() or "–"

    def render_ages(self, record):
        return f"{record.age_min}–{record.age_max}"

    class Meta(GrantsTable.Meta):
        model = Trajectory
        fields = ()
        empty_text = _("No trajectories yet.")


class ReportLineTable(GrantsTable):
    """Lines of a final report; a last row (a dict) holds the counts not attributable to a municipality."""

    caption = _("Empty means not reported.")
    municipality = tables.Column(verbose_name=_("Municipality"))
    half_days = CountColumn(verbose_name=_("Half-days"), default="")
    participants = CountColumn(verbose_name=_("Participants"), default="")
    boys = CountColumn(verbose_name=_("Boys"), default="")
    girls = CountColumn(verbose_name=_("Girls"), default="")
    other = CountColumn(verbose_name=_("Other/unspecified"), default="")

    class Meta(GrantsTable.Meta):
        empty_text = _("No municipalities reported.")


def report_line_rows(report, lines) -> list:
    rows = list(lines)
    counts = {name: getattr(report, f"unattributed_{name}", None) if report else None
              for name in ("participants", "boys", "girls", "other")}
    if any(value is not None for value in counts.values()):
        rows.append({"municipality": _("Not attributable to a municipality"), "half_days": None, **counts})
    return rows


class HistoryTable(GrantsTable):
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


class StaffApplicationTable(GrantsTable):
    academy = tables.Column(linkify=("grants:staff-application-detail", [tables.A("pk")]),
                            verbose_name=_("Academy"), order_by=("academy__name",))
    call = tables.Column(verbose_name=_("Call"), order_by=("call__year", "call__title"))
    status = tables.Column(verbose_name=_("Status"))
    submitted_at = DayTimeColumn(verbose_name=_("Submitted at"), default="–")
    requested_amount = EuroColumn(verbose_name=_("Requested amount"))
    awarded = EuroColumn(accessor="award__amount", verbose_name=_("Awarded"), default="", orderable=False)

    def render_status(self, record):
        return record.get_status_display().capitalize()

    class Meta(GrantsTable.Meta):
        model = Application
        fields = ()
        orderable = True
        empty_text = _("No applications match.")


class StaffReportTable(GrantsTable):
    academy = tables.Column(accessor="award__application__academy", verbose_name=_("Academy"),
                            linkify=("grants:staff-report-detail", [tables.A("pk")]),
                            order_by=("award__application__academy__name",))
    call = tables.Column(accessor="award__application__call", verbose_name=_("Call"),
                         order_by=("award__application__call__year", "award__application__call__title"))
    status = tables.Column(verbose_name=_("Status"))
    submitted_at = DayTimeColumn(verbose_name=_("Submitted at"), default="–")

    def render_status(self, record):
        return record.get_status_display().capitalize()

    class Meta(GrantsTable.Meta):
        model = FinalReport
        fields = ()
        orderable = True
        empty_text = _("No final reports match.")


class ToDecideTable(GrantsTable):
    academy = tables.Column(linkify=("grants:staff-application-detail", [tables.A("pk")]), verbose_name=_("Academy"))
    call = tables.Column(verbose_name=_("Call"))
    submitted_at = DayTimeColumn(verbose_name=_("Submitted at"))
    requested_amount = EuroColumn(verbose_name=_("Requested amount"))

    class Meta(GrantsTable.Meta):
        empty_text = _("No applications waiting for a decision.")


class ToReviewTable(GrantsTable):
    academy = tables.Column(accessor="award__application__academy", verbose_name=_("Academy"),
                            linkify=("grants:staff-report-detail", [tables.A("pk")]))
    call = tables.Column(accessor="award__application__call", verbose_name=_("Call"))
    submitted_at = DayTimeColumn(verbose_name=_("Submitted at"))

    class Meta(GrantsTable.Meta):
        empty_text = _("No final reports waiting for a review.")


class CallTable(GrantsTable):
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

    class Meta(GrantsTable.Meta):
        model = Call
        fields = ()
        empty_text = _("No calls yet.")




class InvitationTable(GrantsTable):
    when = DayTimeColumn(accessor="invited_at", verbose_name=_("When"))
    contact = tables.Column(accessor="membership__user__email", verbose_name=_("Contact"))
    academy = tables.Column(accessor="membership__academy", verbose_name=_("Academy"))
    invited_by = tables.Column(verbose_name=_("Invited by"), default="–")

    def render_invited_by(self, value):
        return value.get_username()

    class Meta(GrantsTable.Meta):
        attrs = {**GrantsTable.Meta.attrs, "id": "invitations"}
