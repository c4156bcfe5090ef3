"""Reach per province (question 1), computed live: municipalities with at least one academy, children reached and
the gender split, with coverage."""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from grants.models import RECEIVED_STATUSES
from reports.selectors.base import (
    PicklesPositionally,
    PooledSplit,
    add_counts,
    awards_of,
    funded_pairs_of,
    municipalities_of,
    municipality_mapper,
    received_lines_of,
    share,
)


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


@dataclass
class _Provinces:
    """The rows of `live_reach_by_province` while they are counted: one per province, the unattributed row and
    Flanders, and the municipalities (NIS codes, in the basis year) planned and confirmed."""

    municipalities: dict
    to_basis: Callable[[str], str]
    provinces: dict[str, _Coverage]
    unattributed: _Coverage
    total: _Coverage
    planned: set[str] = field(default_factory=set)
    confirmed: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, *, year: int, basis_year: int | None) -> "_Provinces":
        from django.utils.translation import gettext

        municipalities = municipalities_of(year=basis_year or year)
        provinces: dict[str, _Coverage] = {}
        for ref in municipalities.values():
            province = provinces.setdefault(ref.province_code,
                                            _Coverage(ProvinceReach(ref.province_code, ref.province, 0)))
            province.row.municipality_count += 1
        return cls(municipalities=municipalities, to_basis=municipality_mapper(year=year, basis_year=basis_year),
                   provinces=provinces,
                   unattributed=_Coverage(ProvinceReach("", gettext("Not attributable to a municipality"), None)),
                   total=_Coverage(ProvinceReach("", gettext("Flanders"),
                                                 sum(p.row.municipality_count for p in provinces.values()))))

    def province_of(self, code: str) -> tuple[str, _Coverage | None]:
        """The basis-year code of `code` and its province's row (None for a municipality not of the basis year)."""
        code = self.to_basis(code)
        ref = self.municipalities.get(code)
        return code, None if ref is None else self.provinces[ref.province_code]

    def count_funded(self, filters: dict) -> None:
        for award_id, code, report_id, status in funded_pairs_of(**filters).values_list(
                "award_id", "municipality_id", "award__final_report__id", "award__final_report__status"):
            code, province = self.province_of(code)
            if province is None:
                continue
            province.expected_awards.add(award_id)
            if status in RECEIVED_STATUSES:
                province.received_reports.add(report_id)
            self.planned.add(code)

    def count_unattributed(self, filters: dict) -> None:
        for award_id, report_id, status, *counts in awards_of(**filters).values_list(
                "id", "final_report__id", "final_report__status", "final_report__unattributed_participants",
                "final_report__unattributed_boys", "final_report__unattributed_girls",
                "final_report__unattributed_other"):
            self.total.expected_awards.add(award_id)
            if status in RECEIVED_STATUSES:
                self.total.received_reports.add(report_id)
                self.unattributed.add_counts(report_id, *counts)
                self.total.add_counts(report_id, *counts)

    def count_lines(self, filters: dict) -> None:
        for award_id, report_id, code, *counts in received_lines_of(**filters).values_list(
                "report__award_id", "report_id", "municipality_id", "participants", "boys", "girls", "other"):
            code, province = self.province_of(code)
            if province is None:
                continue
            province.expected_awards.add(award_id)
            province.received_reports.add(report_id)
            province.add_counts(report_id, *counts)
            self.total.add_counts(report_id, *counts)
            self.confirmed.add(code)

    def finish(self, *, year: int, basis_year: int) -> ReachByProvince:
        for code, ref in self.municipalities.items():
            if code in self.planned:
                self.provinces[ref.province_code].row.planned.append(ref.name)
            if code in self.confirmed:
                self.provinces[ref.province_code].row.confirmed.append(ref.name)
        ordered = sorted((province.finish() for province in self.provinces.values()),
                         key=lambda province: province.province)
        self.total.row.planned = [name for p in ordered for name in p.planned]
        self.total.row.confirmed = [name for p in ordered for name in p.confirmed]
        return ReachByProvince(year=year, basis_year=basis_year, provinces=ordered,
                               unattributed=self.unattributed.finish(), total=self.total.finish())


def live_reach_by_province(*, year: int, basis_year: int | None = None, call_kind: str | None = None,
                           organisation_type: str | None = None) -> ReachByProvince:
    """Municipalities with at least one academy in `year`, per province: planned (awards) and confirmed (received
    final reports). A municipality counts once however many academies reach it; an academy reaching municipalities
    in two provinces counts in both. With `basis_year`, municipalities are counted as the one standing for them in
    that year (e.g. today's merged municipality).

    Children reached per province (at least) and the pooled gender split come from the municipality lines of
    received final reports; totals an academy could not attribute to a municipality are their own row
    (`unattributed`), never spread; `total` (Flanders) adds them: the provinces plus that row make the year's
    total. Four or five queries."""
    filters = {"year": year, "call_kind": call_kind, "organisation_type": organisation_type}
    rows = _Provinces.of(year=year, basis_year=basis_year)
    rows.count_funded(filters)
    rows.count_unattributed(filters)
    rows.count_lines(filters)
    return rows.finish(year=year, basis_year=basis_year or year)
