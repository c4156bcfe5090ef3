import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from grants.models import FinalReportStatus
from payments import services
from payments.models import BankAccount, BatchStatus, Payment, PaymentKind, PaymentStatus, Recovery, RecoveryStatus
from tests.factories import (
    AwardFactory,
    FinalReportFactory,
    FinalReportLineFactory,
    PartnershipCallFactory,
    StaffUserFactory,
    municipality,
)
from tests.payments.factories import BankAccountFactory, PaymentFactory, PaymentPlanFactory

pytestmark = pytest.mark.django_db

GENT, AALST, BRUGGE, LEUVEN = "44021", "41002", "31005", "24062"
EXECUTION = datetime.date(2023, 5, 2)


def accepted_report(award, *nis_codes):
    report = FinalReportFactory(award=award, status=FinalReportStatus.ACCEPTED)
    for code in nis_codes:
        FinalReportLineFactory(report=report, municipality=municipality(code))
    return report


@pytest.fixture
def staff():
    return StaffUserFactory(username="anna")


@pytest.fixture
def second_staff():
    return StaffUserFactory(username="bert")


class TestSettlementOfRolloutAwards:
    def test_rate_times_funded_municipalities_reached(self, staff):
        award = AwardFactory(amount=Decimal("6000.00"), funded=[municipality(GENT), municipality(AALST),
                                                                 municipality(BRUGGE)])
        accepted_report(award, GENT, AALST)
        assert services.settlement_compute(award) == Decimal("4000.00")

    def test_a_municipality_reported_but_not_funded_does_not_count(self, staff):
        award = AwardFactory(amount=Decimal("4000.00"), funded=[municipality(GENT), municipality(AALST)])
        accepted_report(award, GENT, LEUVEN)
        assert services.settlement_compute(award) == Decimal("2000.00")

    def test_never_more_than_the_award(self, staff):
        award = AwardFactory(amount=Decimal("3000.00"), funded=[municipality(GENT), municipality(AALST)])
        PaymentPlanFactory(call=award.application.call, rate_per_municipality=Decimal("2500.00"))
        accepted_report(award, GENT, AALST)
        assert services.settlement_compute(award) == Decimal("3000.00")

    def test_plan_rate_replaces_the_call_amount(self, staff):
        award = AwardFactory(amount=Decimal("4000.00"), funded=[municipality(GENT), municipality(AALST)])
        PaymentPlanFactory(call=award.application.call, rate_per_municipality=Decimal("1500.00"))
        accepted_report(award, GENT, AALST)
        assert services.settlement_compute(award) == Decimal("3000.00")

    @pytest.mark.parametrize("status", [FinalReportStatus.SUBMITTED, FinalReportStatus.RETURNED])
    def test_needs_an_accepted_final_report(self, staff, status):
        award = AwardFactory(funded=[municipality(GENT)])
        FinalReportFactory(award=award, status=status)
        with pytest.raises(ValidationError):
            services.settlement_decide(award=award, actor=staff)


class TestSettlementOfPartnershipProjects:
    def award(self, amount="50000.00"):
        return AwardFactory(application__call=PartnershipCallFactory(), amount=Decimal(amount))

    def test_accepted_costs_times_funding_rate(self, staff):
        award = self.award()
        PaymentPlanFactory(call=award.application.call, funding_rate_pct=Decimal("70.00"))
        report = accepted_report(award)
        statement = services.cost_statement_save(final_report=report, total_costs=Decimal("60000.00"),
                                                 own_contribution=Decimal("18000.00"), actor=staff)
        services.cost_statement_accept(statement=statement, accepted_costs=Decimal("55000.00"), actor=staff)
        assert services.settlement_compute(award) == Decimal("38500.00")

    def test_without_a_plan_rate_the_call_minimum_own_contribution_sets_the_rate(self, staff):
        award = self.award()
        report = accepted_report(award)
        services.cost_statement_save(final_report=report, total_costs=Decimal("10000.00"),
                                     own_contribution=Decimal("3000.00"), actor=staff)
        assert services.settlement_compute(award) == Decimal("7000.00")

    def test_capped_at_the_award(self, staff):
        award = self.award("20000.00")
        report = accepted_report(award)
        services.cost_statement_save(final_report=report, total_costs=Decimal("100000.00"),
                                     own_contribution=Decimal("30000.00"), actor=staff)
        assert services.settlement_compute(award) == Decimal("20000.00")

    def test_without_cost_statement_is_refused(self, staff):
        award = self.award()
        accepted_report(award)
        with pytest.raises(ValidationError, match="kostenstaat|cost statement"):
            services.settlement_compute(award)

    def test_rollout_award_has_no_cost_statement(self, staff):
        report = accepted_report(AwardFactory())
        with pytest.raises(ValidationError):
            services.cost_statement_save(final_report=report, total_costs=Decimal(1), own_contribution=Decimal(0),
                                         actor=staff)


class TestBalanceOrRecovery:
    def test_settlement_above_the_advance_gives_a_balance(self, staff):
        award = AwardFactory(amount=Decimal("6000.00"), funded=[municipality(c) for c in (GENT, AALST, BRUGGE)])
        services.advance_create(award=award, actor=staff)
        accepted_report(award, GENT, AALST, BRUGGE)
        settlement = services.settlement_decide(award=award, actor=staff)
        balance = Payment.objects.get(award=award, kind=PaymentKind.BALANCE)
        assert (settlement.decided_amount, balance.amount, balance.status) == (
            Decimal("6000.00"), Decimal("1200.00"), PaymentStatus.DUE)
        assert not Recovery.objects.filter(award=award).exists()

    def test_settlement_below_the_advance_gives_a_recovery(self, staff):
        award = AwardFactory(amount=Decimal("6000.00"), funded=[municipality(c) for c in (GENT, AALST, BRUGGE)])
        services.advance_create(award=award, actor=staff)  # 4800
        accepted_report(award, GENT)
        services.settlement_decide(award=award, actor=staff)
        recovery = Recovery.objects.get(award=award)
        assert (recovery.amount, recovery.status) == (Decimal("2800.00"), RecoveryStatus.ASKED)
        assert not Payment.objects.filter(award=award, kind=PaymentKind.BALANCE).exists()

    def test_settlement_equal_to_the_advance_gives_neither(self, staff):
        award = AwardFactory(amount=Decimal("2500.00"), funded=[municipality(GENT), municipality(AALST)])
        PaymentPlanFactory(call=award.application.call, advance_pct=Decimal("80.00"),
                           rate_per_municipality=Decimal("1000.00"))
        services.advance_create(award=award, actor=staff)  # 2000
        accepted_report(award, GENT, AALST)
        services.settlement_decide(award=award, actor=staff)
        assert Payment.objects.filter(award=award).count() == 1
        assert not Recovery.objects.filter(award=award).exists()

    def test_override_needs_a_reason_and_keeps_both_amounts(self, staff, second_staff):
        award = AwardFactory(amount=Decimal("4000.00"), funded=[municipality(GENT), municipality(AALST)])
        services.advance_create(award=award, actor=staff)
        accepted_report(award, GENT, AALST)
        services.settlement_decide(award=award, actor=staff)
        with pytest.raises(ValidationError):
            services.settlement_decide(award=award, actor=second_staff, decided_amount=Decimal("3500.00"))
        settlement = services.settlement_decide(award=award, actor=second_staff, decided_amount=Decimal("3500.00"),
                                                override_reason="Eén activiteit ging niet door.")
        assert (settlement.computed_amount, settlement.decided_amount, settlement.decided_by) == (
            Decimal("4000.00"), Decimal("3500.00"), second_staff)
        assert Payment.objects.get(award=award, kind=PaymentKind.BALANCE).amount == Decimal("300.00")

    def test_override_above_the_award_is_refused(self, staff):
        award = AwardFactory(amount=Decimal("4000.00"), funded=[municipality(GENT)])
        accepted_report(award, GENT)
        with pytest.raises(ValidationError):
            services.settlement_decide(award=award, actor=staff, decided_amount=Decimal("4000.01"),
                                       override_reason="te veel")

    def test_waiving_a_recovery_needs_a_reason(self, staff):
        award = AwardFactory(amount=Decimal("6000.00"), funded=[municipality(GENT)])
        services.advance_create(award=award, actor=staff)
        accepted_report(award)
        services.settlement_decide(award=award, actor=staff)
        recovery = Recovery.objects.get(award=award)
        with pytest.raises(ValidationError):
            services.recovery_waive(recovery=recovery, reason=" ", actor=staff)
        services.recovery_waive(recovery=recovery, reason="Vereffend met subsidie 2024.", actor=staff)
        recovery.refresh_from_db()
        assert recovery.status == RecoveryStatus.WAIVED

    def test_receiving_a_recovery_records_the_date(self, staff):
        award = AwardFactory(amount=Decimal("6000.00"), funded=[municipality(GENT)])
        services.advance_create(award=award, actor=staff)
        accepted_report(award)
        services.settlement_decide(award=award, actor=staff)
        recovery = services.recovery_receive(recovery=Recovery.objects.get(award=award),
                                             received_on=datetime.date(2024, 6, 1), actor=staff)
        assert recovery.received_on == datetime.date(2024, 6, 1)


class TestAdvances:
    def test_advance_is_the_plan_share_of_the_award(self, staff):
        award = AwardFactory(amount=Decimal("4650.00"))
        PaymentPlanFactory(call=award.application.call, advance_pct=Decimal("75.00"))
        assert services.advance_create(award=award, actor=staff).amount == Decimal("3487.50")

    def test_default_advance_is_80_percent(self, staff):
        assert services.advance_create(award=AwardFactory(amount=Decimal("4000.00")), actor=staff).amount \
            == Decimal("3200.00")

    def test_second_advance_is_refused(self, staff):
        award = AwardFactory()
        services.advance_create(award=award, actor=staff)
        with pytest.raises(ValidationError):
            services.advance_create(award=award, actor=staff)

    def test_create_due_skips_awards_that_have_one(self, staff):
        first, second = AwardFactory(), AwardFactory()
        services.advance_create(award=first, actor=staff)
        assert [p.award for p in services.advances_create_due(actor=staff)] == [second]


class TestBatches:
    def due_payment(self, *, confirmed=True):
        payment = PaymentFactory()
        BankAccountFactory(academy=payment.award.application.academy, pending=not confirmed)
        return payment

    def test_the_creator_cannot_approve(self, staff, second_staff):
        batch = services.batch_create(payments=[self.due_payment()], execution_date=EXECUTION, actor=staff)
        with pytest.raises(ValidationError, match="tweede|second"):
            services.batch_approve(batch=batch, actor=staff)
        batch.refresh_from_db()
        assert batch.status == BatchStatus.DRAFT
        services.batch_approve(batch=batch, actor=second_staff)
        batch.refresh_from_db()
        assert (batch.status, batch.approved_by) == (BatchStatus.APPROVED, second_staff)

    def test_a_batch_with_an_unconfirmed_iban_is_refused(self, staff):
        payment = self.due_payment(confirmed=False)
        with pytest.raises(ValidationError, match="bevestigde|confirmed"):
            services.batch_create(payments=[payment], execution_date=EXECUTION, actor=staff)
        payment.refresh_from_db()
        assert payment.status == PaymentStatus.DUE

    def test_an_iban_change_after_the_batch_blocks_approval(self, staff, second_staff):
        payment = self.due_payment()
        batch = services.batch_create(payments=[payment], execution_date=EXECUTION, actor=staff)
        BankAccountFactory(academy=payment.award.application.academy, iban="BE21001234567803")
        with pytest.raises(ValidationError):
            services.batch_approve(batch=batch, actor=second_staff)

    def test_a_pending_change_does_not_redirect_payments(self, staff):
        payment = self.due_payment()
        confirmed = BankAccount.objects.get()
        BankAccountFactory(academy=payment.award.application.academy, iban="BE21001234567803", pending=True)
        services.batch_create(payments=[payment], execution_date=EXECUTION, actor=staff)
        payment.refresh_from_db()
        assert payment.bank_account == confirmed

    def test_payment_in_a_batch_cannot_join_another(self, staff):
        payment = self.due_payment()
        services.batch_create(payments=[payment], execution_date=EXECUTION, actor=staff)
        with pytest.raises(ValidationError):
            services.batch_create(payments=[payment], execution_date=EXECUTION, actor=staff)


class TestBankAccounts:
    def test_a_change_takes_effect_after_a_second_person_confirms(self, staff, second_staff):
        academy = BankAccountFactory().academy
        old = BankAccount.objects.current_for(academy)
        proposed = services.bank_account_propose(academy=academy, iban="BE21 0012 3456 7803", holder="Nieuw",
                                                 actor=staff)
        assert proposed.iban == "BE21001234567803"
        assert BankAccount.objects.current_for(academy) == old
        with pytest.raises(ValidationError):
            services.bank_account_confirm(account=proposed, actor=staff)
        services.bank_account_confirm(account=proposed, actor=second_staff)
        assert BankAccount.objects.current_for(academy) == proposed
        assert BankAccount.objects.filter(academy=academy).count() == 2

    def test_an_iban_with_a_wrong_check_digit_is_refused(self, staff):
        academy = BankAccountFactory().academy
        with pytest.raises(ValidationError, match="IBAN"):
            services.bank_account_propose(academy=academy, iban="BE68539007547035", holder="X", actor=staff)
