"""The reference computation of the money after the award (docs/payments.md, "Figures") over plain rows: no ORM and
no code of reports.selectors.payments, payments.selectors, api.giving or payments.subsidieregister; exact Decimal
sums. Shared by every surface the money figures leave by (tests/reports/oracle/test_money_oracle.py)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

ZERO = Decimal("0.00")
FIGURES = ("awarded", "settled", "released", "not_settled", "paid", "still_to_pay", "to_recover")


@dataclass(frozen=True)
class MoneyPayment:
    kind: str  # "advance" or "balance"
    amount: Decimal
    status: str  # "due", "in_batch" or "paid"
    paid_on: datetime.date | None = None


@dataclass(frozen=True)
class MoneyRecovery:
    amount: Decimal
    status: str  # "asked", "received" or "waived"
    received_on: datetime.date | None = None


@dataclass(frozen=True)
class MoneyAward:
    academy: str
    year: int
    kind: str  # "academy_rollout" or "partnership_project"
    amount: Decimal
    settled: Decimal | None = None
    payments: tuple[MoneyPayment, ...] = ()
    recovery: MoneyRecovery | None = None

    @property
    def call(self) -> str:
        return f"{self.kind.split('_')[0]}-{self.year}"


def _by(day: datetime.date | None, on: datetime.date | None) -> bool:
    return day is not None and (on is None or day <= on)


def paid_out(award: MoneyAward, kind: str | None = None, on: datetime.date | None = None) -> Decimal:
    """Advances and balances (or one `kind`) paid on or before `on` (None: ever)."""
    return sum(
        (
            payment.amount
            for payment in award.payments
            if payment.status == "paid" and _by(payment.paid_on, on) and kind in (None, payment.kind)
        ),
        ZERO,
    )


def received(award: MoneyAward, on: datetime.date | None = None) -> Decimal:
    recovery = award.recovery
    return recovery.amount if recovery and recovery.status == "received" and _by(recovery.received_on, on) else ZERO


def paid(award: MoneyAward, on: datetime.date | None = None) -> Decimal:
    """Paid (net) = advances + balances - recoveries received, by `on`."""
    return paid_out(award, on=on) - received(award, on)


def still_to_pay(award: MoneyAward, on: datetime.date | None = None) -> Decimal:
    """Payments not paid by `on`: due, in a batch, or paid later."""
    return sum(
        (payment.amount for payment in award.payments if not (payment.status == "paid" and _by(payment.paid_on, on))),
        ZERO,
    )


def to_recover(award: MoneyAward, on: datetime.date | None = None) -> Decimal:
    """Recoveries asked and not received by `on`; a waived one is not counted."""
    recovery = award.recovery
    if recovery is None or recovery.status == "waived" or received(award, on):
        return ZERO
    return recovery.amount


def year_figures(awards: list[MoneyAward], year: int, on: datetime.date) -> dict[str, Decimal]:
    """The figures of the awards of `year` on day `on`; awarded = settled + released + not yet settled."""
    mine = [award for award in awards if award.year == year]
    settled = [award for award in mine if award.settled is not None]
    return {
        "awarded": sum((award.amount for award in mine), ZERO),
        "settled": sum((award.settled for award in settled), ZERO),
        "released": sum((award.amount - award.settled for award in settled), ZERO),
        "not_settled": sum((award.amount for award in mine if award.settled is None), ZERO),
        "advances": sum((paid_out(award, "advance", on) for award in mine), ZERO),
        "balances": sum((paid_out(award, "balance", on) for award in mine), ZERO),
        "recoveries_received": sum((received(award, on) for award in mine), ZERO),
        "paid": sum((paid(award, on) for award in mine), ZERO),
        "still_to_pay": sum((still_to_pay(award, on) for award in mine), ZERO),
        "to_recover": sum((to_recover(award, on) for award in mine), ZERO),
    }


def has_money_after_award(awards: list[MoneyAward], year: int) -> bool:
    return any(award.payments or award.recovery for award in awards if award.year == year)
