"""Each database constraint of the payments app refuses a row that bypasses the services (bulk or raw writes)."""

import datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction
from django.utils import timezone

from payments.models import (
    BankAccount,
    CostStatement,
    PaymentBatch,
    PaymentPlan,
    Recovery,
    Settlement,
)
from tests.factories import AwardFactory, CallFactory, FinalReportFactory, StaffUserFactory
from tests.payments.factories import BankAccountFactory, PaymentFactory

pytestmark = pytest.mark.django_db

TESTED = {
    "paymentplan_advance_is_percentage", "paymentplan_funding_rate_is_percentage", "paymentplan_rate_non_negative",
    "bankaccount_confirmed_by_second_person", "bankaccount_confirmed_with_actor",
    "bankaccount_one_pending_change_per_academy", "coststatement_amounts_non_negative",
    "coststatement_accepted_within_total", "settlement_amounts_non_negative", "settlement_override_has_reason",
    "paymentbatch_approved_by_second_person", "paymentbatch_approved_with_actor",
    "paymentbatch_exported_only_when_approved", "payment_amount_positive", "payment_one_per_kind_per_award",
    "payment_status_consistent", "recovery_amount_positive", "recovery_waiver_has_reason",
    "recovery_received_has_date",
}


def refused(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_every_constraint_of_the_app_has_a_test_here():
    names = {constraint.name for model in apps.get_app_config("payments").get_models()
             for constraint in model._meta.constraints}
    assert names == TESTED


@pytest.fixture
def staff():
    return StaffUserFactory(username="anna")


class TestPaymentPlan:
    @pytest.mark.parametrize("field,value", [("advance_pct", Decimal("100.01")), ("advance_pct", Decimal(-1)),
                                             ("funding_rate_pct", Decimal(101)),
                                             ("rate_per_municipality", Decimal(-1))])
    def test_out_of_range_is_refused(self, field, value):
        refused(lambda: PaymentPlan.objects.create(call=CallFactory(), **{field: value}))


class TestBankAccount:
    def test_the_proposer_cannot_confirm(self, staff):
        refused(lambda: BankAccountFactory(proposed_by=staff, confirmed_by=staff))

    def test_confirmed_without_a_date_is_refused(self, staff):
        refused(lambda: BankAccountFactory(confirmed_at=None))

    def test_one_pending_change_per_academy(self):
        pending = BankAccountFactory(pending=True)
        refused(lambda: BankAccountFactory(academy=pending.academy, pending=True))
        BankAccountFactory(academy=pending.academy)
        assert BankAccount.objects.filter(academy=pending.academy).count() == 2


class TestCostStatement:
    def test_negative_costs_are_refused(self):
        refused(lambda: CostStatement.objects.create(final_report=FinalReportFactory(), total_costs=Decimal(-1),
                                                     own_contribution=Decimal(0)))

    def test_accepted_above_total_is_refused(self):
        refused(lambda: CostStatement.objects.create(final_report=FinalReportFactory(), total_costs=Decimal(10),
                                                     own_contribution=Decimal(3), accepted_costs=Decimal(11)))


class TestSettlement:
    def test_negative_amount_is_refused(self, staff):
        refused(lambda: Settlement.objects.create(award=AwardFactory(), computed_amount=Decimal(-1),
                                                  decided_amount=Decimal(-1), decided_by=staff))

    def test_override_without_reason_is_refused(self, staff):
        refused(lambda: Settlement.objects.create(award=AwardFactory(), computed_amount=Decimal(10),
                                                  decided_amount=Decimal(9), decided_by=staff))


class TestPaymentBatch:
    def test_the_creator_cannot_approve(self, staff):
        refused(lambda: PaymentBatch.objects.create(execution_date=datetime.date(2023, 5, 2), created_by=staff,
                                                    approved_by=staff, approved_at=timezone.now(),
                                                    status="approved"))

    def test_approved_without_approver_is_refused(self, staff):
        refused(lambda: PaymentBatch.objects.create(execution_date=datetime.date(2023, 5, 2), created_by=staff,
                                                    status="approved"))

    def test_exported_before_approval_is_refused(self, staff):
        refused(lambda: PaymentBatch.objects.create(execution_date=datetime.date(2023, 5, 2), created_by=staff,
                                                    exported_at=timezone.now()))


class TestPayment:
    @pytest.mark.parametrize("amount", [Decimal(0), Decimal(-5)])
    def test_amount_must_be_positive(self, amount):
        refused(lambda: PaymentFactory(amount=amount))

    def test_one_advance_per_award(self):
        payment = PaymentFactory()
        refused(lambda: PaymentFactory(award=payment.award))

    def test_paid_without_date_is_refused(self):
        refused(lambda: PaymentFactory(status="paid"))

    def test_in_batch_without_batch_is_refused(self):
        refused(lambda: PaymentFactory(status="in_batch"))

    def test_due_with_a_paid_date_is_refused(self):
        refused(lambda: PaymentFactory(paid_on=datetime.date(2023, 1, 1)))


class TestRecovery:
    def test_amount_must_be_positive(self, staff):
        refused(lambda: Recovery.objects.create(award=AwardFactory(), amount=Decimal(0), created_by=staff))

    def test_waived_without_reason_is_refused(self, staff):
        refused(lambda: Recovery.objects.create(award=AwardFactory(), amount=Decimal(1), status="waived",
                                                created_by=staff))

    def test_received_without_date_is_refused(self, staff):
        refused(lambda: Recovery.objects.create(award=AwardFactory(), amount=Decimal(1), status="received",
                                                created_by=staff))

    def test_asked_with_a_received_date_is_refused(self, staff):
        refused(lambda: Recovery.objects.create(award=AwardFactory(), amount=Decimal(1),
                                                received_on=datetime.date(2024, 1, 1), created_by=staff))

