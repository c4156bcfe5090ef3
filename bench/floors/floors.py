"""The floors: the figures of each report page computed by hand-written SQL, normalised to plain tuples."""

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.conf import settings
from django.db import connection

from academies.models import year_bounds
from bench.floors.sql import (
    BOUNDARIES_SQL,
    EXPECTED_SQL,
    MONEY_BUDGETS_SQL,
    MONEY_CALLS_SQL,
    MUNICIPALITY_FUNDED_SQL,
    MUNICIPALITY_LINES_SQL,
    MUNICIPALITY_LIST_SQL,
    PARTICIPATION_SQL,
    PROVINCE_COUNTS_SQL,
    PROVINCE_REPORTS_SQL,
    PROVINCE_SQL,
    TREND_AWARDS_SQL,
    TREND_CONFIRMED_MAPPED_SQL,
    TREND_CONFIRMED_SQL,
    TREND_EVENTS_SQL,
    TREND_PLANNED_MAPPED_SQL,
    TREND_PLANNED_SQL,
    TREND_RECOGNISED_SQL,
    TREND_REPORTS_SQL,
    UNATTRIBUTED_SQL,
)
from reports.maps import classify, legend
from reports.selectors import cents

SHARE = Decimal("0.00000001")


def rounded(value) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    return Decimal(value).quantize(SHARE, rounding=ROUND_HALF_UP)


def money(value) -> Decimal | None:
    return None if value is None else cents(value)


def fetch(sql: str, params: dict | list = ()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


# --- floors: the figures computed by hand -----------------------------------------------------------------------


def _year_params(year: int, province: str | None = None) -> dict:
    first, last = year_bounds(year)
    return {"year": year, "first": first, "last": last, "province": province}


def province_floor(*, year: int) -> dict:
    """Per province (and "unattributed", "total"): municipalities, planned, confirmed; participants, boys, girls,
    other; reports expected, received, with participants, with a split."""
    params = _year_params(year)
    reach = {code: [count, planned, confirmed] for code, count, planned, confirmed in fetch(PROVINCE_SQL, params)}
    reach["total"] = [sum(values) for values in zip(*reach.values(), strict=True)]
    reach["unattributed"] = [None, None, None]
    counts = {key: [None, 0, 0, 0] for key in reach}
    covered = {key: [0, 0] for key in reach}
    for is_total, code, participants, boys, girls, other, counted, split in fetch(PROVINCE_COUNTS_SQL, params):
        key = "total" if is_total else (code or "unattributed")
        counts[key] = [participants, boys, girls, other]
        covered[key] = [counted, split]
    reports = {key: [0, 0] for key in reach}
    reports["unattributed"] = [None, None]
    for code, expected, received in fetch(PROVINCE_REPORTS_SQL, params):
        reports[code or "total"] = [expected, received]
    return {key: (*reach[key], *counts[key], *reports[key], *covered[key]) for key in reach}


def municipality_floor(*, year: int, province: str | None = None) -> dict:
    params = _year_params(year, province)
    rows = {code: [0, 0, 0, Decimal(0), 0, None, None, None, None]
            for (code,) in fetch(MUNICIPALITY_LIST_SQL, params)}
    for code, awards, academies, received, amount in fetch(MUNICIPALITY_FUNDED_SQL, params):
        rows[code][0:4] = [awards, academies, received, amount]
    for code, academies, participants, boys, girls, other in fetch(MUNICIPALITY_LINES_SQL, params):
        rows[code][4:] = [academies, participants, boys, girls, other]
    figures = {code: (*row[:3], money(row[3]), *row[4:]) for code, row in rows.items()}
    if not province:
        figures["unattributed"] = tuple(fetch(UNATTRIBUTED_SQL, params)[0])
    return figures


def participation_floor(*, year: int) -> dict:
    params = _year_params(year)
    expected = dict(fetch(EXPECTED_SQL, params))
    groups: dict[str, list] = {kind: [count, 0, 0, None, None, 0, 0, 0, 0, 0, Decimal(0), Decimal(0), Decimal(0)]
                               for kind, count in expected.items()}
    for kind, *values in fetch(PARTICIPATION_SQL, params):
        groups[kind] = [expected.get(kind, 0), *values]
    total = [0, 0, 0, None, None, 0, 0, 0, 0, 0, Decimal(0), Decimal(0), Decimal(0)]
    for values in groups.values():
        for index, value in enumerate(values):
            if value is not None:
                total[index] = (total[index] or 0) + value

    def figures(values: list) -> tuple:
        counts = [value or 0 if index in (6, 7, 8) else value for index, value in enumerate(values[:10])]
        academies = values[9]
        means = [rounded(Decimal(value or 0) / academies) if academies else None for value in values[10:]]
        return (*counts, *means)

    result = {kind: figures(values) for kind, values in groups.items()}
    result["total"] = figures(total)
    return result


def money_floor(*, year: int | None) -> dict:
    params = {"year": year}
    figures = {(call_year, code): (count, academies, money(awarded), money(budget))
               for call_year, code, count, academies, awarded, budget in fetch(MONEY_CALLS_SQL, params)}
    figures.update({("reserved", budget_year): money(amount)
                    for budget_year, amount in fetch(MONEY_BUDGETS_SQL, params)})
    return figures


def trend_floor(*, basis_year: int | None = None, until_year: int | None = None) -> dict:
    """Per year from settings.PROGRAMME_START_YEAR to `until_year` (default: the last year with awards or
    dated events)."""
    years: dict[int, list] = defaultdict(lambda: [0, 0, 0, 0, 0, Decimal(0), 0, 0, None, None, None, None])
    for year, awards, academies, amount in fetch(TREND_AWARDS_SQL):
        years[year][3:6] = [academies, awards, amount]
    if basis_year is None:
        planned, confirmed, params = TREND_PLANNED_SQL, TREND_CONFIRMED_SQL, {}
    else:
        planned, confirmed = TREND_PLANNED_MAPPED_SQL, TREND_CONFIRMED_MAPPED_SQL
        params = {"basis_first": year_bounds(basis_year)[0]}
    for year, count in fetch(planned, params):
        years[year][0] = count
    for year, count, participants in fetch(confirmed, params):
        years[year][1], years[year][8] = count, participants
    for year, received, with_count, unattributed in fetch(TREND_REPORTS_SQL):
        years[year][6:8] = [received, with_count]
        years[year][9] = unattributed
    events = {year: (total, labelled) for year, total, labelled in fetch(TREND_EVENTS_SQL)}
    first_year = settings.PROGRAMME_START_YEAR
    last_year = until_year
    if last_year is None:
        last_year = max((year for year in [*years, *events] if year >= first_year), default=None)
    if last_year is None or last_year < first_year:
        return {}
    recognised = dict(fetch(TREND_RECOGNISED_SQL, {"first_year": first_year, "last_year": last_year}))
    for year in range(first_year, last_year + 1):
        row = years[year]
        row[2] = recognised[year]
        if year in events:
            row[10:12] = events[year]
    return {year: (*row[:5], money(row[5]), *row[6:]) for year, row in sorted(years.items())
            if first_year <= year <= last_year}


def map_floor(*, year: int, measure: str, province: str | None = None) -> dict:
    classes = {}
    entries = {entry.css_class: entry for entry in legend(measure)}
    drawn = {code for code, _path in fetch(BOUNDARIES_SQL, _year_params(year, province))}
    for code, row in municipality_floor(year=year, province=province).items():
        if code not in drawn:
            continue
        awards, academies_planned, _received, _amount, academies_confirmed, participants = row[:6]
        value = {"planned": awards > 0, "confirmed": academies_confirmed > 0,
                 "academies": academies_planned}.get(measure)
        if measure == "participants":
            value = participants if participants is not None else (None if academies_confirmed else 0)
        elif measure == "events":
            raise NotImplementedError("no floor for the events map")
        classes[code] = classify(measure, value, entries).css_class
    return classes
