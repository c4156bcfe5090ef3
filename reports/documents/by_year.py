"""Annex "gemeenten per jaar": one row per municipality, one column per year since the programme start, built from
`reach_by_municipality` per year (on each year's own municipalities, or mapped to today's)."""

from django.utils.translation import gettext as _

from academies.belgian import format_count
from reports import selectors
from reports.documents.table import Table
from reports.selectors import stored


def first_year() -> int | None:
    years = selectors.report_years()
    return min(years) if years else None


def year_cell(row) -> str:
    if not (row.planned or row.confirmed):
        return ""
    status = _("confirmed") if row.confirmed else _("planned")
    if row.participants is not None:
        return f"{status} · {format_count(row.participants)}"
    return status


def municipalities_by_year(*, last_year: int, today: bool):
    """A `Table` (header: municipality, NIS code, province, one column per year) of the municipalities reached in
    at least one year from the first call year to `last_year`. Cells: planned / confirmed and participants. Stored
    while the data of those years is unchanged (`reports.selectors.stored`)."""
    start = first_year() or last_year
    basis = selectors.current_year() if today else None
    return stored("municipalities_by_year", _municipalities_by_year, years=range(start, last_year + 1), start=start,
                  last_year=last_year, basis=basis)


def _municipalities_by_year(*, start: int, last_year: int, basis: int | None):
    years = list(range(start, last_year + 1))
    rows: dict[str, list] = {}
    for index, year in enumerate(years):
        for row in selectors.reach_by_municipality(year=year, basis_year=basis).rows:
            cell = year_cell(row)
            if not cell and row.nis_code not in rows:
                continue
            entry = rows.setdefault(row.nis_code, [row.name, row.nis_code, row.province, *[""] * len(years)])
            entry[3 + index] = cell
    ordered = sorted(rows.values(), key=lambda entry: (entry[2], entry[0]))
    return Table(header=[_("Municipality"), _("NIS code"), _("Province"), *[str(year) for year in years]],
                 rows=ordered)
