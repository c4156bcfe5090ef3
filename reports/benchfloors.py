"""The benchmark's floors: for every report page, hand-written SQL (PostgreSQL) computing the figures the page
shows, and the same figures read from the page's own rendering context, so `bench_reports` can time the floor and
check that it agrees with the page.

A floor is a list of statements with the fewest joins that give the figures; it is the live computation done by
hand, not an upper bound of what stored figures could reach. Figures are normalised to plain tuples: counts, money
in cents, shares rounded to 8 places. Only the unfiltered pages (no call kind or organisation type) have floors;
that is what the benchmark requests.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.conf import settings
from django.db import connection
from django.utils import translation

from academies.models import OrganisationType, year_bounds
from reports.maps import classify, legend
from reports.selectors import cents

SHARE = Decimal("0.00000001")
RECEIVED = "('submitted', 'accepted')"
AWARDS_OF_CALLS = ("grants_award a JOIN grants_application ap ON ap.id = a.application_id "
                   "JOIN grants_call c ON c.id = ap.call_id")


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


# --- the SQL ------------------------------------------------------------------------------------------------------

MUNICIPALITIES_OF_YEAR = """
SELECT m.nis_code, m.province_id FROM academies_municipality m
WHERE (m.valid_from IS NULL OR m.valid_from <= %(last)s) AND (m.valid_to IS NULL OR m.valid_to >= %(first)s)
"""

PROVINCE_SQL = f"""
SELECT m.province_id, COUNT(*), COUNT(planned.municipality_id), COUNT(confirmed.municipality_id)
FROM ({MUNICIPALITIES_OF_YEAR}) m
LEFT JOIN (SELECT DISTINCT fm.municipality_id FROM grants_award_funded_municipalities fm
           JOIN {AWARDS_OF_CALLS} ON a.id = fm.award_id WHERE c.year = %(year)s) planned
       ON planned.municipality_id = m.nis_code
LEFT JOIN (SELECT DISTINCT l.municipality_id FROM grants_finalreportline l
           JOIN grants_finalreport r ON r.id = l.report_id JOIN {AWARDS_OF_CALLS} ON a.id = r.award_id
           WHERE c.year = %(year)s AND r.status IN {RECEIVED}) confirmed
       ON confirmed.municipality_id = m.nis_code
GROUP BY m.province_id
"""

# Children and gender per province from the lines of received reports in a municipality of the year; the
# reports' unattributed totals as the row '' ; the empty grouping set is Flanders (lines and unattributed together).
PROVINCE_COUNTS_SQL = f"""
WITH year_reports AS (
    SELECT r.* FROM grants_finalreport r JOIN {AWARDS_OF_CALLS} ON a.id = r.award_id
    WHERE c.year = %(year)s AND r.status IN {RECEIVED}
), counts AS (
    SELECT yr.id AS report_id, m.province_id, l.participants, l.boys, l.girls, l.other
    FROM grants_finalreportline l JOIN year_reports yr ON yr.id = l.report_id
    JOIN ({MUNICIPALITIES_OF_YEAR}) m ON m.nis_code = l.municipality_id
    UNION ALL
    SELECT id, '', unattributed_participants, unattributed_boys, unattributed_girls, unattributed_other
    FROM year_reports
), split AS (
    SELECT *, COALESCE(boys, 0) + COALESCE(girls, 0) + COALESCE(other, 0) > 0 AS has_split FROM counts
)
SELECT GROUPING(province_id) = 1, province_id, SUM(participants),
       COALESCE(SUM(boys) FILTER (WHERE has_split), 0), COALESCE(SUM(girls) FILTER (WHERE has_split), 0),
       COALESCE(SUM(other) FILTER (WHERE has_split), 0),
       COUNT(DISTINCT report_id) FILTER (WHERE participants IS NOT NULL),
       COUNT(DISTINCT report_id) FILTER (WHERE has_split)
FROM split GROUP BY GROUPING SETS ((province_id), ())
"""

# Per province the awards funding one of its municipalities or with a received report line there, and their
# received reports; the empty grouping set is every award of the year.
PROVINCE_REPORTS_SQL = f"""
WITH year_awards AS (
    SELECT a.id, r.id AS report_id, r.status IN {RECEIVED} AS received
    FROM {AWARDS_OF_CALLS} LEFT JOIN grants_finalreport r ON r.award_id = a.id WHERE c.year = %(year)s
), placed AS (
    SELECT ya.id, ya.report_id, ya.received, m.province_id FROM year_awards ya
    JOIN grants_award_funded_municipalities fm ON fm.award_id = ya.id
    JOIN ({MUNICIPALITIES_OF_YEAR}) m ON m.nis_code = fm.municipality_id
    UNION ALL
    SELECT ya.id, ya.report_id, true, m.province_id FROM year_awards ya
    JOIN grants_finalreportline l ON l.report_id = ya.report_id
    JOIN ({MUNICIPALITIES_OF_YEAR}) m ON m.nis_code = l.municipality_id WHERE ya.received
)
SELECT province_id, COUNT(DISTINCT id), COUNT(DISTINCT report_id) FILTER (WHERE received) FROM placed
GROUP BY province_id
UNION ALL
SELECT NULL, COUNT(*), COUNT(*) FILTER (WHERE received) FROM year_awards
"""

# Each award's amount divided over its municipalities, with one count per award (not one per pair).
MUNICIPALITY_FUNDED_SQL = f"""
WITH year_awards AS (
    SELECT a.id, a.amount, ap.academy_id, r.status IN {RECEIVED} AS received
    FROM {AWARDS_OF_CALLS} LEFT JOIN grants_finalreport r ON r.award_id = a.id WHERE c.year = %(year)s
), funded AS (
    SELECT fm.award_id, fm.municipality_id FROM grants_award_funded_municipalities fm
    JOIN year_awards ya ON ya.id = fm.award_id
), per_award AS (SELECT award_id, COUNT(*) AS n FROM funded GROUP BY award_id)
SELECT f.municipality_id, COUNT(*), COUNT(DISTINCT ya.academy_id), COUNT(*) FILTER (WHERE ya.received),
       ROUND(ROUND(SUM(ya.amount::numeric(40, 28) / pa.n), 20), 2)
FROM funded f JOIN year_awards ya ON ya.id = f.award_id JOIN per_award pa ON pa.award_id = f.award_id
JOIN ({MUNICIPALITIES_OF_YEAR}) m ON m.nis_code = f.municipality_id
WHERE %(province)s::text IS NULL OR m.province_id = %(province)s
GROUP BY f.municipality_id
"""

MUNICIPALITY_LINES_SQL = f"""
SELECT l.municipality_id, COUNT(DISTINCT ap.academy_id), SUM(l.participants), SUM(l.boys), SUM(l.girls),
       SUM(l.other)
FROM grants_finalreportline l JOIN grants_finalreport r ON r.id = l.report_id
JOIN {AWARDS_OF_CALLS} ON a.id = r.award_id JOIN ({MUNICIPALITIES_OF_YEAR}) m ON m.nis_code = l.municipality_id
WHERE c.year = %(year)s AND r.status IN {RECEIVED} AND (%(province)s::text IS NULL OR m.province_id = %(province)s)
GROUP BY l.municipality_id
"""

MUNICIPALITY_LIST_SQL = f"""
SELECT m.nis_code FROM ({MUNICIPALITIES_OF_YEAR}) m WHERE %(province)s::text IS NULL OR m.province_id = %(province)s
"""

UNATTRIBUTED_SQL = f"""
SELECT SUM(r.unattributed_participants), SUM(r.unattributed_boys), SUM(r.unattributed_girls),
       SUM(r.unattributed_other)
FROM grants_finalreport r JOIN {AWARDS_OF_CALLS} ON a.id = r.award_id
WHERE c.year = %(year)s AND r.status IN {RECEIVED}
"""

EXPECTED_SQL = f"""
SELECT ac.organisation_type, COUNT(*) FROM {AWARDS_OF_CALLS} JOIN academies_academy ac ON ac.id = ap.academy_id
WHERE c.year = %(year)s GROUP BY ac.organisation_type
"""

# Per received report its line sums, then per organisation type: coverage, participants and gender sums; per
# academy its reports' splits pooled, then per organisation type the number of academies with a split and the sum
# of their shares (the mean is that sum over those academies).
PARTICIPATION_SQL = f"""
WITH reports AS (
    SELECT ac.organisation_type AS kind, ac.id AS academy_id, r.unattributed_participants AS u_participants,
           SUM(l.participants) AS l_participants, COUNT(l.participants) AS l_values,
           COALESCE(SUM(l.boys), 0) + COALESCE(r.unattributed_boys, 0) AS boys,
           COALESCE(SUM(l.girls), 0) + COALESCE(r.unattributed_girls, 0) AS girls,
           COALESCE(SUM(l.other), 0) + COALESCE(r.unattributed_other, 0) AS other
    FROM grants_finalreport r JOIN {AWARDS_OF_CALLS} ON a.id = r.award_id
    JOIN academies_academy ac ON ac.id = ap.academy_id
    LEFT JOIN grants_finalreportline l ON l.report_id = r.id
    WHERE c.year = %(year)s AND r.status IN {RECEIVED}
    GROUP BY r.id, ac.id, ac.organisation_type
), split AS (SELECT *, boys + girls + other AS total FROM reports
), per_kind AS (
    SELECT kind, COUNT(*) AS received, COUNT(*) FILTER (WHERE l_values > 0 OR u_participants IS NOT NULL) AS counted,
           SUM(l_participants) AS l_participants, SUM(u_participants) AS u_participants,
           COUNT(*) FILTER (WHERE total > 0) AS with_split, SUM(boys) FILTER (WHERE total > 0) AS boys,
           SUM(girls) FILTER (WHERE total > 0) AS girls, SUM(other) FILTER (WHERE total > 0) AS other
    FROM split GROUP BY kind
), academies AS (
    SELECT kind, SUM(boys)::numeric(40, 28) AS boys, SUM(girls)::numeric(40, 28) AS girls,
           SUM(other)::numeric(40, 28) AS other, SUM(total) AS total
    FROM split WHERE total > 0 GROUP BY kind, academy_id
), per_academy AS (
    SELECT kind, COUNT(*) AS academies, SUM(boys / total) AS boys, SUM(girls / total) AS girls,
           SUM(other / total) AS other
    FROM academies GROUP BY kind
)
SELECT k.kind, k.received, k.counted, k.l_participants, k.u_participants, k.with_split, k.boys, k.girls, k.other,
       COALESCE(pa.academies, 0), pa.boys, pa.girls, pa.other
FROM per_kind k LEFT JOIN per_academy pa ON pa.kind = k.kind
"""

MONEY_CALLS_SQL = """
SELECT c.year, c.code, COUNT(a.id), COUNT(DISTINCT ap.academy_id) FILTER (WHERE a.id IS NOT NULL),
       COALESCE(SUM(a.amount), 0), c.budget
FROM grants_call c LEFT JOIN grants_application ap ON ap.call_id = c.id
LEFT JOIN grants_award a ON a.application_id = ap.id
WHERE %(year)s::int IS NULL OR c.year IN (%(year)s, %(year)s + 1)
GROUP BY c.id
"""

MONEY_BUDGETS_SQL = """
SELECT year, amount FROM grants_yearbudget WHERE %(year)s::int IS NULL OR year IN (%(year)s, %(year)s + 1)
"""

# NIS code -> the municipality standing for it in the basis year (successors followed while the municipality
# ended before that year), as a recursive CTE; `mapped(code, basis_code)`.
MAPPED_CTE = """
WITH RECURSIVE chain AS (
    SELECT nis_code AS code, nis_code AS current, valid_to, successor_id FROM academies_municipality
    UNION ALL
    SELECT chain.code, m.nis_code, m.valid_to, m.successor_id
    FROM chain JOIN academies_municipality m ON m.nis_code = chain.successor_id
    WHERE chain.valid_to < %(basis_first)s
), mapped AS (
    SELECT code, current AS basis_code FROM chain
    WHERE NOT (valid_to IS NOT NULL AND valid_to < %(basis_first)s AND successor_id IS NOT NULL)
)
"""

BOUNDARIES_SQL = f"""
SELECT b.municipality_id, b.path FROM reports_municipalityboundary b
JOIN ({MUNICIPALITIES_OF_YEAR}) m ON m.nis_code = b.municipality_id
WHERE %(province)s::text IS NULL OR m.province_id = %(province)s
"""

TREND_AWARDS_SQL = f"""
SELECT c.year, COUNT(*), COUNT(DISTINCT ap.academy_id), SUM(a.amount) FROM {AWARDS_OF_CALLS} GROUP BY c.year
"""

TREND_PLANNED_SQL = f"""
SELECT year, COUNT(*) FROM (
    SELECT DISTINCT c.year, fm.municipality_id FROM grants_award_funded_municipalities fm
    JOIN {AWARDS_OF_CALLS} ON a.id = fm.award_id
) pairs GROUP BY year
"""

TREND_CONFIRMED_SQL = f"""
SELECT year, COUNT(*), SUM(participants) FROM (
    SELECT c.year, l.municipality_id, SUM(l.participants) AS participants FROM grants_finalreportline l
    JOIN grants_finalreport r ON r.id = l.report_id JOIN {AWARDS_OF_CALLS} ON a.id = r.award_id
    WHERE r.status IN {RECEIVED} GROUP BY c.year, l.municipality_id
) pairs GROUP BY year
"""

TREND_PLANNED_MAPPED_SQL = MAPPED_CTE + f"""
SELECT year, COUNT(*) FROM (
    SELECT DISTINCT c.year, mapped.basis_code FROM grants_award_funded_municipalities fm
    JOIN {AWARDS_OF_CALLS} ON a.id = fm.award_id JOIN mapped ON mapped.code = fm.municipality_id
) pairs GROUP BY year
"""

TREND_CONFIRMED_MAPPED_SQL = MAPPED_CTE + f"""
SELECT c.year, COUNT(DISTINCT mapped.basis_code), SUM(l.participants) FROM grants_finalreportline l
JOIN grants_finalreport r ON r.id = l.report_id JOIN {AWARDS_OF_CALLS} ON a.id = r.award_id
JOIN mapped ON mapped.code = l.municipality_id
WHERE r.status IN {RECEIVED} GROUP BY c.year
"""

TREND_REPORTS_SQL = f"""
SELECT c.year, COUNT(*),
       COUNT(*) FILTER (WHERE r.unattributed_participants IS NOT NULL OR EXISTS (
           SELECT 1 FROM grants_finalreportline l WHERE l.report_id = r.id AND l.participants IS NOT NULL)),
       SUM(r.unattributed_participants)
FROM grants_finalreport r JOIN {AWARDS_OF_CALLS} ON a.id = r.award_id
WHERE r.status IN {RECEIVED} GROUP BY c.year
"""

TREND_EVENTS_SQL = """
SELECT EXTRACT(YEAR FROM start_date)::int, COUNT(*), COUNT(*) FILTER (WHERE has_stem_label)
FROM academies_event WHERE start_date IS NOT NULL GROUP BY 1
"""

TREND_RECOGNISED_SQL = """
SELECT y.year, COUNT(DISTINCT r.academy_id)
FROM generate_series(%(first_year)s::int, %(last_year)s::int) AS y(year)
LEFT JOIN academies_recognition r ON r.valid_from <= make_date(y.year, 12, 31)
     AND (r.valid_to IS NULL OR r.valid_to >= make_date(y.year, 1, 1))
GROUP BY y.year
"""


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


# --- the same figures read from a page ---------------------------------------------------------------------------


def province_figures(reach) -> dict:
    def figures(p) -> tuple:
        return (p.municipality_count, p.planned_count, p.confirmed_count, p.participants, p.boys, p.girls, p.other,
                p.reports_expected, p.reports_received, p.reports_with_participants, p.reports_with_split)

    result = {p.province_code: figures(p) for p in reach.provinces}
    result["unattributed"] = figures(reach.unattributed)
    result["total"] = figures(reach.total)
    return result


def municipality_figures(reach) -> dict:
    figures = {row.nis_code: (row.awards, row.academies_planned, row.reports_received, money(row.amount_share),
                              row.academies_confirmed, row.participants, row.boys, row.girls, row.other)
               for row in reach.rows}
    assert all(row.reports_expected == row.awards for row in reach.rows)
    if reach.unattributed is not None:
        u = reach.unattributed
        figures["unattributed"] = (u.participants, u.boys, u.girls, u.other)
    return figures


def participation_figures(report, language: str) -> dict:
    """Keyed by organisation type: the page's groups carry the type's label in the page's language."""
    with translation.override(language):
        kinds = {str(label): kind for kind, label in OrganisationType.choices}

    def figures(p) -> tuple:
        return (p.reports_expected, p.reports_received, p.reports_with_participants, p.participants_attributed,
                p.participants_unattributed, p.reports_with_split, p.boys, p.girls, p.other, p.academies_with_split,
                rounded(p.mean_boys_share), rounded(p.mean_girls_share), rounded(p.mean_other_share))

    result = {kinds.get(p.label, p.label): figures(p) for p in report.by_organisation_type}
    result["total"] = figures(report.total)
    return result


def money_figures(years) -> dict:
    figures = {}
    for entry in years:
        figures.update({(call.year, call.code): (call.award_count, call.academy_count, call.awarded, call.budget)
                        for call in entry.calls})
        if entry.reserved is not None:
            figures[("reserved", entry.year)] = entry.reserved
    return figures


def trend_figures(trend) -> dict:
    return {row.year: (row.municipalities_planned, row.municipalities_confirmed, row.academies_recognised,
                       row.academies_funded, row.awards, row.amount_awarded, row.reports_received,
                       row.reports_with_participants, row.participants_attributed, row.participants_unattributed,
                       row.events, row.events_labelled) for row in trend}


def map_figures(choropleth) -> dict:
    return {shape.nis_code: shape.css_class for shape in choropleth.shapes}


@dataclass
class Floor:
    """A page's floor: `compute()` runs the hand-written SQL and returns the figures; `figures(context)` reads
    the same figures from the page's rendering context."""

    compute: object
    figures: object


def floor_for(page: str, params: dict, basis_year: int | None) -> Floor:
    """The floor of a page of `bench_reports.PAGES`, for the selector keyword arguments the page used."""
    unfiltered = not params.get("call_kind") and not params.get("organisation_type")
    assert unfiltered, "floors exist for the unfiltered pages"
    year = params.get("year")
    if page == "answer-sheet":
        def compute():
            return {"reach": province_floor(year=year), "participation": participation_floor(year=year),
                    "money": money_floor(year=year), "trend": trend_floor(until_year=year)}

        def figures(context):
            money_years = [entry for entry in (context["money_this_year"], context["money_next_year"]) if entry]
            return {"reach": province_figures(context["reach"]),
                    "participation": participation_figures(context["participation"], context["request"].LANGUAGE_CODE),
                    "money": money_figures(money_years), "trend": trend_figures(context["trend"])}

        return Floor(compute, figures)
    if page == "reach-by-province":
        assert basis_year is None
        return Floor(lambda: province_floor(year=year), lambda context: province_figures(context["reach"]))
    if page.startswith("reach-by-municipality"):
        assert basis_year is None
        return Floor(lambda: municipality_floor(year=year, province=params.get("province")),
                     lambda context: municipality_figures(context["reach"]))
    if page == "participation":
        return Floor(lambda: participation_floor(year=year),
                     lambda context: participation_figures(context["participation"], context["request"].LANGUAGE_CODE))
    if page == "money":
        return Floor(lambda: money_floor(year=year), lambda context: money_figures(context["money_years"]))
    if page.startswith("trend"):
        return Floor(lambda: trend_floor(basis_year=basis_year), lambda context: trend_figures(context["trend"]))
    if page.startswith("map"):
        return Floor(lambda: map_floor(year=year, measure=params["measure"], province=params.get("province")),
                     lambda context: map_figures(context["map"]))
    raise KeyError(page)


def differences(floor: dict, page: dict, prefix: str = "") -> list[str]:
    """Every key where the floor's figures and the page's differ, as readable lines."""
    found = []
    for key in sorted(set(floor) | set(page), key=str):
        left, right = floor.get(key), page.get(key)
        if isinstance(left, dict) and isinstance(right, dict):
            found.extend(differences(left, right, f"{prefix}{key}/"))
        elif left != right:
            found.append(f"{prefix}{key}: floor {left!r} != page {right!r}")
    return found
