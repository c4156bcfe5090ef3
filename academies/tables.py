"""The one base of every django-tables2 table of the project (portal, staff, payments, questions, assessments,
reports) and its one money, count, date and moment column: Belgian formatting on the page, raw values in exports
(`value()`). Every table renders through the one template `includes/table.html`; on a phone (`.table-stack`) each row
becomes a block whose cells carry their column header (`data-label`)."""

import inspect
from operator import attrgetter

import django_tables2 as tables
from django.db import models
from django.utils import formats
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from django_tables2.utils import Accessor

from academies.belgian import format_count, format_date, format_datetime, format_euro

NUMERIC = {"th": {"class": "num"}, "td": {"class": "num"}, "tf": {"class": "num"}}


class CountColumn(tables.Column):
    """A count: Belgian grouping on the page (37.376); empty (never 0) when not reported."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", NUMERIC)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def render(self, value):
        return format_count(value)

    def value(self, value):
        return value


class EuroColumn(CountColumn):
    """An amount: € 464.500,00 on the page, the Decimal in exports."""

    def render(self, value):
        return format_euro(value)


class DayColumn(tables.Column):
    """A date as 04/05/2022 (`academies.belgian.format_date`)."""

    def render(self, value):
        return format_date(value)


class DayTimeColumn(tables.Column):
    """A moment as 04/05/2022 09:30, Brussels time (`academies.belgian.format_datetime`)."""

    def render(self, value):
        return format_datetime(value)


class YearColumn(tables.Column):
    """A year, never with a thousands separator."""

    def render(self, value):
        return str(value)

    def value(self, value):
        return value


def attribute_getter(accessor: Accessor):
    """A fast getter for a plain attribute accessor (no `__`/`.` path), or None."""
    if accessor.SEPARATOR in accessor or "." in accessor:
        return None
    return attrgetter(str(accessor))


def _renders_value_only(bound_column) -> bool:
    """True when the column's render (or the table's `render_<name>`) takes only `value`."""
    return parameter_names(bound_column.render) == ["value"]


def parameter_names(function) -> list[str] | None:
    try:
        return list(inspect.signature(function).parameters)
    except (TypeError, ValueError):
        return None


def cell_html(value, localize: bool | None) -> str:
    """A cell as `{{ cell }}` (`localize` None), `{{ cell|localize }}` or `{{ cell|unlocalize }}` renders it in
    `includes/table.html`."""
    if localize is None:
        value = formats.localize(template_localtime(value))
    else:
        value = str(formats.localize(value, use_l10n=localize))
    return conditional_escape(value if isinstance(value, str) else str(value))


class BaseTable(tables.Table):
    """The base of every table: a caption, no export links unless a table names `export_formats`, not sortable
    unless it says so, stacked rows on phones; rows built once per table (`body_rows`, `body_html`)."""

    caption = ""
    export_formats = ()

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
            getter = attribute_getter(bound_column.accessor) if fast else None
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

    class Meta:
        attrs = {"class": "table table-sm table-stack align-middle"}
        template_name = "includes/table.html"
        orderable = False
