"""The reference computation of every figure the report pages and exports show, from DOMAIN.md and
docs/figures.md, over the plain rows of `dataset.py`. Shares no code with reports/selectors/ and uses no ORM:
exact arithmetic (int, Fraction), rounded once here, half up, for what is shown."""

import datetime
from collections import defaultdict
from decimal import Decimal
from fractions import Fraction

from tests.reports.oracle.dataset import (
    Dataset,
    municipalities_in,
    places,
    province_names,
    standing_for,
)

PROGRAMME_START = 2019
UNATTRIBUTED = "Niet toe te wijzen aan een gemeente"
FLANDERS = "Vlaanderen"
TOTAL = "Totaal (minstens)"
ORGANISATION_LABELS = {"library": "bibliotheek / MaakBib", "youth_organisation": "jeugdorganisatie",
                       "company": "bedrijf"}


def half_up(value: Fraction, places: int) -> Decimal:
    scaled = abs(value) * 10 ** places
    whole = scaled.numerator // scaled.denominator
    if scaled - whole >= Fraction(1, 2):
        whole += 1
    return Decimal(whole if value >= 0 else -whole).scaleb(-places)


def percent(part, whole, places: int = 1) -> Decimal | None:
    if part is None or not whole:
        return None
    return half_up(Fraction(part) * 100 / whole, places)


def mean_percent(shares: list[Fraction], places: int = 1) -> Decimal | None:
    return half_up(sum(shares) / len(shares) * 100, places) if shares else None


def known_sum(values) -> int | None:
    given = [value for value in values if value is not None]
    return sum(given) if given else None


def has_split(boys, girls, other) -> bool:
    return (boys or 0) + (girls or 0) + (other or 0) > 0


def basis_of(year: int, today: bool) -> int:
    return datetime.date.today().year if today else year


# --- annex 1: reach per municipality -------------------------------------------------------------------------------

def municipality_rows(ds: Dataset, year: int, today: bool = False) -> dict[str, dict]:
    """{NIS code or row label: {export header: value}}; amounts exact (Fraction) under 'exact', shown rounded."""
    basis = basis_of(year, today)
    rows = {code: {"academies_planned": set(), "awards": set(), "exact": Fraction(0), "received": set(),
                   "academies_confirmed": set(), "lines": []} for code in municipalities_in(basis)}
    for award in ds.awards_of(year):
        report = ds.report_of(award)
        for code in award.municipalities:
            row = rows[standing_for(code, basis)]
            row["academies_planned"].add(award.academy)
            row["awards"].add((award.call, award.academy))
            row["exact"] += Fraction(award.amount) / len(award.municipalities)
            if report is not None and report.received:
                row["received"].add((award.call, award.academy))
    for report in ds.received_reports_of(year):
        for line in report.lines:
            row = rows[standing_for(line.municipality, basis)]
            row["academies_confirmed"].add(report.academy)
            row["lines"].append(line)
    shown = {}
    for code, row in rows.items():
        lines = row["lines"]
        shown[code] = {
            "Gemeente": places()[code].name,
            "Provincie": province_names()[places()[code].province],
            "Academies (toekenningen)": len(row["academies_planned"]),
            "Toekenningen": len(row["awards"]),
            "Bedrag (aandeel van toekenningen)": half_up(row["exact"], 2),
            "exact": row["exact"],
            "Eindrapportages verwacht": len(row["awards"]),
            "Eindrapportages ontvangen": len(row["received"]),
            "Academies (eindrapportages)": len(row["academies_confirmed"]),
            "Deelnemers": known_sum(line.participants for line in lines),
            "Jongens": known_sum(line.boys for line in lines),
            "Meisjes": known_sum(line.girls for line in lines),
            "Ander/niet opgegeven": known_sum(line.other for line in lines),
        }
    reports = ds.received_reports_of(year)
    unattributed = {"Deelnemers": known_sum(r.participants for r in reports),
                    "Jongens": known_sum(r.boys for r in reports),
                    "Meisjes": known_sum(r.girls for r in reports),
                    "Ander/niet opgegeven": known_sum(r.other for r in reports)}
    shown[UNATTRIBUTED] = unattributed
    shown[TOTAL] = {column: known_sum([*(shown[code][column] for code in rows), unattributed[column]])
                    for column in unattributed}
    return shown


# --- reach, children and gender per province ----------------------------------------------------------------------

def province_rows(ds: Dataset, year: int, today: bool = False) -> dict[str, dict]:
    """{province name, UNATTRIBUTED, FLANDERS: {export header: value}}."""
    basis = basis_of(year, today)
    codes = municipalities_in(basis)
    province_of = {code: places()[code].province for code in codes}
    groups = {province: {"count": 0, "planned": set(), "confirmed": set(), "expected": set(), "lines": [],
                         "counted": set(), "split": set()} for province in set(province_of.values())}
    for code in codes:
        groups[province_of[code]]["count"] += 1
    key = {}
    for award in ds.awards_of(year):
        key[(award.call, award.academy)] = award
        for code in award.municipalities:
            group = groups[province_of[standing_for(code, basis)]]
            group["planned"].add(standing_for(code, basis))
            group["expected"].add((award.call, award.academy))
    reports = ds.received_reports_of(year)
    for report in reports:
        for line in report.lines:
            code = standing_for(line.municipality, basis)
            group = groups[province_of[code]]
            group["confirmed"].add(code)
            group["expected"].add((report.call, report.academy))
            group["lines"].append(line)
            if line.participants is not None:
                group["counted"].add((report.call, report.academy))
            if has_split(line.boys, line.girls, line.other):
                group["split"].add((report.call, report.academy))

    def received_of(expected: set) -> int:
        return sum(1 for call, academy in expected if (report := ds.report_of(key[(call, academy)])) is not None
                   and report.received)

    def counts(items) -> dict:
        items = list(items)
        boys = sum(item.boys or 0 for item in items if has_split(item.boys, item.girls, item.other))
        girls = sum(item.girls or 0 for item in items if has_split(item.boys, item.girls, item.other))
        other = sum(item.other or 0 for item in items if has_split(item.boys, item.girls, item.other))
        return {"Deelnemers (minstens)": known_sum(item.participants for item in items),
                "Jongens (gepoold)": percent(boys, boys + girls + other),
                "Meisjes (gepoold)": percent(girls, boys + girls + other)}

    shown = {}
    for province, group in groups.items():
        shown[province_names()[province]] = {
            "Gemeenten in de provincie": group["count"],
            "Bereikt (toekenningen)": len(group["planned"]),
            "Aandeel (toekenningen)": percent(len(group["planned"]), group["count"]),
            "Bereikt (eindrapportages)": len(group["confirmed"]),
            "Aandeel (eindrapportages)": percent(len(group["confirmed"]), group["count"]),
            "Eindrapportages verwacht": len(group["expected"]),
            "Eindrapportages ontvangen": received_of(group["expected"]),
            "Ontvangen met aantal deelnemers": len(group["counted"]),
            "Rapportages met genderverdeling": len(group["split"]),
            **counts(group["lines"]),
        }
    shown[UNATTRIBUTED] = {
        "Gemeenten in de provincie": None, "Bereikt (toekenningen)": None, "Aandeel (toekenningen)": None,
        "Bereikt (eindrapportages)": None, "Aandeel (eindrapportages)": None, "Eindrapportages verwacht": None,
        "Eindrapportages ontvangen": None,
        "Ontvangen met aantal deelnemers": sum(1 for r in reports if r.participants is not None),
        "Rapportages met genderverdeling": sum(1 for r in reports if has_split(r.boys, r.girls, r.other)),
        **counts(reports),
    }
    everything = [line for report in reports for line in report.lines] + list(reports)
    count = len(codes)
    planned = sum(len(group["planned"]) for group in groups.values())
    confirmed = sum(len(group["confirmed"]) for group in groups.values())
    shown[FLANDERS] = {
        "Gemeenten in de provincie": count,
        "Bereikt (toekenningen)": planned, "Aandeel (toekenningen)": percent(planned, count),
        "Bereikt (eindrapportages)": confirmed, "Aandeel (eindrapportages)": percent(confirmed, count),
        "Eindrapportages verwacht": len(ds.awards_of(year)),
        "Eindrapportages ontvangen": len(reports),
        "Ontvangen met aantal deelnemers": sum(1 for r in reports if r.participants is not None
                                               or any(line.participants is not None for line in r.lines)),
        "Rapportages met genderverdeling": sum(1 for r in reports if has_split(r.boys, r.girls, r.other) or any(
            has_split(line.boys, line.girls, line.other) for line in r.lines)),
        **counts(everything),
    }
    return shown


# --- participants and gender per organisation type ---------------------------------------------------------------

def participation_rows(ds: Dataset, year: int) -> dict[str, dict]:
    """{organisation type label or '' (all): {export header: value}}, plus 'academies with split' for all."""
    kinds = {ds.academy(award.academy).organisation_type for award in ds.awards_of(year)}
    result = {}
    for kind in [*sorted(kinds), None]:
        awards = [a for a in ds.awards_of(year) if kind is None or ds.academy(a.academy).organisation_type == kind]
        reports = [r for r in ds.received_reports_of(year)
                   if kind is None or ds.academy(r.academy).organisation_type == kind]
        per_academy: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        split_reports = 0
        for report in reports:
            parts = [report, *report.lines]
            boys = known_sum(part.boys for part in parts)
            girls = known_sum(part.girls for part in parts)
            other = known_sum(part.other for part in parts)
            if has_split(boys, girls, other):
                split_reports += 1
                totals = per_academy[report.academy]
                totals[0] += boys or 0
                totals[1] += girls or 0
                totals[2] += other or 0
        boys, girls, other = (sum(split[index] for split in per_academy.values()) for index in range(3))
        attributed = known_sum(line.participants for r in reports for line in r.lines)
        unattributed = known_sum(r.participants for r in reports)
        result[ORGANISATION_LABELS[kind] if kind else ""] = {
            "Eindrapportages verwacht": len(awards),
            "Eindrapportages ontvangen": len(reports),
            "Ontvangen met aantal deelnemers": sum(1 for r in reports if r.participants is not None
                                                   or any(line.participants is not None for line in r.lines)),
            "Deelnemers (minstens)": known_sum([attributed, unattributed]),
            "attributed": attributed, "unattributed": unattributed,
            "Rapportages met genderverdeling": split_reports,
            "Jongens (gepoold)": percent(boys, boys + girls + other),
            "Meisjes (gepoold)": percent(girls, boys + girls + other),
            "Jongens (gemiddelde van academies)": mean_percent(
                [Fraction(split[0], sum(split)) for split in per_academy.values()]),
            "Meisjes (gemiddelde van academies)": mean_percent(
                [Fraction(split[1], sum(split)) for split in per_academy.values()]),
            "academies with split": len(per_academy),
            "mean boys exact": (sum(Fraction(s[0], sum(s)) for s in per_academy.values()) / len(per_academy)
                                if per_academy else None),
            "mean girls exact": (sum(Fraction(s[1], sum(s)) for s in per_academy.values()) / len(per_academy)
                                 if per_academy else None),
            "pooled boys exact": Fraction(boys, boys + girls + other) if boys + girls + other else None,
            "pooled girls exact": Fraction(girls, boys + girls + other) if boys + girls + other else None,
        }
    return result


# --- money -------------------------------------------------------------------------------------------------------

def money_rows(ds: Dataset) -> dict[str, dict]:
    """{call title (= code in the generated data): {export header: value}}."""
    result = {}
    for call in ds.calls:
        awards = [award for award in ds.awards if award.call == call.code]
        awarded = sum((award.amount for award in awards), Decimal("0.00"))
        result[call.code] = {"Jaar": call.year, "Toekenningen": len(awards), "Toegekend bedrag": awarded,
                             "Budget van de oproep": call.budget, "Saldo": call.budget - awarded,
                             "academies": len({award.academy for award in awards}), "kind": call.kind}
    return result


def money_by_kind(ds: Dataset, year: int, kind: str) -> dict | None:
    awards = [award for award in ds.awards_of(year) if ds.call(award.call).kind == kind]
    if not any(call.year == year and call.kind == kind for call in ds.calls):
        return None
    return {"awarded": sum((award.amount for award in awards), Decimal("0.00")), "awards": len(awards),
            "academies": len({award.academy for award in awards})}


# --- trend -------------------------------------------------------------------------------------------------------

def data_years(ds: Dataset) -> set[int]:
    years = {ds.call(award.call).year for award in ds.awards}
    years |= {event.start_date.year for event in ds.events if event.start_date is not None}
    return years


def trend_rows(ds: Dataset, *, today: bool = False, until: int | None = None) -> dict[int, dict]:
    """{year: {export header: value}} for every year from the programme start to `until` (default: the last year
    with awards or dated UiT events); nothing outside that range counts."""
    last = until if until is not None else max((y for y in data_years(ds) if y >= PROGRAMME_START), default=None)
    if last is None or last < PROGRAMME_START:
        return {}
    result = {}
    for year in range(PROGRAMME_START, last + 1):
        basis = basis_of(year, today)
        awards = ds.awards_of(year)
        reports = ds.received_reports_of(year)
        events = [event for event in ds.events if event.start_date is not None and event.start_date.year == year]
        attributed = known_sum(line.participants for r in reports for line in r.lines)
        unattributed = known_sum(r.participants for r in reports)
        result[year] = {
            "Gemeenten (toekenningen)": len({standing_for(code, basis) for a in awards for code in a.municipalities}),
            "Gemeenten (eindrapportages)": len({standing_for(line.municipality, basis)
                                                for r in reports for line in r.lines}),
            "Erkende academies": len({r.academy for r in ds.recognitions if r.valid_from <= datetime.date(year, 12, 31)
                                      and (r.valid_to is None or r.valid_to >= datetime.date(year, 1, 1))}),
            "Gesubsidieerde academies": len({award.academy for award in awards}),
            "Toekenningen": len(awards),
            "Toegekend bedrag": sum((award.amount for award in awards), Decimal("0.00")),
            "Eindrapportages ontvangen": len(reports),
            "Ontvangen met aantal deelnemers": sum(1 for r in reports if r.participants is not None
                                                   or any(line.participants is not None for line in r.lines)),
            "Deelnemers (minstens)": known_sum([attributed, unattributed]),
            "UiT-evenementen": len(events) if events else None,
            "met label STEM-academie": sum(1 for event in events if event.labelled) if events else None,
            "zonder label": sum(1 for event in events if not event.labelled) if events else None,
        }
    return result


def reserved(ds: Dataset, year: int) -> Decimal | None:
    """The amount reserved in the budget for `year`, None when no budget was recorded."""
    return next((budget.amount for budget in ds.budgets if budget.year == year), None)
