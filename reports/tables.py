"""django-tables2 tables of the report pages. Cells render Belgian formatting; exports get raw numbers
(`value()`, through `Table.as_values()`), so CSV and XLSX carry the same figures as the page."""

import inspect
from operator import attrgetter

import django_tables2 as tables
from django.db import models
from django.utils import formats
from django.utils.encoding import force_str
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext_lazy as _
from django_tables2.columns.linkcolumn import BaseLinkColumn
from django_tables2.data import TableListData
from django_tables2.utils import Accessor, OrderBy

from academies.belgian import format_count, format_euro, percentage
from reports.selectors.base import ColumnRows
from reports.templatetags.reports_formatting import format_share

NUMERIC = {"th": {"class": "num"}, "td": {"class": "num"}, "tf": {"class": "num"}}


class CountColumn(tables.Column):
    """A count: Belgian grouping on the page; empty (never 0) when not reported."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", NUMERIC)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def render(self, value):
        return format_count(value)

    def value(self, value):
        return value


class EuroColumn(CountColumn):
    def render(self, value):
        return format_euro(value)

    def value(self, value):
        return value


class PercentColumn(CountColumn):
    def render(self, value):
        return format_share(value, decimal_pos=1)

    def value(self, value):
        return None if value is None else percentage(value, 1)


class YearColumn(tables.Column):
    """A year, never with a thousands separator."""

    def render(self, value):
        return str(value)

    def value(self, value):
        return value


def _simple_getter(accessor: Accessor):
    """A fast getter for a plain attribute accessor (no `__`/`.` path), or None."""
    if accessor.SEPARATOR in accessor or "." in accessor:
        return None
    return attrgetter(str(accessor))


def _renders_value_only(bound_column) -> bool:
    """True when the column's render (or the table's `render_<name>`) takes only `value`."""
    return _parameters(bound_column.render) == ["value"]


def _export_function(bound_column):
    """The function giving a column's export value from the cell value alone (the table's `value_<name>` or
    `render_<name>`, or the column's `value`; for a plain column its `render`), or None when it needs more."""
    if isinstance(bound_column.column, tables.ManyToManyColumn | BaseLinkColumn) or bound_column.link:
        return None
    function = bound_column.value
    if _parameters(function) == ["value"]:
        return function
    if getattr(function, "__func__", None) is tables.Column.value and _parameters(bound_column.render) == ["value"]:
        return bound_column.render
    return None


def _parameters(function) -> list[str] | None:
    try:
        return list(inspect.signature(function).parameters)
    except (TypeError, ValueError):
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
            getter = _simple_getter(accessor)
            if getter is None or any(isinstance(record, dict | models.Model) for record in self.data[:1]):
                def getter(record, accessor=accessor):
                    return accessor.resolve(record, quiet=True)

            def key(record, getter=getter, descending=descending):
                value = getter(record)
                return (value is None) != descending, 0 if value is None else value

            self.data.sort(key=key, reverse=descending)


def cell_html(value, localize: bool | None) -> str:
    """A cell as `{{ cell }}` (`localize` None), `{{ cell|localize }}` or `{{ cell|unlocalize }}` renders it in
    `includes/table.html`."""
    if localize is None:
        value = formats.localize(template_localtime(value))
    else:
        value = str(formats.localize(value, use_l10n=localize))
    return conditional_escape(value if isinstance(value, str) else str(value))


class ReportTable(tables.Table):
    """Base for report tables: caption, empty text, CSV/XLSX export links in the shared template. Columns with
    `visible=False` are left off the page so that it fits the screen, and are still in every export."""

    caption = ""
    export_formats = ("csv", "xlsx")
    export_name = "rapport"

    def __init__(self, data, *args, **kwargs):
        super().__init__(ReportListData(data if isinstance(data, ColumnRows) else list(data)), *args, **kwargs)

    def body_rows(self):
        """The rows of the current page for `includes/table.html`: (row attributes, [(cell attributes, cell,
        localize)]) with the same cells as django-tables2's `BoundRow.items()`, but the render function, cell
        attributes and accessor of each column are looked up once per table instead of once per cell."""
        plans = []
        for bound_column in self.columns:
            column = bound_column.column
            td_attrs = column.attrs.get("td", column.attrs.get("cell", {})) if column.attrs else {}
            fast = (not bound_column.link and _renders_value_only(bound_column)
                    and not isinstance(column, tables.ManyToManyColumn)
                    and not any(callable(value) for value in td_attrs.values()))
            getter = _simple_getter(bound_column.accessor) if fast else None
            plans.append((bound_column, getter, bound_column.render, column.empty_values, bound_column.default,
                          bound_column.attrs["td"].as_html() if fast else None, column.localize))
        labels = [escape(str(bound_column.header)) for bound_column in self.columns]
        rows = []
        for row in self.paginated_rows:
            record = row.record
            plain = not isinstance(record, dict | models.Model)
            cells = []
            for (bound_column, getter, render, empty_values, default, td_html, localize), label in zip(
                    plans, labels, strict=True):
                if getter is not None and plain:
                    try:
                        value = getter(record)
                        if callable(value):
                            value = value()
                    except Exception:  # as django-tables2: a cell that cannot be resolved shows the default
                        value = None
                    cell = default if value in empty_values else render(value=value)
                else:
                    cell = row.get_cell(bound_column.name)
                if td_html is None:
                    bound_column.current_value, bound_column.current_record = cell, record
                    cell_html = bound_column.attrs["td"].as_html()
                else:
                    cell_html = td_html
                cells.append((mark_safe(f'{cell_html} data-label="{label}"'), cell, localize))
            rows.append((row.attrs.as_html(), cells))
        return rows

    def body_html(self) -> str:
        """The rows of `body_rows()` as the loop in `includes/table.html` renders them (the first cell a row header;
        each cell localized as a template variable or with its column's `localize`, then escaped), built in Python:
        the template loop costs about a millisecond per row. Empty when there are no rows (the template then shows
        its empty state)."""
        parts = []
        for row_attrs, cells in self.body_rows():
            parts.append(f"<tr {row_attrs}>")
            for index, (cell_attrs, cell, localize) in enumerate(cells):
                tag, scope = ("th", ' scope="row"') if index == 0 else ("td", "")
                parts.append(f"<{tag} {cell_attrs}{scope}>{cell_html(cell, localize)}</{tag}>")
            parts.append("</tr>")
        return mark_safe("\n".join(parts))  # noqa: S308 - attributes from django-tables2, every cell escaped

    def as_values(self, exclude_columns=None):
        """django-tables2's `Table.as_values()` (header row, then every row's `value()` per column, hidden columns
        included), with each column's accessor and value function looked up once per table instead of once per
        cell; columns it cannot do so for go through django-tables2 cell by cell."""
        exclude_columns = exclude_columns or ()
        columns = [column for column in self.columns.iterall()
                   if not (column.column.exclude_from_export or column.name in exclude_columns)]
        yield [force_str(column.header, strings_only=True) for column in columns]
        plans = [(column, _simple_getter(column.accessor), _export_function(column), column.column.empty_values)
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

    class Meta:
        attrs = {"class": "table table-sm table-striped table-hover align-middle"}
        empty_text = _("No data for this selection.")
        template_name = "includes/table.html"


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
