"""Money after the award, per year and per call: awarded, settled, released, paid, still to pay and to recover,
"stand op" a given day. Self-contained: it reads `grants` and `payments` only and is not stored (the figures move
every day with the payments).

Definitions (docs/payments.md):
- awarded = sum of the awards; settled = sum of the decided settlements; released = award minus settlement of the
  settled awards; not settled = the awards without a settlement, so awarded = settled + released + not settled;
- advances and balances = payments paid on or before the day; recoveries received = recoveries received on or
  before the day; paid (net) = advances + balances - recoveries received;
- still to pay = payments not (yet) paid on the day (due, in a batch, or paid later);
- to recover = recoveries asked and not received or waived on the day.

Five queries, whatever the size of the data."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils import timezone

from academies.belgian import cents
from grants.models import ZERO, Award, Call
from payments.models import Payment, PaymentKind, Recovery, RecoveryStatus, Settlement

AMOUNTS = ("awarded", "settled", "released", "not_settled", "advances", "balances", "recoveries_received",
           "still_to_pay", "to_recover")


@dataclass
class PaymentFigures:
    awarded: Decimal = ZERO
    settled: Decimal = ZERO
    released: Decimal = ZERO
    not_settled: Decimal = ZERO
    advances: Decimal = ZERO
    balances: Decimal = ZERO
    recoveries_received: Decimal = ZERO
    still_to_pay: Decimal = ZERO
    to_recover: Decimal = ZERO

    @property
    def paid(self) -> Decimal:
        return self.advances + self.balances - self.recoveries_received

    def round_cents(self) -> None:
        """SQLite sums decimals with a longer scale (1350185.050000000); every figure is in cents."""
        for name in AMOUNTS:
            setattr(self, name, cents(getattr(self, name)))

    def add(self, other: "PaymentFigures") -> None:
        for name in AMOUNTS:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class CallPayments(PaymentFigures):
    year: int = 0
    code: str = ""
    title: str = ""
    kind_label: str = ""


@dataclass
class YearPayments(PaymentFigures):
    year: int = 0
    calls: list[CallPayments] = field(default_factory=list)


@dataclass
class PaymentsOverview:
    stand_op: datetime.date
    years: list[YearPayments]

    @property
    def total(self) -> PaymentFigures:
        total = PaymentFigures()
        for year in self.years:
            total.add(year)
        return total


def _sums(queryset, *group, amount: str) -> dict:
    return {tuple(row[key] for key in group): row["total"] or ZERO
            for row in queryset.values(*group).annotate(total=Sum(amount)).order_by()}


def payments_overview(*, on: datetime.date | None = None, year: int | None = None) -> PaymentsOverview:
    """Per year (newest first) and per call, the money figures on day `on` (default today)."""
    on = on or timezone.localdate()
    calls = Call.objects.order_by("-year", "code")
    awards = Award.objects.all()
    if year is not None:
        calls, awards = calls.filter(year=year), awards.for_year(year)
    call_key = "application__call"
    awarded = _sums(awards, call_key, amount="amount")
    settled_awards = awards.filter(settlement__isnull=False)
    settlement = _sums(Settlement.objects.filter(award__in=awards), "award__application__call",
                       amount="decided_amount")
    settled_awarded = _sums(settled_awards, call_key, amount="amount")
    paid_q = Q(status="paid", paid_on__lte=on)
    payments = Payment.objects.filter(award__in=awards).values("award__application__call", "kind").annotate(
        paid=Sum("amount", filter=paid_q), open=Sum("amount", filter=~paid_q)).order_by()
    recoveries = Recovery.objects.filter(award__in=awards).values("award__application__call").annotate(
        received=Sum("amount", filter=Q(status=RecoveryStatus.RECEIVED, received_on__lte=on)),
        asked=Sum("amount", filter=Q(status=RecoveryStatus.ASKED)
                  | Q(status=RecoveryStatus.RECEIVED, received_on__gt=on))).order_by()
    by_call: dict[int, CallPayments] = {}
    for call in calls:
        figures = CallPayments(year=call.year, code=call.code, title=call.title,
                               kind_label=call.get_kind_display())
        figures.awarded = awarded.get((call.pk,), ZERO)
        figures.settled = settlement.get((call.pk,), ZERO)
        figures.released = settled_awarded.get((call.pk,), ZERO) - figures.settled
        figures.not_settled = figures.awarded - settled_awarded.get((call.pk,), ZERO)
        by_call[call.pk] = figures
    for row in payments:
        figures = by_call[row["award__application__call"]]
        if row["kind"] == PaymentKind.ADVANCE:
            figures.advances += row["paid"] or ZERO
        else:
            figures.balances += row["paid"] or ZERO
        figures.still_to_pay += row["open"] or ZERO
    for row in recoveries:
        figures = by_call[row["award__application__call"]]
        figures.recoveries_received += row["received"] or ZERO
        figures.to_recover += row["asked"] or ZERO
    years: dict[int, YearPayments] = defaultdict(lambda: YearPayments())
    for figures in by_call.values():
        figures.round_cents()
        year_figures = years[figures.year]
        year_figures.year = figures.year
        year_figures.calls.append(figures)
        year_figures.add(figures)
    return PaymentsOverview(stand_op=on, years=[years[key] for key in sorted(years, reverse=True)])


