"""The stored layer, applied here and nowhere else: each figure that every page, export, map, document and the API
reads is its live function (`reports.selectors.live`) stored per year by `reports.selectors.storage`. Same arguments,
same results; the live functions stay the reference (tests/reports/test_stored_figures.py compares both after
random writes). A `patch` brings a stored result up to date after writes to final reports and their lines only
(`storage.changed_municipalities`). Import these from `reports.selectors`."""

from reports.selectors.base import programme_start_year
from reports.selectors.live.money import live_money
from reports.selectors.live.municipalities import live_reach_by_municipality, recount_reach_by_municipality
from reports.selectors.live.participation import live_participation
from reports.selectors.live.reach import live_reach_by_province
from reports.selectors.live.trend import TrendYear, award_years, live_trend, trend_last_year
from reports.selectors.storage import EVERY_YEAR, stored, stored_figure, stored_per_year


def _the_year(*, year: int, **_arguments) -> list[int]:
    return [year]


def _year_and_next(*, year: int | None, **_arguments) -> list[int] | None:
    """A year's money reads that year and the next (its reserved budget); all years depend on every year."""
    return EVERY_YEAR if year is None else [year, year + 1]


def _every_year(**_arguments) -> None:
    return EVERY_YEAR


def _unchanged_by_final_reports(previous, _municipalities: set[str], **_arguments):
    """The patch of a figure that final reports and their lines do not move (which years have awards, the last
    year of the trend): the stored result stays true after such writes."""
    return previous


reach_by_province = stored_figure("reach_by_province", years=_the_year)(live_reach_by_province)
reach_by_municipality = stored_figure("reach_by_municipality", years=_the_year,
                                      patch=recount_reach_by_municipality)(live_reach_by_municipality)
participation = stored_figure("participation", years=_the_year)(live_participation)
money = stored_figure("money", years=_year_and_next)(live_money)
years_with_data = stored_figure("years_with_data", years=_every_year,
                                patch=_unchanged_by_final_reports)(award_years)


def _trend_by_year(**arguments) -> dict:
    return {row.year: row for row in trend.live(**arguments)}


def _trend_last_year(*, programme_start: int, **arguments) -> int | None:
    """`trend_last_year`, stored under the programme start it was computed with (a setting)."""
    return trend_last_year(**arguments)


def trend(*, basis_year: int | None = None, call_kind: str | None = None, organisation_type: str | None = None,
          until_year: int | None = None) -> list[TrendYear]:
    """`live_trend` with each year stored apart: a write to one year recomputes that year only. Which years it
    covers (up to the last year with data) is stored too, depending on every year."""
    first_year = programme_start_year()
    last_year = until_year
    if last_year is None:
        last_year = stored("trend_last_year", _trend_last_year, years=EVERY_YEAR, patch=_unchanged_by_final_reports,
                           call_kind=call_kind, organisation_type=organisation_type, programme_start=first_year)
    if last_year is None or last_year < first_year:
        return []
    return stored_per_year("trend_year", _trend_by_year, years=range(first_year, last_year + 1),
                           basis_year=basis_year, call_kind=call_kind, organisation_type=organisation_type)


trend.live = live_trend
