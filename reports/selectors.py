"""Every figure of the report pages, exports, maps and charts comes from one function here.

Definitions (see docs/performance.md and the issue):
- a year's awards and reports are those of calls of that `year`;
- planned reach = municipalities funded by awards; confirmed reach = municipalities on the lines of received
  (submitted or accepted) final reports;
- participant totals are lower bounds ("at least"): NULL counts are not reported, never 0;
- counts given only as report totals (`unattributed_*`) count in totals and in their own row, never per municipality.

Each selector runs a fixed number of queries whatever the size of the data.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.conf import settings
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone

from academies.models import (
    Event,
    Municipality,
    OrganisationType,
    Recognition,
    recognition_valid_between,
    successor_map,
    year_bounds,
)
from grants.models import RECEIVED_STATUSES, ZERO, Award, Call, CallKind, FinalReport, FinalReportLine, YearBudget

AwardMunicipality = Award.funded_municipalities.through
CENT = Decimal("0.01")


def add_counts(*values: int | None) -> int | None:
    """Sum of the given counts, None when none of them was reported."""
    given = [value for value in values if value is not None]
    return sum(given) if given else None


def share(part: int | None, whole: int | None) -> Decimal | None:
    if part is None or not whole:
        return None
    return Decimal(part) / Decimal(whole)


def cents(amount: Decimal) -> Decimal:
    """Money as Decimal with two places (SQLite sums decimals with more)."""
    return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)


def round_cents(amount: Fraction) -> Decimal:
    """An exact amount rounded once, half up (away from zero), to cents: 31413.475 -> 31413.48."""
    hundredths = abs(amount) * 100
    whole = int(hundredths)
    if hundredths - whole >= Fraction(1, 2):
        whole += 1
    return (Decimal(whole) * (1 if amount >= 0 else -1)).scaleb(-2).quantize(CENT)


def current_year() -> int:
    return timezone.localdate().year


def programme_start_year() -> int:
    """The first year of the subsidy mechanism (settings.PROGRAMME_START_YEAR, 2019)."""
    return settings.PROGRAMME_START_YEAR


# --- building blocks ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MunicipalityRef:
    nis_code: str
    name: str
    province_code: str
    province: str


def municipalities_of_year(*, year: int, province: str | None = None):
    queryset = Municipality.objects.for_year(year)
    if province:
        queryset = queryset.filter(province_id=province)
    return queryset


def municipalities_of(*, year: int, province: str | None = None) -> dict[str, MunicipalityRef]:
    """The municipalities of `year` (optionally of one province), by NIS code, in name order. One query."""
    rows = (municipalities_of_year(year=year, province=province).order_by("name_nl", "nis_code")
            .values_list("nis_code", "name_nl", "province_id", "province__name_nl"))
    return {code: MunicipalityRef(code, name, province_code, province_name)
            for code, name, province_code, province_name in rows}


def municipality_mapper(*, year: int, basis_year: int | None) -> Callable[[str], str]:
    """Maps a municipality of `year` to the one standing for it in `basis_year` (identity when no basis is asked).
    One query when a basis year is given."""
    if basis_year is None or basis_year == year:
        return lambda code: code
    mapping = successor_map(basis_year)
    return lambda code: mapping.get(code, code)


def _award_filter(prefix: str, *, year: int | None, call_kind: str | None, organisation_type: str | None) -> Q:
    condition = Q()
    if year is not None:
        condition &= Q(**{f"{prefix}application__call__year": year})
    if call_kind:
        condition &= Q(**{f"{prefix}application__call__kind": call_kind})
    if organisation_type:
        condition &= Q(**{f"{prefix}application__academy__organisation_type": organisation_type})
    return condition


def awards_of(*, year: int | None = None, call_kind: str | None = None, organisation_type: str | None = None):
    return Award.objects.filter(_award_filter("", year=year, call_kind=call_kind,
                                              organisation_type=organisation_type)).order_by()


def received_reports_of(*, year: int | None = None, call_kind: str | None = None,
                        organisation_type: str | None = None):
    return FinalReport.objects.received().filter(
        _award_filter("award__", year=year, call_kind=call_kind, organisation_type=organisation_type)).order_by()


def received_lines_of(*, year: int | None = None, call_kind: str | None = None,
                      organisation_type: str | None = None):
    return FinalReportLine.objects.received().filter(
        _award_filter("report__award__", year=year, call_kind=call_kind, organisation_type=organisation_type)
    ).order_by()


def funded_pairs_of(*, year: int | None = None, call_kind: str | None = None, organisation_type: str | None = None):
    return AwardMunicipality.objects.filter(
        _award_filter("award__", year=year, call_kind=call_kind, organisation_type=organisation_type)).order_by()


def planned_municipality_codes(*, year: int, call_kind: str | None = None,
                               organisation_type: str | None = None) -> set[str]:
    """NIS codes funded by at least one award of `year`. One query."""
    return set(funded_pairs_of(year=year, call_kind=call_kind, organisation_type=organisation_type)
               .values_list("municipality_id", flat=True).distinct())


def confirmed_municipality_codes(*, year: int, call_kind: str | None = None,
                                 organisation_type: str | None = None) -> set[str]:
    """NIS codes on a line of at least one received final report of `year`. One query."""
    return set(received_lines_of(year=year, call_kind=call_kind, organisation_type=organisation_type)
               .values_list("municipality_id", flat=True).distinct())


# --- 1. reach per province ---------------------------------------------------------------------------------------


def has_split(boys: int | None, girls: int | None, other: int | None) -> bool:
    """A gender split is given when at least one of boys, girls, other is reported and they add up to more than 0
    (the missing ones count as 0)."""
    return (boys or 0) + (girls or 0) + (other or 0) > 0


@dataclass
class ProvinceReach:
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
    expected_awards: set = field(default_factory=set)
    received_reports: set = field(default_factory=set)
    counted_reports: set = field(default_factory=set)
    split_reports: set = field(default_factory=set)

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
        return None if self.municipality_count is None else len(self.expected_awards)

    @property
    def reports_received(self) -> int | None:
        return None if self.municipality_count is None else len(self.received_reports)

    @property
    def reports_with_participants(self) -> int:
        return len(self.counted_reports)

    @property
    def reports_with_split(self) -> int:
        return len(self.split_reports)

    @property
    def split_total(self) -> int:
        return self.boys + self.girls + self.other

    @property
    def pooled_boys_share(self) -> Decimal | None:
        return share(self.boys, self.split_total)

    @property
    def pooled_girls_share(self) -> Decimal | None:
        return share(self.girls, self.split_total)

    def add_counts(self, report_id, participants, boys, girls, other) -> None:
        if participants is not None:
            self.participants = add_counts(self.participants, participants)
            self.counted_reports.add(report_id)
        if has_split(boys, girls, other):
            self.split_reports.add(report_id)
            self.boys += boys or 0
            self.girls += girls or 0
            self.other += other or 0


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

    provinces: dict[str, ProvinceReach] = {}
    for ref in municipalities.values():
        province = provinces.setdefault(ref.province_code, ProvinceReach(ref.province_code, ref.province, 0))
        province.municipality_count += 1
    unattributed = ProvinceReach("", gettext("Not attributable to a municipality"), None)
    total = ProvinceReach("", gettext("Flanders"), sum(p.municipality_count for p in provinces.values()))

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
            provinces[ref.province_code].planned.append(ref.name)
        if code in confirmed:
            provinces[ref.province_code].confirmed.append(ref.name)
    ordered = sorted(provinces.values(), key=lambda province: province.province)
    total.planned = [name for p in ordered for name in p.planned]
    total.confirmed = [name for p in ordered for name in p.confirmed]
    return ReachByProvince(year=year, basis_year=basis, provinces=ordered, unattributed=unattributed, total=total)


# --- 2. reach per municipality (annex 1) ---------------------------------------------------------------------------


@dataclass
class MunicipalityReach:
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
class Counts:
    participants: int | None = None
    boys: int | None = None
    girls: int | None = None
    other: int | None = None

    def add(self, participants=None, boys=None, girls=None, other=None) -> None:
        self.participants = add_counts(self.participants, participants)
        self.boys = add_counts(self.boys, boys)
        self.girls = add_counts(self.girls, girls)
        self.other = add_counts(self.other, other)


@dataclass
class ReachByMunicipality:
    year: int
    basis_year: int
    rows: list[MunicipalityReach]
    unattributed: Counts | None
    totals: Counts

    @property
    def planned_count(self) -> int:
        return sum(1 for row in self.rows if row.planned)

    @property
    def confirmed_count(self) -> int:
        return sum(1 for row in self.rows if row.confirmed)


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
        rows[code].amount_share = round_cents(sum(Fraction(cents, count) for count, cents in by_count.items()) / 100)

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
    return ReachByMunicipality(year=year, basis_year=basis, rows=list(rows.values()), unattributed=unattributed,
                               totals=totals)


# --- 3. participants and gender ----------------------------------------------------------------------------------


@dataclass
class Participation:
    """Participants (a lower bound) and gender shares with their coverage, for all academies or one group."""

    label: str = ""
    reports_expected: int = 0
    reports_received: int = 0
    reports_with_participants: int = 0
    participants_attributed: int | None = None
    participants_unattributed: int | None = None
    reports_with_split: int = 0
    boys: int = 0
    girls: int = 0
    other: int = 0
    academy_splits: dict[int, list[int]] = field(default_factory=dict)

    @property
    def participants_at_least(self) -> int | None:
        return add_counts(self.participants_attributed, self.participants_unattributed)

    @property
    def split_total(self) -> int:
        return self.boys + self.girls + self.other

    @property
    def pooled_boys_share(self) -> Decimal | None:
        return share(self.boys, self.split_total)

    @property
    def pooled_girls_share(self) -> Decimal | None:
        return share(self.girls, self.split_total)

    @property
    def pooled_other_share(self) -> Decimal | None:
        return share(self.other, self.split_total)

    @property
    def academies_with_split(self) -> int:
        return len(self.academy_splits)

    def _mean(self, index: int) -> Fraction | None:
        """Mean over the academies with a split of each academy's share, its reports of the year pooled first;
        exact (a Fraction), so that rounding for display happens once."""
        if not self.academy_splits:
            return None
        shares = [Fraction(split[index], sum(split)) for split in self.academy_splits.values()]
        return sum(shares) / len(shares)

    @property
    def mean_boys_share(self) -> Fraction | None:
        return self._mean(0)

    @property
    def mean_girls_share(self) -> Fraction | None:
        return self._mean(1)

    @property
    def mean_other_share(self) -> Fraction | None:
        return self._mean(2)

    @property
    def is_complete(self) -> bool:
        """True when every expected report is received and carries a participant count."""
        return self.reports_expected == self.reports_with_participants

    def add_report(self, *, academy_id, line_participants, line_participant_values, unattributed_participants,
                   boys, girls, other) -> None:
        self.reports_received += 1
        if line_participant_values or unattributed_participants is not None:
            self.reports_with_participants += 1
        self.participants_attributed = add_counts(self.participants_attributed, line_participants)
        self.participants_unattributed = add_counts(self.participants_unattributed, unattributed_participants)
        if boys is None and girls is None and other is None:
            return
        boys, girls, other = boys or 0, girls or 0, other or 0
        total = boys + girls + other
        if not total:
            return
        self.reports_with_split += 1
        self.boys += boys
        self.girls += girls
        self.other += other
        split = self.academy_splits.setdefault(academy_id, [0, 0, 0])
        split[0] += boys
        split[1] += girls
        split[2] += other


@dataclass
class ParticipationReport:
    year: int
    total: Participation
    by_organisation_type: list[Participation]


def participation(*, year: int, call_kind: str | None = None, organisation_type: str | None = None,
                  ) -> ParticipationReport:
    """Participants "at least" with coverage (final reports expected = awards, received, received with a count) and
    gender shares over the reports that give a split, pooled (sum of boys / sum of boys+girls+other) and as the mean
    of per-academy shares (each academy's reports of the year pooled first); overall and per organisation type.
    Two queries."""
    filters = {"year": year, "call_kind": call_kind, "organisation_type": organisation_type}
    expected = dict(awards_of(**filters).values_list("application__academy__organisation_type")
                    .annotate(count=Count("id")).order_by())
    reports = (received_reports_of(**filters)
               .values_list("id", "award__application__academy_id", "award__application__academy__organisation_type",
                            "unattributed_participants", "unattributed_boys", "unattributed_girls",
                            "unattributed_other")
               .annotate(line_participants=Sum("lines__participants"),
                         line_participant_values=Count("lines__participants"),
                         line_boys=Sum("lines__boys"), line_girls=Sum("lines__girls"),
                         line_other=Sum("lines__other"))
               .order_by())
    labels = dict(OrganisationType.choices)
    total = Participation(label="")
    groups = {kind: Participation(label=str(labels.get(kind, kind)), reports_expected=count)
              for kind, count in expected.items()}
    total.reports_expected = sum(expected.values())
    for (_id, academy_id, kind, u_participants, u_boys, u_girls, u_other, l_participants, l_values, l_boys, l_girls,
         l_other) in reports:
        group = groups.setdefault(kind, Participation(label=str(labels.get(kind, kind))))
        for target in (total, group):
            target.add_report(academy_id=academy_id, line_participants=l_participants, line_participant_values=l_values,
                              unattributed_participants=u_participants, boys=add_counts(l_boys, u_boys),
                              girls=add_counts(l_girls, u_girls), other=add_counts(l_other, u_other))
    ordered = [groups[kind] for kind, _label in OrganisationType.choices if kind in groups]
    return ParticipationReport(year=year, total=total, by_organisation_type=ordered)


# --- 4. money ----------------------------------------------------------------------------------------------------


@dataclass
class CallMoney:
    year: int
    code: str
    title: str
    kind: str
    kind_label: str
    award_count: int
    awarded: Decimal
    budget: Decimal
    academies: set = field(default_factory=set)

    @property
    def remainder(self) -> Decimal:
        return self.budget - self.awarded

    @property
    def academy_count(self) -> int:
        """Distinct academies funded: an academy funded in two calls counts once."""
        return len(self.academies)


@dataclass
class YearMoney:
    year: int
    calls: list[CallMoney] = field(default_factory=list)
    reserved: Decimal | None = None
    budget_note: str = ""

    @property
    def award_count(self) -> int:
        return sum(call.award_count for call in self.calls)

    @property
    def awarded(self) -> Decimal:
        return sum((call.awarded for call in self.calls), ZERO)

    @property
    def calls_budget(self) -> Decimal:
        return sum((call.budget for call in self.calls), ZERO)


def money(*, year: int | None = None, call_kind: str | None = None) -> list[YearMoney]:
    """Per year (newest first): per call the number of awards, amount awarded, call budget and remainder, and the
    year budget reserved (YearBudget), also for years without calls yet. Three queries."""
    calls = Call.objects.with_awarded_amount().order_by("-year", "kind", "code")
    budgets = YearBudget.objects.all()
    if year is not None:
        calls = calls.filter(year__in=[year, year + 1])
        budgets = budgets.filter(year__in=[year, year + 1])
    if call_kind:
        calls = calls.filter(kind=call_kind)
    kinds = dict(CallKind.choices)
    awards = awards_of(call_kind=call_kind)
    if year is not None:
        awards = awards.filter(application__call__year__in=[year, year + 1])
    funded_academies: dict[int, set] = defaultdict(set)
    for call_id, academy_id in awards.values_list("application__call_id", "application__academy_id"):
        funded_academies[call_id].add(academy_id)
    years: dict[int, YearMoney] = {}
    for call in calls:
        years.setdefault(call.year, YearMoney(call.year)).calls.append(CallMoney(
            year=call.year, code=call.code, title=call.title, kind=call.kind, kind_label=str(kinds[call.kind]),
            award_count=call.award_count, awarded=cents(call.awarded_amount), budget=cents(call.budget),
            academies=funded_academies[call.pk]))
    for budget in budgets:
        entry = years.setdefault(budget.year, YearMoney(budget.year))
        entry.reserved = cents(budget.amount)
        entry.budget_note = budget.note
    return [years[key] for key in sorted(years, reverse=True)]


def money_by_kind(years: Iterable[YearMoney], year: int) -> dict[str, CallMoney]:
    """The calls of `year` summed per call kind (award count, awarded, budget, distinct academies)."""
    result: dict[str, CallMoney] = {}
    for entry in years:
        if entry.year != year:
            continue
        for call in entry.calls:
            if call.kind in result:
                summed = result[call.kind]
                summed.award_count += call.award_count
                summed.awarded += call.awarded
                summed.budget += call.budget
                summed.academies = summed.academies | call.academies
            else:
                result[call.kind] = CallMoney(**{**call.__dict__})
    return result


# --- 5. trend ----------------------------------------------------------------------------------------------------


@dataclass
class TrendYear:
    year: int
    municipalities_planned: int = 0
    municipalities_confirmed: int = 0
    academies_recognised: int = 0
    academies_funded: int = 0
    awards: int = 0
    amount_awarded: Decimal = ZERO
    reports_received: int = 0
    reports_with_participants: int = 0
    participants_attributed: int | None = None
    participants_unattributed: int | None = None
    events: int | None = None
    events_labelled: int | None = None

    @property
    def participants_at_least(self) -> int | None:
        return add_counts(self.participants_attributed, self.participants_unattributed)

    @property
    def events_unlabelled(self) -> int | None:
        if self.events is None or self.events_labelled is None:
            return None
        return self.events - self.events_labelled


def event_counts_by_year() -> dict[int, tuple[int, int]]:
    """UiT events per year of their start date: {year: (all events, events with the STEM-academie label)}.
    One query."""
    rows = (Event.objects.filter(start_date__isnull=False).annotate(event_year=ExtractYear("start_date"))
            .values_list("event_year").annotate(total=Count("pk"), labelled=Count("pk", filter=Q(has_stem_label=True)))
            .order_by())
    return {year: (total, labelled) for year, total, labelled in rows}


def events_by_municipality(*, year: int) -> dict[str, tuple[int, int]]:
    """UiT events starting in `year` per municipality: {NIS code: (all events, events with the STEM-academie
    label)}; events without a municipality are left out. One query."""
    rows = (Event.objects.for_year(year).filter(municipality__isnull=False).values_list("municipality_id")
            .annotate(total=Count("pk"), labelled=Count("pk", filter=Q(has_stem_label=True))).order_by())
    return {code: (total, labelled) for code, total, labelled in rows}


def count_pairs_per_year(pairs) -> list[tuple[int, int, int | None]]:
    """(year, number of pairs, sum of `participants` or None) for a values() queryset of distinct
    (`call_year`, `municipality_id`) pairs, counted in the database around it. One query."""
    inner_sql, params = pairs.query.sql_with_params()
    has_participants = "participants" in pairs.query.annotations
    total = "SUM(pairs.participants)" if has_participants else "NULL"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT pairs.call_year, COUNT(*), {total} FROM ({inner_sql}) pairs "  # noqa: S608
                       "GROUP BY pairs.call_year", params)
        return [(year, count, None if participants is None else int(participants))
                for year, count, participants in cursor.fetchall()]


def trend(*, basis_year: int | None = None, call_kind: str | None = None, organisation_type: str | None = None,
          until_year: int | None = None) -> list[TrendYear]:
    """Per year from settings.PROGRAMME_START_YEAR to `until_year` (default: the last year with data):
    municipalities reached (planned, confirmed), academies recognised and funded, awards and amounts, received
    reports, participants (at least) and UiT events. Data outside that range never moves it. Each year counts its
    own municipalities; with `basis_year` municipalities are mapped to the one standing for them in that year
    before counting (merged municipalities count once). Six queries, seven with a basis year."""
    filters = {"call_kind": call_kind, "organisation_type": organisation_type}
    years: dict[int, TrendYear] = {}

    def entry(year: int) -> TrendYear:
        item = years.get(year)
        if item is None:
            item = years[year] = TrendYear(year)
        return item

    for row in (awards_of(**filters).values("application__call__year")
                .annotate(awards=Count("id"), academies=Count("application__academy_id", distinct=True),
                          amount=Coalesce(Sum("amount"), ZERO)).order_by()):
        item = entry(row["application__call__year"])
        item.awards, item.academies_funded = row["awards"], row["academies"]
        item.amount_awarded = cents(row["amount"])

    # Distinct municipalities per year come from distinct (year, municipality) pairs, which the database finds with
    # a hash aggregate; COUNT(DISTINCT ...) GROUP BY year sorts instead and spills to disk on large data.
    funded_pairs = (funded_pairs_of(**filters).annotate(call_year=F("award__application__call__year"))
                    .values("call_year", "municipality_id").distinct())
    line_pairs = (received_lines_of(**filters).annotate(call_year=F("report__award__application__call__year"))
                  .values("call_year", "municipality_id").annotate(participants=Sum("participants")))
    if basis_year is None:
        for year, count, _participants in count_pairs_per_year(funded_pairs):
            entry(year).municipalities_planned = count
        for year, count, participants in count_pairs_per_year(line_pairs):
            entry(year).municipalities_confirmed = count
            entry(year).participants_attributed = participants
    else:
        mapping = successor_map(basis_year)
        planned: dict[int, set] = defaultdict(set)
        for year, code in funded_pairs.values_list("call_year", "municipality_id"):
            planned[year].add(mapping.get(code, code))
        confirmed: dict[int, set] = defaultdict(set)
        reported: dict[int, int] = {}  # participants per year, only for years with a count
        for year, code, participants in line_pairs.values_list("call_year", "municipality_id", "participants"):
            confirmed[year].add(mapping.get(code, code))
            if participants is not None:
                reported[year] = reported.get(year, 0) + participants
        for year, codes in planned.items():
            entry(year).municipalities_planned = len(codes)
        for year, codes in confirmed.items():
            entry(year).municipalities_confirmed = len(codes)
            entry(year).participants_attributed = reported.get(year)

    lines_with_count = FinalReportLine.objects.filter(report=OuterRef("pk"), participants__isnull=False)
    for row in (received_reports_of(**filters).values("award__application__call__year")
                .annotate(received=Count("id"), unattributed=Sum("unattributed_participants"),
                          with_count=Count("id", filter=Q(unattributed_participants__isnull=False)
                                           | Q(Exists(lines_with_count)))).order_by()):
        item = entry(row["award__application__call__year"])
        item.reports_received, item.reports_with_participants = row["received"], row["with_count"]
        item.participants_unattributed = row["unattributed"]
    recognitions = Recognition.objects.all()
    if organisation_type:
        recognitions = recognitions.filter(academy__organisation_type=organisation_type)
    events = event_counts_by_year()
    first_year = programme_start_year()
    last_year = until_year
    if last_year is None:
        last_year = max((year for year in [*years, *events] if year >= first_year), default=None)
    if last_year is None or last_year < first_year:
        return []
    recognised = recognitions.aggregate(**{
        str(year): Count("academy", distinct=True, filter=recognition_valid_between(*year_bounds(year)))
        for year in range(first_year, last_year + 1)})
    for year in range(first_year, last_year + 1):
        item = entry(year)
        item.academies_recognised = recognised[str(year)]
        if year in events:
            item.events, item.events_labelled = events[year]
    return [years[year] for year in range(first_year, last_year + 1)]


def data_years() -> list[int]:
    """Years that have calls or a reserved budget, newest first. One query."""
    call_years = Call.objects.order_by().values_list("year", flat=True).distinct()
    budget_years = YearBudget.objects.order_by().values_list("year", flat=True)
    return sorted(set(call_years.union(budget_years)), reverse=True)


def report_years() -> list[int]:
    """Years that have calls, newest first: the years a report can be asked for. One query."""
    return sorted(Call.objects.order_by().values_list("year", flat=True).distinct(), reverse=True)
