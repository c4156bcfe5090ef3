"""Reach per municipality (annex 1), computed live: per municipality the awards and academies funding it, its share
of the awarded amounts, the final reports expected and received, and the academies and children reported there."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.db.models import Count, Sum

from academies.models import successor_map
from grants.models import RECEIVED_STATUSES, ZERO
from reports.selectors.base import (
    AwardMunicipality,
    ColumnRows,
    PicklesPositionally,
    add_counts,
    cents,
    funded_pairs_of,
    municipalities_of,
    municipality_mapper,
    received_lines_of,
    received_reports_of,
)


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
COUNT_SUMS = {"participants": Sum("participants"), "boys": Sum("boys"), "girls": Sum("girls"),
              "other": Sum("other")}


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


def live_reach_by_municipality(*, year: int, basis_year: int | None = None, province: str | None = None,
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
    filters = {"year": year, "call_kind": call_kind, "organisation_type": organisation_type}
    rows = {code: MunicipalityReach(code, ref.name, ref.province_code, ref.province)
            for code, ref in municipalities_of(year=basis_year or year, province=province).items()}
    to_basis = municipality_mapper(year=year, basis_year=basis_year)
    count_funded(rows, to_basis, funded_pairs_of(**filters))
    count_all_lines(rows, to_basis, received_lines_of(**filters), mapped=basis_year not in (None, year))
    return reach_of_rows(ColumnRows(MunicipalityReach, rows.values(), orders=[PROVINCE_AND_NAME]), year=year,
                         basis_year=basis_year or year, unattributed=None if province else unattributed_counts(filters))


def recount_reach_by_municipality(previous: ReachByMunicipality, municipalities: set[str], *, year: int,
                                  basis_year: int | None = None, province: str | None = None,
                                  call_kind: str | None = None, organisation_type: str | None = None,
                                  ) -> ReachByMunicipality:
    """`live_reach_by_municipality` of these arguments, from `previous`, its result before writes that can only have
    changed the rows of `municipalities` (NIS codes of `year`) and the unattributed counts: those rows are counted
    again from the awards and lines that reach them, the other rows are kept. Four or five queries, each limited to
    those municipalities' awards and lines."""
    filters = {"year": year, "call_kind": call_kind, "organisation_type": organisation_type}
    mapping = {} if basis_year in (None, year) else successor_map(basis_year)

    def to_basis(code: str) -> str:
        return mapping.get(code, code)

    rows = {row.nis_code: MunicipalityReach(row.nis_code, row.name, row.province_code, row.province)
            for row in previous.rows.rows_where("nis_code", {to_basis(code) for code in municipalities})}
    codes = [*rows, *(code for code, successor in mapping.items() if successor in rows and code not in rows)]
    if rows:
        reaching = AwardMunicipality.objects.filter(municipality_id__in=codes).values("award_id")
        count_funded(rows, to_basis, funded_pairs_of(**filters).filter(award_id__in=reaching))
        count_all_lines(rows, to_basis, received_lines_of(**filters).filter(municipality_id__in=codes),
                        mapped=bool(mapping))
    return reach_of_rows(previous.rows.replaced("nis_code", rows.values()), year=year, basis_year=previous.basis_year,
                         unattributed=None if province else unattributed_counts(filters))


def count_funded(rows: dict[str, MunicipalityReach], to_basis, funded_pairs) -> None:
    """Awards, academies planned, reports expected and received, and the amount share of `rows`, from
    `funded_pairs` (award-municipality links).

    Each award's amount is divided equally over the municipalities it funds, exactly (rational arithmetic); a
    merged municipality gets the shares of all its predecessors; each row is rounded once, half up, to cents. The
    pairs must hold every municipality of their awards: the number funded divides the amount. One query."""
    funded = list(funded_pairs.values_list("award_id", "municipality_id", "award__amount",
                                           "award__application__academy_id", "award__final_report__status"))
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


def count_all_lines(rows: dict[str, MunicipalityReach], to_basis, lines, *, mapped: bool) -> None:
    """Academies confirmed and children reported per row from `lines` (received report lines). Of the rows' own
    year, the database counts the academies; of another year (`mapped`), per municipality and academy, since
    predecessors of one successor may share academies. One query."""
    if not mapped:
        for code, academies, participants, boys, girls, other in (
                lines.values_list("municipality_id")
                .annotate(academies=Count("report__award__application__academy_id", distinct=True), **COUNT_SUMS)):
            row = rows.get(code)
            if row is not None:
                row.academies_confirmed = academies
                row.participants, row.boys, row.girls, row.other = participants, boys, girls, other
        return
    confirmed_academies: dict[str, set] = defaultdict(set)
    for code, academy_id, participants, boys, girls, other in (
            lines.values_list("municipality_id", "report__award__application__academy_id").annotate(**COUNT_SUMS)):
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


def unattributed_counts(filters: dict) -> Counts:
    """The counts of the year's received reports given only as report totals. One query."""
    return Counts(**received_reports_of(**filters).aggregate(
        participants=Sum("unattributed_participants"), boys=Sum("unattributed_boys"),
        girls=Sum("unattributed_girls"), other=Sum("unattributed_other")))


def reach_of_rows(rows: ColumnRows, *, year: int, basis_year: int, unattributed: Counts | None,
                  ) -> ReachByMunicipality:
    """The `ReachByMunicipality` of `rows` (in name order) and `unattributed`, with totals and counts summed from
    the rows' columns."""
    totals = Counts(*(add_counts(*rows.column(name)) for name in ("participants", "boys", "girls", "other")))
    if unattributed is not None:
        totals.add(unattributed.participants, unattributed.boys, unattributed.girls, unattributed.other)
    return ReachByMunicipality(year=year, basis_year=basis_year, rows=rows, unattributed=unattributed, totals=totals,
                               planned_count=sum(1 for awards in rows.column("awards") if awards > 0),
                               confirmed_count=sum(1 for count in rows.column("academies_confirmed") if count > 0))
