"""Random money after the award (hypothesis) as plain rows of tests/reports/oracle/money.py, shaped by the app's
rules (an advance of 80 % of the award, a settlement of at most the award, then a balance or a recovery), and their
loading into the database."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from hypothesis import strategies as st

from payments.models import Payment, PaymentBatch, Recovery, Settlement
from tests.factories import AcademyFactory, ApplicationFactory, AwardFactory, CallFactory, PartnershipCallFactory
from tests.payments.factories import BankAccountFactory
from tests.reports.oracle.money import MoneyAward, MoneyPayment, MoneyRecovery

YEARS = (2021, 2022, 2023)
KINDS = ("academy_rollout", "partnership_project")


def cents(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@st.composite
def day_in(draw, year: int) -> datetime.date:
    return datetime.date(year, 1, 1) + datetime.timedelta(days=draw(st.integers(0, 729)))


@st.composite
def payment(draw, kind: str, amount: Decimal, year: int) -> MoneyPayment:
    status = draw(st.sampled_from(("due", "in_batch", "paid", "paid")))
    return MoneyPayment(kind, amount, status, draw(day_in(year)) if status == "paid" else None)


@st.composite
def money_award(draw, index: int) -> MoneyAward:
    year, kind = draw(st.sampled_from(YEARS)), draw(st.sampled_from(KINDS))
    amount = Decimal(draw(st.integers(100, 2_000_000))) / 100
    payments, committed = [], Decimal("0.00")
    if draw(st.booleans()):
        committed = cents(amount * Decimal("0.8"))
        payments.append(draw(payment("advance", committed, year)))
    share = draw(st.one_of(st.none(), st.integers(0, 100)))
    settled = None if share is None else cents(amount * share / 100)
    recovery = None
    if settled is not None and settled > committed:
        payments.append(draw(payment("balance", settled - committed, year)))
    elif settled is not None and settled < committed:
        status = draw(st.sampled_from(("asked", "received", "waived")))
        recovery = MoneyRecovery(committed - settled, status, draw(day_in(year + 1)) if status == "received" else None)
    return MoneyAward(f"a{index:02d}", year, kind, amount, settled, tuple(payments), recovery)


@st.composite
def money_datasets(draw, max_size: int = 7) -> list[MoneyAward]:
    size = draw(st.integers(0, max_size))
    return [draw(money_award(index)) for index in range(size)]


def load(awards: list[MoneyAward], *, staff, approver) -> dict[MoneyAward, object]:
    """The rows as awards, payments, settlements and recoveries; {row: Award}."""
    batch = PaymentBatch.objects.create(
        execution_date=datetime.date(2021, 1, 4),
        created_by=staff,
        approved_by=approver,
        approved_at=timezone.now(),
        status="approved",
    )
    loaded = {}
    for row in awards:
        factory = CallFactory if row.kind == "academy_rollout" else PartnershipCallFactory
        call = factory(year=row.year, code=row.call, title=f"{row.call} titel")
        academy = AcademyFactory(code=row.academy, kbo_number="")
        award = AwardFactory(
            application=ApplicationFactory(call=call, academy=academy, status="awarded"), amount=row.amount
        )
        account = BankAccountFactory(academy=academy)
        for item in row.payments:
            Payment.objects.create(
                award=award,
                kind=item.kind,
                amount=item.amount,
                status=item.status,
                paid_on=item.paid_on,
                batch=None if item.status == "due" else batch,
                bank_account=None if item.status == "due" else account,
                created_by=staff,
            )
        if row.settled is not None:
            Settlement.objects.create(
                award=award, computed_amount=row.settled, decided_amount=row.settled, decided_by=staff
            )
        if row.recovery is not None:
            Recovery.objects.create(
                award=award,
                amount=row.recovery.amount,
                status=row.recovery.status,
                received_on=row.recovery.received_on,
                created_by=staff,
                waiver_reason="kwijtgescholden" if row.recovery.status == "waived" else "",
            )
        loaded[row] = award
    return loaded
