"""The overview per year since the programme start: academies, municipalities, participants, money, UiT events."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.db.models import Count, Exists, F, Max, OuterRef, Q, Sum
from django.db.models.functions import Coalesce, ExtractYear

from academies.models import (
    Event,
    Recognition,
    recognition_valid_between,
    successor_map,
    year_bounds,
)
from grants.models import ZERO, Award, Call, FinalReportLine, YearBudget
from reports.selectors.base import (
    PicklesPositionally,
    add_counts,
    awards_of,
    cents,
    funded_pairs_of,
    programme_start_year,
    received_lines_of,
    received_reports_of,
)


@dataclass
class TrendYear(PicklesPositionally):
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


def event_counts_by_year(*, years: Iterable[int] | None = None) -> dict[int, tuple[int, int]]:
    """UiT events per year of their start date: {year: (all events, events with the STEM-academie label)}, of
    every year or of `years`. One query."""
    events = Event.objects.filter(start_date__isnull=False)
    if years is not None:
        events = events.filter(start_date__year__in=list(years))
    rows = (events.annotate(event_year=ExtractYear("start_date"))
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


def trend_last_year(*, call_kind: str | None = None, organisation_type: str | None = None) -> int | None:
    """The last year of the trend when no `until_year` is asked: the newest year with an award (of the call kind
    and organisation type) or a UiT event, or None when that is before the programme start. Two queries."""
    newest_award = awards_of(call_kind=call_kind, organisation_type=organisation_type).aggregate(
        year=Max("application__call__year"))["year"]
    newest_event = Event.objects.aggregate(date=Max("start_date"))["date"]
    newest = max([year for year in (newest_award, newest_event and newest_event.year) if year], default=None)
    return newest if newest is not None and newest >= programme_start_year() else None


@dataclass
class _TrendYears:
    """The rows of `live_trend` while they are counted, by year; with `only`, the queries are limited to those
    years."""

    only: list[int] | None
    filters: dict
    years: dict[int, TrendYear] = field(default_factory=dict)

    def entry(self, year: int) -> TrendYear:
        item = self.years.get(year)
        if item is None:
            item = self.years[year] = TrendYear(year)
        return item

    def of_years(self, queryset, path: str):
        return queryset if self.only is None else queryset.filter(**{f"{path}__in": self.only})

    def count_awards(self) -> None:
        for row in (self.of_years(awards_of(**self.filters), "application__call__year")
                    .values("application__call__year")
                    .annotate(awards=Count("id"), academies=Count("application__academy_id", distinct=True),
                              amount=Coalesce(Sum("amount"), ZERO)).order_by()):
            item = self.entry(row["application__call__year"])
            item.awards, item.academies_funded = row["awards"], row["academies"]
            item.amount_awarded = cents(row["amount"])

    def municipality_pairs(self):
        """Distinct (year, municipality) pairs funded, and (year, municipality, participants) reported. The
        database finds distinct pairs with a hash aggregate; COUNT(DISTINCT ...) GROUP BY year sorts instead and
        spills to disk on large data."""
        funded_pairs = (self.of_years(funded_pairs_of(**self.filters), "award__application__call__year")
                        .annotate(call_year=F("award__application__call__year"))
                        .values("call_year", "municipality_id").distinct())
        line_pairs = (self.of_years(received_lines_of(**self.filters), "report__award__application__call__year")
                      .annotate(call_year=F("report__award__application__call__year"))
                      .values("call_year", "municipality_id").annotate(participants=Sum("participants")))
        return funded_pairs, line_pairs

    def count_municipalities(self) -> None:
        funded_pairs, line_pairs = self.municipality_pairs()
        for year, count, _participants in count_pairs_per_year(funded_pairs):
            self.entry(year).municipalities_planned = count
        for year, count, participants in count_pairs_per_year(line_pairs):
            self.entry(year).municipalities_confirmed = count
            self.entry(year).participants_attributed = participants

    def count_municipalities_of(self, basis_year: int) -> None:
        """`count_municipalities` with each municipality mapped to the one standing for it in `basis_year`."""
        funded_pairs, line_pairs = self.municipality_pairs()
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
            self.entry(year).municipalities_planned = len(codes)
        for year, codes in confirmed.items():
            self.entry(year).municipalities_confirmed = len(codes)
            self.entry(year).participants_attributed = reported.get(year)

    def count_reports(self) -> None:
        lines_with_count = FinalReportLine.objects.filter(report=OuterRef("pk"), participants__isnull=False)
        for row in (self.of_years(received_reports_of(**self.filters), "award__application__call__year")
                    .values("award__application__call__year")
                    .annotate(received=Count("id"), unattributed=Sum("unattributed_participants"),
                              with_count=Count("id", filter=Q(unattributed_participants__isnull=False)
                                               | Q(Exists(lines_with_count)))).order_by()):
            item = self.entry(row["award__application__call__year"])
            item.reports_received, item.reports_with_participants = row["received"], row["with_count"]
            item.participants_unattributed = row["unattributed"]

    def count_recognitions_and_events(self, wanted: Iterable[int], organisation_type: str | None) -> None:
        recognitions = Recognition.objects.all()
        if organisation_type:
            recognitions = recognitions.filter(academy__organisation_type=organisation_type)
        events = event_counts_by_year(years=self.only)
        recognised = recognitions.aggregate(**{
            str(year): Count("academy", distinct=True, filter=recognition_valid_between(*year_bounds(year)))
            for year in wanted})
        for year in wanted:
            item = self.entry(year)
            item.academies_recognised = recognised[str(year)]
            if year in events:
                item.events, item.events_labelled = events[year]


def live_trend(*, basis_year: int | None = None, call_kind: str | None = None, organisation_type: str | None = None,
               until_year: int | None = None, years_only: Iterable[int] | None = None) -> list[TrendYear]:
    """Per year from settings.PROGRAMME_START_YEAR to `until_year` (default: the last year with data):
    municipalities reached (planned, confirmed), academies recognised and funded, awards and amounts, received
    reports, participants (at least) and UiT events. Data outside that range never moves it. Each year counts its
    own municipalities; with `basis_year` municipalities are mapped to the one standing for them in that year
    before counting (merged municipalities count once). Six queries, seven with a basis year, and the two of
    `trend_last_year` without `until_year`.

    `years_only` computes just those years (each in full, as part of the whole trend), for the stored figures."""
    filters = {"call_kind": call_kind, "organisation_type": organisation_type}
    only = None if years_only is None else sorted(set(years_only))
    rows = _TrendYears(only=only, filters=filters)
    rows.count_awards()
    if basis_year is None:
        rows.count_municipalities()
    else:
        rows.count_municipalities_of(basis_year)
    rows.count_reports()
    wanted = only if only is not None else _trend_range(until_year, filters)
    if not wanted:
        return []
    rows.count_recognitions_and_events(wanted, organisation_type)
    return [rows.years[year] for year in wanted]


def _trend_range(until_year: int | None, filters: dict) -> range:
    """The years of the whole trend: from the programme start to `until_year` or the last year with data (empty
    when that is before the start)."""
    first_year = programme_start_year()
    last_year = until_year if until_year is not None else trend_last_year(**filters)
    if last_year is None or last_year < first_year:
        return range(0)
    return range(first_year, last_year + 1)


def data_years() -> list[int]:
    """Years that have calls or a reserved budget, newest first. One query."""
    call_years = Call.objects.order_by().values_list("year", flat=True).distinct()
    budget_years = YearBudget.objects.order_by().values_list("year", flat=True)
    return sorted(set(call_years.union(budget_years)), reverse=True)


def award_years() -> set[int]:
    """The call years of every award. One query."""
    return set(Award.objects.order_by().values_list("application__call__year", flat=True).distinct())


def report_years() -> list[int]:
    """Years that have calls, newest first: the years a report can be asked for. One query."""
    return sorted(Call.objects.order_by().values_list("year", flat=True).distinct(), reverse=True)
