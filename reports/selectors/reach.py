"""Reach: municipalities with at least one academy per province (question 1) and per municipality (annex 1)."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.db.models import Count, Sum

from grants.models import RECEIVED_STATUSES, ZERO
from reports.selectors.base import (
    ColumnRows,
    PicklesPositionally,
    PooledSplit,
    add_counts,
    awards_of,
    cents,
    funded_pairs_of,
    municipalities_of,
    municipality_mapper,
    received_lines_of,
    received_reports_of,
    share,
)

# --- 1. reach per province ---------------------------------------------------------------------------------------


def has_split(boys: int | None, girls: int | None, other: int | None) -> bool:
    """A gender split is given when at least one of boys, girls, other is reported and they add up to more than 0
    (the missing ones count as 0)."""
    return (boys or 0) + (girls or 0) + (other or 0) > 0


@dataclass
class ProvinceReach(PicklesPositionally, PooledSplit):
    """One province (or the row of counts not attributable to a municipality, `municipality_count` None, or
    Flanders): municipalities reached, and children reached with gender and coverage. Coverage: `reports_expected`
    = awards funding at least one of its municipalities (or with a report line there); `reports_received` = their
    received final reports; `reports_with_participants` / `reports_with_split` = received reports with a
    participant count / a gender split on one of its municipality lines (for the unattributed row: in their
    unattributed totals)."""

    province_code: str
    province: str
    municipality_count: int | None
    planned: list[str] = field(default_factory=list)
    confirmed: list[str] = field(default_factory=list)
    participants: int | None = None
    boys: int = 0
    girls: int = 0
    other: int = 0
    awards_counted: int = 0
    reports_counted: int = 0
    reports_with_participants: int = 0
    reports_with_split: int = 0

    @property
    def planned_count(self) -> int | None:
        return None if self.municipality_count is None else len(self.planned)

    @property
    def confirmed_count(self) -> int | None:
        return None if self.municipality_count is None else len(self.confirmed)

    @property
    def planned_share(self) -> Decimal | None:
        return share(self.planned_count, self.municipality_count)

    @property
    def confirmed_share(self) -> Decimal | None:
        return share(self.confirmed_count, self.municipality_count)

    @property
    def confirmed_names(self) -> str:
        """The names of the municipalities reached (final reports) of a province; empty for the other rows."""
        return ", ".join(self.confirmed) if self.province_code else ""

    @property
    def reports_expected(self) -> int | None:
        return None if self.municipality_count is None else self.awards_counted

    @property
    def reports_received(self) -> int | None:
        return None if self.municipality_count is None else self.reports_counted


@dataclass
class _Coverage:
    """The awards and reports one row of `reach_by_province` counts, by id, while the row is built."""

    row: ProvinceReach
    expected_awards: set = field(default_factory=set)
    received_reports: set = field(default_factory=set)
    counted_reports: set = field(default_factory=set)
    split_reports: set = field(default_factory=set)

    def add_counts(self, report_id, participants, boys, girls, other) -> None:
        row = self.row
        if participants is not None:
            row.participants = add_counts(row.participants, participants)
            self.counted_reports.add(report_id)
        if has_split(boys, girls, other):
            self.split_reports.add(report_id)
            row.boys += boys or 0
            row.girls += girls or 0
            row.other += other or 0

    def finish(self) -> ProvinceReach:
        row = self.row
        row.awards_counted, row.reports_counted = len(self.expected_awards), len(self.received_reports)
        row.reports_with_participants, row.reports_with_split = len(self.counted_reports), len(self.split_reports)
        return row


@dataclass
class ReachByProvince:
    year: int
    basis_year: int
    provinces: list[ProvinceReach]
    unattributed: ProvinceReach
    total: ProvinceReach

    @property
    def rows(self) -> list[ProvinceReach]:
        """The provinces, the row of counts not attributable to a municipality, and Flanders."""
        return [*self.provinces, self.unattributed, self.total]


def reach_by_province(*, year: int, basis_year: int | None = None, call_kind: str | None = None,
                      organisation_type: str | None = None) -> ReachByProvince:
    """Municipalities with at least one academy in `year`, per province: planned (awards) and confirmed (received
    final reports). A municipality counts once however many academies reach it; an academy reaching municipalities
    in two provinces counts in both. With `basis_year`, municipalities are counted as the one standing for them in
    that year (e.g. today's merged municipality).

    Children reached per province (at least) and the pooled gender split come from the municipality lines of
    received final reports; totals an academy could not attribute to a municipality are their own row
    (`unattributed`), never spread; `total` (Flanders) adds them: the provinces plus that row make the year's
    total. Four or five queries."""
    from django.utils.translation import gettext

    basis = basis_year or year
    municipalities = municipalities_of(year=basis)
    to_basis = municipality_mapper(year=year, basis_year=basis_year)
    filters = {"year": year, "call_kind": call_kind, "organisation_type": organisation_type}

    provinces: dict[str, _Coverage] = {}
    for ref in municipalities.values():
        province = provinces.setdefault(ref.province_code,
                                        _Coverage(ProvinceReach(ref.province_code, ref.province, 0)))
        province.row.municipality_count += 1
    unattributed = _Coverage(ProvinceReach("", gettext("Not attributable to a municipality"), None))
    total = _Coverage(ProvinceReach("", gettext("Flanders"),
                                    sum(p.row.municipality_count for p in provinces.values())))

    planned: set[str] = set()
    for award_id, code, report_id, status in funded_pairs_of(**filters).values_list(
            "award_id", "municipality_id", "award__final_report__id", "award__final_report__status"):
        code = to_basis(code)
        ref = municipalities.get(code)
        if ref is None:
            continue
        province = provinces[ref.province_code]
        province.expected_awards.add(award_id)
        if status in RECEIVED_STATUSES:
            province.received_reports.add(report_id)
        planned.add(code)
    for award_id, report_id, status, *counts in awards_of(**filters).values_list(
            "id", "final_report__id", "final_report__status", "final_report__unattributed_participants",
            "final_report__unattributed_boys", "final_report__unattributed_girls", "final_report__unattributed_other"):
        total.expected_awards.add(award_id)
        if status in RECEIVED_STATUSES:
            total.received_reports.add(report_id)
            unattributed.add_counts(report_id, *counts)
            total.add_counts(report_id, *counts)
    confirmed: set[str] = set()
    for award_id, report_id, code, *counts in received_lines_of(**filters).values_list(
            "report__award_id", "report_id", "municipality_id", "participants", "boys", "girls", "other"):
        code = to_basis(code)
        ref = municipalities.get(code)
        if ref is None:
            continue
        province = provinces[ref.province_code]
        province.expected_awards.add(award_id)
        province.received_reports.add(report_id)
        province.add_counts(report_id, *counts)
        total.add_counts(report_id, *counts)
        confirmed.add(code)
    for code, ref in municipalities.items():
        if code in planned:
            provinces[ref.province_code].row.planned.append(ref.name)
        if code in confirmed:
            provinces[ref.province_code].row.confirmed.append(ref.name)
    ordered = sorted((province.finish() for province in provinces.values()), key=lambda province: province.province)
    total.row.planned = [name for p in ordered for name in p.planned]
    total.row.confirmed = [name for p in ordered for name in p.confirmed]
    unattributed, total = unattributed.finish(), total.finish()
    return ReachByProvince(year=year, basis_year=basis, provinces=ordered, unattributed=unattributed, total=total)


# --- 2. reach per municipality (annex 1) ---------------------------------------------------------------------------


@dataclass
class MunicipalityReach(PicklesPositionally):
    nis_code: str
    name: str
    province_code: str
    province: str
    academies_planned: int = 0
    awards: int = 0
    amount_share: Decimal = ZERO
    reports_expected: int = 0
    reports_received: int = 0
    academies_confirmed: int = 0
    participants: int | None = None
    boys: int | None = None
    girls: int | None = None
    other: int | None = None

    @property
    def planned(self) -> bool:
        return self.awards > 0

    @property
    def confirmed(self) -> bool:
        return self.academies_confirmed > 0


@dataclass
class Counts(PicklesPositionally):
    participants: int | None = None
    boys: int | None = None
    girls: int | None = None
    other: int | None = None

    def add(self, participants=None, boys=None, girls=None, other=None) -> None:
        self.participants = add_counts(self.participants, participants)
        self.boys = add_counts(self.boys, boys)
        self.girls = add_counts(self.girls, girls)
        self.other = add_counts(self.other, other)


PROVINCE_AND_NAME = (("province", False), ("name", False))


@dataclass
class ReachByMunicipality:
    """`rows` in name order, also kept in the order of province and name (the page's); `planned_count` and
    `confirmed_count` count the rows planned and confirmed."""

    year: int
    basis_year: int
    rows: ColumnRows
    unattributed: Counts | None
    totals: Counts
    planned_count: int
    confirmed_count: int


def reach_by_municipality(*, year: int, basis_year: int | None = None, province: str | None = None,
                          call_kind: str | None = None, organisation_type: str | None = None,
                          ) -> ReachByMunicipality:
    """One row per municipality of `year` (or of `basis_year`), with:

    - `academies_planned`, `awards`: academies and awards of the year funding it; `amount_share`: each award's
      amount divided equally over the municipalities it funds, summed exactly and rounded once (half up) to cents,
      so the exact column adds up to the awarded amounts and each shown row is within half a cent of it;
    - `reports_expected`: those awards; `reports_received`: their received final reports;
    - `academies_confirmed` and `participants`, `boys`, `girls`, `other`: from the municipality lines of received
      final reports; None where nothing was reported.

    `unattributed` holds the counts academies gave only as report totals (None with a province filter: they cannot
    be placed in a province); `totals` adds rows and unattributed. Four or five queries.
    """
    basis = basis_year or year
    filters = {"year": year, "call_kind": call_kind, "organisation_type": organisation_type}
    municipalities = municipalities_of(year=basis, province=province)
    to_basis = municipality_mapper(year=year, basis_year=basis_year)
    rows = {code: MunicipalityReach(code, ref.name, ref.province_code, ref.province)
            for code, ref in municipalities.items()}

    # Each award's amount is divided equally over the municipalities it funds, exactly (rational arithmetic); a
    # merged municipality gets the shares of all its predecessors; each row is rounded once, half up, to cents.
    funded = list(funded_pairs_of(**filters).values_list(
        "award_id", "municipality_id", "award__amount", "award__application__academy_id",
        "award__final_report__status"))
    funded_count: dict[int, int] = defaultdict(int)
    for award_id, *_rest in funded:
        funded_count[award_id] += 1
    planned_academies: dict[str, set] = defaultdict(set)
    awards_seen: dict[str, set] = defaultdict(set)
    # Per municipality: cents of the awards it shares, summed per number of municipalities sharing them, so the
    # exact sum is a handful of fractions whatever the number of awards.
    shared_cents: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for award_id, code, amount, academy_id, report_status in funded:
        row = rows.get(to_basis(code))
        if row is None:
            continue
        planned_academies[row.nis_code].add(academy_id)
        shared_cents[row.nis_code][funded_count[award_id]] += int(amount * 100)
        if award_id in awards_seen[row.nis_code]:
            continue  # two predecessors of one merged municipality funded by the same award: one award
        awards_seen[row.nis_code].add(award_id)
        row.awards += 1
        row.reports_expected += 1
        if report_status in RECEIVED_STATUSES:
            row.reports_received += 1
    for code, academies in planned_academies.items():
        rows[code].academies_planned = len(academies)
    for code, by_count in shared_cents.items():
        rows[code].amount_share = cents(sum(Fraction(shared, count) for count, shared in by_count.items()) / 100)

    confirmed_academies: dict[str, set] = defaultdict(set)
    sums = {"participants": Sum("participants"), "boys": Sum("boys"), "girls": Sum("girls"), "other": Sum("other")}
    if basis_year is None or basis_year == year:
        # One row per municipality: the database counts the academies.
        lines = (received_lines_of(**filters).values_list("municipality_id")
                 .annotate(academies=Count("report__award__application__academy_id", distinct=True), **sums))
        for code, academies, participants, boys, girls, other in lines:
            row = rows.get(code)
            if row is not None:
                row.academies_confirmed = academies
                row.participants, row.boys, row.girls, row.other = participants, boys, girls, other
    else:
        # One row per municipality and academy: predecessors of one successor may share academies.
        lines = (received_lines_of(**filters).values_list("municipality_id", "report__award__application__academy_id")
                 .annotate(**sums))
        for code, academy_id, participants, boys, girls, other in lines:
            row = rows.get(to_basis(code))
            if row is None:
                continue
            confirmed_academies[row.nis_code].add(academy_id)
            row.participants = add_counts(row.participants, participants)
            row.boys = add_counts(row.boys, boys)
            row.girls = add_counts(row.girls, girls)
            row.other = add_counts(row.other, other)
        for code, academies in confirmed_academies.items():
            rows[code].academies_confirmed = len(academies)

    totals = Counts()
    for row in rows.values():
        totals.add(row.participants, row.boys, row.girls, row.other)
    unattributed = None
    if not province:
        sums = received_reports_of(**filters).aggregate(
            participants=Sum("unattributed_participants"), boys=Sum("unattributed_boys"),
            girls=Sum("unattributed_girls"), other=Sum("unattributed_other"))
        unattributed = Counts(**sums)
        totals.add(**sums)
    return ReachByMunicipality(year=year, basis_year=basis,
                               rows=ColumnRows(MunicipalityReach, rows.values(), orders=[PROVINCE_AND_NAME]),
                               unattributed=unattributed, totals=totals,
                               planned_count=sum(1 for row in rows.values() if row.planned),
                               confirmed_count=sum(1 for row in rows.values() if row.confirmed))


