import datetime
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grants.models import ZERO
from payments.models import (
    Payment,
    PaymentBatch,
    PaymentKind,
    PaymentStatus,
    Recovery,
    RecoveryStatus,
    Settlement,
    share,
)
from reports.selectors.payments import payments_overview
from tests.factories import ApplicationFactory, AwardFactory, CallFactory, StaffUserFactory
from tests.grants.portal_setup import manager, reader
from tests.payments.factories import BankAccountFactory

STAND_OP = datetime.date(2024, 6, 30)
PAID = ("due", "in_batch", "paid", "paid_later")
RECOVERY = ("asked", "received", "received_later", "waived")

award_specs = st.lists(st.fixed_dictionaries({
    "year": st.sampled_from([2021, 2022, 2023]),
    "call": st.integers(0, 1),
    "cents": st.integers(100, 2_000_000),
    "advance": st.sampled_from(("none", *PAID)),
    "settled_share": st.one_of(st.none(), st.integers(0, 100)),
    "balance": st.sampled_from(PAID),
    "recovery": st.sampled_from(RECOVERY),
}), max_size=6)


def build(specs, staff, approver):
    batch = PaymentBatch.objects.create(execution_date=STAND_OP, created_by=staff, approved_by=approver,
                                        approved_at=timezone.now(), status="approved")
    expected = {}

    def pay(award, kind, amount, state, account):
        status = {"due": PaymentStatus.DUE, "in_batch": PaymentStatus.IN_BATCH}.get(state, PaymentStatus.PAID)
        paid_on = {"paid": STAND_OP, "paid_later": STAND_OP + datetime.timedelta(days=1)}.get(state)
        Payment.objects.create(award=award, kind=kind, amount=amount, status=status, paid_on=paid_on,
                               batch=None if status == PaymentStatus.DUE else batch, bank_account=account,
                               created_by=staff)
        return amount if state == "paid" else ZERO, ZERO if state == "paid" else amount

    for spec in specs:
        call = CallFactory(year=spec["year"], code=f"call-{spec['year']}-{spec['call']}")
        amount = Decimal(spec["cents"]) / 100
        award = AwardFactory(application=ApplicationFactory(call=call, status="awarded"), amount=amount)
        account = BankAccountFactory(academy=award.application.academy)
        figures = expected.setdefault(spec["year"], dict.fromkeys(
            ("awarded", "settled", "released", "not_settled", "advances", "balances", "received", "open",
             "to_recover"), ZERO))
        figures["awarded"] += amount
        committed = ZERO
        if spec["advance"] != "none":
            advance = share(amount, Decimal(80))
            paid, still = pay(award, PaymentKind.ADVANCE, advance, spec["advance"], account)
            figures["advances"] += paid
            figures["open"] += still
            committed = advance
        if spec["settled_share"] is None:
            figures["not_settled"] += amount
            continue
        settled = share(amount, Decimal(spec["settled_share"]))
        Settlement.objects.create(award=award, computed_amount=settled, decided_amount=settled, decided_by=staff)
        figures["settled"] += settled
        figures["released"] += amount - settled
        difference = settled - committed
        if difference > 0:
            paid, still = pay(award, PaymentKind.BALANCE, difference, spec["balance"], account)
            figures["balances"] += paid
            figures["open"] += still
        elif difference < 0:
            state = spec["recovery"]
            status = {"received_later": RecoveryStatus.RECEIVED}.get(state, state)
            received_on = {"received": STAND_OP, "received_later": STAND_OP + datetime.timedelta(days=3)}.get(state)
            Recovery.objects.create(award=award, amount=-difference, status=status, received_on=received_on,
                                    waiver_reason="kwijtschelding" if state == "waived" else "", created_by=staff)
            if state == "received":
                figures["received"] -= difference
            elif state != "waived":
                figures["to_recover"] -= difference
    return expected


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(specs=award_specs)
def test_money_after_the_award_reconciles_per_year(db, specs):
    with transaction.atomic():
        staff, approver = StaffUserFactory(username="anna"), StaffUserFactory(username="bert")
        expected = build(specs, staff, approver)
        overview = payments_overview(on=STAND_OP)
        years = {year.year: year for year in overview.years}
        assert set(years) == set(expected)
        for year, want in expected.items():
            got = years[year]
            assert got.awarded == want["awarded"] == got.settled + got.released + got.not_settled
            assert (got.settled, got.released, got.not_settled) == (want["settled"], want["released"],
                                                                     want["not_settled"])
            assert (got.advances, got.balances, got.recoveries_received) == (want["advances"], want["balances"],
                                                                             want["received"])
            assert got.paid == want["advances"] + want["balances"] - want["received"]
            assert (got.still_to_pay, got.to_recover) == (want["open"], want["to_recover"])
            assert got.awarded == sum((call.awarded for call in got.calls), ZERO)
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_a_year_runs_a_fixed_number_of_queries(django_assert_max_num_queries):
    for year in (2022, 2023):
        AwardFactory(application__call=CallFactory(year=year))
    with django_assert_max_num_queries(6):
        overview = payments_overview(on=STAND_OP)
    assert [year.year for year in overview.years] == [2023, 2022]
    assert overview.stand_op == STAND_OP


@pytest.mark.django_db
def test_staff_page_shows_the_figures_on_a_day(client):
    award = AwardFactory(application__call=CallFactory(year=2023), amount=Decimal("4000.00"))
    staff = manager("anna")
    Payment.objects.create(award=award, kind=PaymentKind.ADVANCE, amount=Decimal("3200.00"), status="paid",
                           paid_on=datetime.date(2023, 5, 3), created_by=staff,
                           batch=PaymentBatch.objects.create(execution_date=STAND_OP, created_by=staff),
                           bank_account=BankAccountFactory(academy=award.application.academy))
    client.force_login(reader())
    page = client.get("/rapporten/middelen/betalingen/?stand_op=31/12/2023").content.decode()
    assert "Stand op 31/12/2023" in page
    assert "€\xa03.200,00" in page and "€\xa04.000,00" in page
    before = client.get("/rapporten/middelen/betalingen/?stand_op=2023-05-02").context["overview"].years[0]
    assert (before.paid, before.still_to_pay) == (ZERO, Decimal("3200.00"))
