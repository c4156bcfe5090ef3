"""django-tables2 tables of the report pages. Cells render Belgian formatting; exports get raw numbers
(`value()`, through `Table.as_values()`), so CSV and XLSX carry the same figures as the page."""

import django_tables2 as tables
from django.db import models
from django.urls import reverse
from django.utils.encoding import force_str
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_tables2.columns.linkcolumn import BaseLinkColumn
from django_tables2.data import TableListData
from django_tables2.utils import Accessor, OrderBy

from academies.belgian import percentage
from academies.tables import (
    BaseTable,
    CountColumn,
    DayTimeColumn,
    EuroColumn,
    YearColumn,
    attribute_getter,
    parameter_names,
)
from reports.selectors.base import ColumnRows
from reports.selectors.payments import YearPayments
from reports.templatetags.reports_formatting import format_share


class PercentColumn(CountColumn):
    """A share: 27,6% on the page (rounded once, `academies.belgian.percentage`), the percentage in exports."""

    def render(self, value):
        return format_share(value, decimal_pos=1)

    def value(self, value):
        return None if value is None else percentage(value, 1)


def _export_function(bound_column):
    """The function giving a column's export value from the cell value alone (the table's `value_<name>` or
    `render_<name>`, or the column's `value`; for a plain column its `render`), or None when it needs more."""
    if isinstance(bound_column.column, tables.ManyToManyColumn | BaseLinkColumn) or bound_column.link:
        return None
    function = bound_column.value
    if parameter_names(function) == ["value"]:
        return function
    if getattr(function, "__func__", None) is tables.Column.value and parameter_names(bound_column.render) == ["value"]:
        return bound_column.render
    return None


class ReportListData(TableListData):
    """Sorts selector rows with one key per column (empty values last) instead of django-tables2's
    comparison object, which is slow on thousands of rows; `ColumnRows` sort themselves without building a row."""

    def order_by(self, aliases):
        orders = []
        for alias in aliases:
            bound_column = self.table.columns[OrderBy(alias).bare]
            orders += bound_column.order_by.opposite if alias[0] != bound_column.order_by_alias[0] \
                else bound_column.order_by
        if isinstance(self.data, ColumnRows):
            fields = [(order.bare, order.is_descending) for order in orders]
            if self.data.has_fields(name for name, _descending in fields):
                self.data = self.data.sorted_by(fields)
                return
            self.data = list(self.data)
        for order in reversed(orders):
            accessor, descending = Accessor(order.bare), order.is_descending
            getter = attribute_getter(accessor)
            if getter is None or any(isinstance(record, dict | models.Model) for record in self.data[:1]):
                def getter(record, accessor=accessor):
                    return accessor.resolve(record, quiet=True)

            def key(record, getter=getter, descending=descending):
                value = getter(record)
                return (value is None) != descending, 0 if value is None else value

            self.data.sort(key=key, reverse=descending)


class ReportTable(BaseTable):
    """Base for report tables: caption, empty text, CSV/XLSX export links in the shared template. Columns with
    `visible=False` are left off the page so that it fits the screen, and are still in every export."""

    caption = ""
    export_formats = ("csv", "xlsx")
    export_name = "rapport"

    def __init__(self, data, *args, **kwargs):
        super().__init__(ReportListData(data if isinstance(data, ColumnRows) else list(data)), *args, **kwargs)

    def as_values(self, exclude_columns=None):
        """django-tables2's `Table.as_values()` (header row, then every row's `value()` per column, hidden columns
        included), with each column's accessor and value function looked up once per table instead of once per
        cell; columns it cannot do so for go through django-tables2 cell by cell."""
        exclude_columns = exclude_columns or ()
        columns = [column for column in self.columns.iterall()
                   if not (column.column.exclude_from_export or column.name in exclude_columns)]
        yield [force_str(column.header, strings_only=True) for column in columns]
        plans = [(column, attribute_getter(column.accessor), _export_function(column), column.column.empty_values)
                 for column in columns]
        for row in self.rows:
            record = row.record
            plain = not isinstance(record, dict | models.Model)
            values = []
            for column, getter, function, empty_values in plans:
                if plain and getter is not None and function is not None:
                    try:
                        value = getter(record)
                        if callable(value):
                            value = value()
                    except Exception:  # as django-tables2: a cell that cannot be resolved is empty
                        value = None
                    cell = None if value in empty_values else function(value=value)
                else:
                    cell = row.get_cell_value(column.name)
                values.append(force_str(cell, strings_only=True))
            yield values

    def has_hidden_columns(self) -> bool:
        return any(not column.visible for column in self.columns.iterall())

    class Meta(BaseTable.Meta):
        attrs = {"class": "table table-sm table-striped table-hover align-middle"}
        empty_text = _("No data for this selection.")
        orderable = True


class MunicipalityReachTable(ReportTable):
    caption = _("Reach per municipality")
    export_name = "bereik-per-gemeente"

    nis_code = tables.Column(verbose_name=_("NIS code"), visible=False)
    name = tables.Column(verbose_name=_("Municipality"))
    province = tables.Column(verbose_name=_("Province"))
    academies_planned = CountColumn(verbose_name=_("Academies (awards)"))
    awards = CountColumn(verbose_name=_("Awards"), visible=False)
    amount_share = EuroColumn(verbose_name=_("Amount (share of awards)"))
    reports_expected = CountColumn(verbose_name=_("Final reports expected"), visible=False)
    reports_received = CountColumn(verbose_name=_("Final reports received"))
    academies_confirmed = CountColumn(verbose_name=_("Academies (final reports)"), visible=False)
    participants = CountColumn(verbose_name=_("Participants"))
    boys = CountColumn(verbose_name=_("Boys"))
    girls = CountColumn(verbose_name=_("Girls"))
    other = CountColumn(verbose_name=_("Other/unspecified"))

    class Meta(ReportTable.Meta):
        order_by = ("province", "name")


class ProvinceReachTable(ReportTable):
    caption = _("Municipalities with at least one STEM-academy per province")
    export_name = "bereik-per-provincie"

    # Shares of the awards and the report counts are in the downloads ("all columns"), so the page fits 1366 px.
    province = tables.Column(verbose_name=_("Province"))
    municipality_count = CountColumn(verbose_name=_("Municipalities in the province"))
    planned_count = CountColumn(verbose_name=_("Reached (awards)"))
    planned_share = PercentColumn(verbose_name=_("Share (awards)"), visible=False)
    confirmed_count = CountColumn(verbose_name=_("Reached (final reports)"))
    confirmed_share = PercentColumn(verbose_name=_("Share (final reports)"))
    reports_expected = CountColumn(verbose_name=_("Final reports expected"), visible=False)
    reports_received = CountColumn(verbose_name=_("Final reports received"), visible=False)
    reports_with_participants = CountColumn(verbose_name=_("Received with participant count"))
    participants = CountColumn(verbose_name=_("Participants (at least)"))
    reports_with_split = CountColumn(verbose_name=_("Reports with gender split"), visible=False)
    pooled_boys_share = PercentColumn(verbose_name=_("Boys (pooled)"))
    pooled_girls_share = PercentColumn(verbose_name=_("Girls (pooled)"))
    confirmed_names = tables.Column(verbose_name=_("Municipalities reached (final reports)"),
                                    orderable=False, attrs={"td": {"class": "small"}}, visible=False)

    class Meta(ReportTable.Meta):
        orderable = False  # the row of counts not attributable to a municipality and Flanders stay last


class ParticipationTable(ReportTable):
    caption = _("Participants and gender per organisation type")
    export_name = "deelnemers-per-organisatietype"

    label = tables.Column(verbose_name=_("Organisation type"))
    reports_expected = CountColumn(verbose_name=_("Final reports expected"), visible=False)
    reports_received = CountColumn(verbose_name=_("Final reports received"))
    reports_with_participants = CountColumn(verbose_name=_("Received with participant count"))
    participants_at_least = CountColumn(verbose_name=_("Participants (at least)"))
    reports_with_split = CountColumn(verbose_name=_("Reports with gender split"), visible=False)
    pooled_boys_share = PercentColumn(verbose_name=_("Boys (pooled)"))
    pooled_girls_share = PercentColumn(verbose_name=_("Girls (pooled)"))
    mean_boys_share = PercentColumn(verbose_name=_("Boys (mean of academies)"), visible=False)
    mean_girls_share = PercentColumn(verbose_name=_("Girls (mean of academies)"), visible=False)


class MoneyTable(ReportTable):
    caption = _("Awards per call")
    export_name = "middelen-per-oproep"

    year = YearColumn(verbose_name=_("Year"))
    title = tables.Column(verbose_name=_("Call"))
    kind_label = tables.Column(verbose_name=_("Kind"))
    award_count = CountColumn(verbose_name=_("Awards"))
    awarded = EuroColumn(verbose_name=_("Amount awarded"))
    budget = EuroColumn(verbose_name=_("Call budget"))
    remainder = EuroColumn(verbose_name=_("Remainder"))


class TrendTable(ReportTable):
    caption = _("Overview per year")
    export_name = "evolutie-per-jaar"

    year = YearColumn(verbose_name=_("Year"))
    municipalities_planned = CountColumn(verbose_name=_("Municipalities (awards)"))
    municipalities_confirmed = CountColumn(verbose_name=_("Municipalities (final reports)"))
    academies_recognised = CountColumn(verbose_name=_("Academies recognised"), visible=False)
    academies_funded = CountColumn(verbose_name=_("Academies funded"))
    awards = CountColumn(verbose_name=_("Awards"))
    amount_awarded = EuroColumn(verbose_name=_("Amount awarded"))
    reports_received = CountColumn(verbose_name=_("Final reports received"))
    reports_with_participants = CountColumn(verbose_name=_("Received with participant count"), visible=False)
    participants_at_least = CountColumn(verbose_name=_("Participants (at least)"))
    events = CountColumn(verbose_name=_("UiT events"))
    events_labelled = CountColumn(verbose_name=_("with STEM-academie label"), visible=False)
    events_unlabelled = CountColumn(verbose_name=_("without label"), visible=False)


class MoneyYearTable(BaseTable):
    """Per year (`reports.selectors.money`): awards, amount awarded and the calls' budget (empty for a year
    without calls) and the year budget reserved, with its note."""

    caption = _("Per year: awarded and reserved")
    year = YearColumn(verbose_name=_("Year"))
    award_count = CountColumn(verbose_name=_("Awards"))
    awarded = EuroColumn(verbose_name=_("Amount awarded"))
    calls_budget = EuroColumn(verbose_name=_("Budget of the calls"))
    reserved = EuroColumn(verbose_name=_("Year budget reserved"))

    def render_awarded(self, record, value):
        return self.columns["awarded"].column.render(value) if record.calls else ""

    def render_calls_budget(self, record, value):
        return self.columns["calls_budget"].column.render(value) if record.calls else ""

    def render_reserved(self, record, value):
        amount = self.columns["reserved"].column.render(value)
        if not record.budget_note:
            return amount
        return format_html('{} <span class="small text-muted">({})</span>', amount, record.budget_note)

    class Meta(BaseTable.Meta):
        attrs = {"class": "table table-sm w-auto"}
        empty_text = _("No data for this selection.")


class PaymentsOverviewTable(BaseTable):
    """`reports.selectors.payments.payments_overview`: a row per call, then the year's total in bold."""

    caption = _("Per year and per call")
    year = YearColumn(verbose_name=_("Year"))
    call = tables.Column(empty_values=(), verbose_name=_("Call"))
    awarded = EuroColumn(verbose_name=_("Awarded"))
    settled = EuroColumn(verbose_name=_("Settled"))
    released = EuroColumn(verbose_name=_("Released"))
    not_settled = EuroColumn(verbose_name=_("Not yet settled"))
    paid = EuroColumn(verbose_name=_("Paid"))
    still_to_pay = EuroColumn(verbose_name=_("Still to pay"))
    to_recover = EuroColumn(verbose_name=_("To recover"))

    def __init__(self, overview, **kwargs):
        rows = [row for year in overview.years for row in (*year.calls, year)]
        super().__init__(rows, **kwargs)

    def render_call(self, record):
        if isinstance(record, YearPayments):
            return _("Total of the year")
        return format_html('{} <span class="small text-muted">({})</span>', record.title, record.kind_label)

    class Meta(BaseTable.Meta):
        attrs = {"class": "table table-sm", "id": "payments-overview"}
        row_attrs = {"class": lambda record: "fw-bold" if isinstance(record, YearPayments) else ""}
        empty_text = _("No data for this selection.")


class FrozenAnswerTable(BaseTable):
    frozen_at = DayTimeColumn(verbose_name=_("Frozen at"))
    frozen_by_name = tables.Column(verbose_name=_("Frozen by"))
    content_hash = tables.Column(verbose_name=_("Content hash (SHA-256)"))
    downloads = tables.Column(empty_values=(), accessor="pk", verbose_name=_("Downloads"))

    def __init__(self, data, *, year: int, **kwargs):
        super().__init__(data, **kwargs)
        self.caption = _("Frozen answers %(year)s") % {"year": year}

    def render_content_hash(self, value):
        return format_html('<code class="text-break">{}</code>', value)

    def render_downloads(self, value):
        return format_html('<a href="{}">DOCX</a> · <a href="{}">PDF</a> · <a href="{}">{}</a>',
                           reverse("reports:frozen-answer-download", args=[value, "docx"]),
                           reverse("reports:frozen-answer-download", args=[value, "pdf"]),
                           reverse("reports:frozen-answer-compare", args=[value]), _("Compare with today"))

    class Meta(BaseTable.Meta):
        attrs = {"class": "table table-sm", "id": "frozen-answers"}
        empty_text = _("No answer for this year has been frozen yet.")


class ReachTotalsTable(BaseTable):
    """The totals under the municipalities: the rows the exports end with (`reports.views.summary_rows`)."""

    caption = _("Totals, including counts not attributable to a municipality")
    name = tables.Column(verbose_name=_("Municipality"))
    participants = CountColumn(verbose_name=_("Participants"))
    boys = CountColumn(verbose_name=_("Boys"))
    girls = CountColumn(verbose_name=_("Girls"))
    other = CountColumn(verbose_name=_("Other/unspecified"))

    class Meta(BaseTable.Meta):
        attrs = {"class": "table table-sm w-auto", "id": "reach-totals"}
        row_attrs = {"class": lambda record: "row-unattributed"
                     if str(record["name"]) == str(_("Not attributable to a municipality")) else ""}
