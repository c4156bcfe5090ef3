"""Money: awarded amounts per call and year, and the budget reserved for a year."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from grants.models import ZERO, Call, CallKind, YearBudget
from reports.selectors.base import PicklesPositionally, awards_of, cents


@dataclass
class CallMoney(PicklesPositionally):
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


def live_money(*, year: int | None = None, call_kind: str | None = None) -> list[YearMoney]:
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


