"""The report figures as every page, export, map, document and the API read them: the live selectors of `reach`,
`participation`, `money` and `trend`, stored per year (`reports.selectors.stored`). Same arguments, same results;
the live functions stay the reference (tests/reports/test_stored_figures.py compares both after random writes)."""

from reports.selectors.base import programme_start_year
from reports.selectors.money import YearMoney
from reports.selectors.money import money as live_money
from reports.selectors.participation import ParticipationReport
from reports.selectors.participation import participation as live_participation
from reports.selectors.reach import ReachByMunicipality, ReachByProvince
from reports.selectors.reach import reach_by_municipality as live_reach_by_municipality
from reports.selectors.reach import reach_by_province as live_reach_by_province
from reports.selectors.stored import EVERY_YEAR, stored, stored_per_year
from reports.selectors.trend import TrendYear, trend_last_year
from reports.selectors.trend import trend as live_trend


def reach_by_province(*, year: int, basis_year: int | None = None, call_kind: str | None = None,
                      organisation_type: str | None = None) -> ReachByProvince:
    return stored("reach_by_province", live_reach_by_province, years=[year], year=year, basis_year=basis_year,
                  call_kind=call_kind, organisation_type=organisation_type)


def reach_by_municipality(*, year: int, basis_year: int | None = None, province: str | None = None,
                          call_kind: str | None = None, organisation_type: str | None = None,
                          ) -> ReachByMunicipality:
    return stored("reach_by_municipality", live_reach_by_municipality, years=[year], year=year,
                  basis_year=basis_year, province=province, call_kind=call_kind, organisation_type=organisation_type)


def participation(*, year: int, call_kind: str | None = None, organisation_type: str | None = None,
                  ) -> ParticipationReport:
    return stored("participation", live_participation, years=[year], year=year, call_kind=call_kind,
                  organisation_type=organisation_type)


def money(*, year: int | None = None, call_kind: str | None = None) -> list[YearMoney]:
    """A year's money reads that year and the next (its reserved budget); all years depend on every year."""
    years = EVERY_YEAR if year is None else [year, year + 1]
    return stored("money", live_money, years=years, year=year, call_kind=call_kind)


def _trend_by_year(**arguments) -> dict:
    return {row.year: row for row in live_trend(**arguments)}


def _trend_last_year(*, programme_start: int, **arguments) -> int | None:
    """`trend_last_year`, stored under the programme start it was computed with (a setting)."""
    return trend_last_year(**arguments)


def trend(*, basis_year: int | None = None, call_kind: str | None = None, organisation_type: str | None = None,
          until_year: int | None = None) -> list[TrendYear]:
    """The trend with each year stored apart: a write to one year recomputes that year only. Which years it
    covers (up to the last year with data) is stored too, depending on every year."""
    first_year = programme_start_year()
    last_year = until_year
    if last_year is None:
        last_year = stored("trend_last_year", _trend_last_year, years=EVERY_YEAR, call_kind=call_kind,
                           organisation_type=organisation_type, programme_start=first_year)
    if last_year is None or last_year < first_year:
        return []
    return stored_per_year("trend_year", _trend_by_year, years=range(first_year, last_year + 1),
                           basis_year=basis_year, call_kind=call_kind, organisation_type=organisation_type)
