"""Every write of the money after the award: typed, keyword-only functions that validate with `full_clean()` and
save inside `transaction.atomic`, the acting user recorded. A refused write raises `ValidationError` (Dutch message)
and leaves the database as it was."""

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from academies.belgian import format_euro
from grants.models import ZERO, Award, Call, CallKind, FinalReport, FinalReportStatus
from payments.models import (
    BankAccount,
    BatchStatus,
    CostStatement,
    Payment,
    PaymentBatch,
    PaymentKind,
    PaymentPlan,
    PaymentStatus,
    Recovery,
    RecoveryStatus,
    Settlement,
    normalise_iban,
    share,
)

DEFAULT_ADVANCE_PCT = Decimal("80.00")


def _save(instance):
    instance.full_clean()
    instance.save()
    return instance


# --- payment plans ------------------------------------------------------------------------------------------------


def plan_for(call: Call) -> PaymentPlan:
    """The call's plan; a call without one pays the default advance (not saved)."""
    try:
        return call.payment_plan
    except PaymentPlan.DoesNotExist:
        return PaymentPlan(call=call, advance_pct=DEFAULT_ADVANCE_PCT)


@transaction.atomic
def payment_plan_set(*, call: Call, advance_pct: Decimal, rate_per_municipality: Decimal | None = None,
                     funding_rate_pct: Decimal | None = None, actor: AbstractBaseUser) -> PaymentPlan:
    plan = PaymentPlan.objects.filter(call=call).first() or PaymentPlan(call=call)
    plan.advance_pct = advance_pct
    plan.rate_per_municipality = rate_per_municipality
    plan.funding_rate_pct = funding_rate_pct
    plan._history_user = actor
    return _save(plan)


# --- bank accounts ------------------------------------------------------------------------------------------------


@transaction.atomic
def bank_account_propose(*, academy, iban: str, holder: str, actor: AbstractBaseUser) -> BankAccount:
    """A new IBAN for the academy (by a contact or by staff). It replaces a pending proposal and takes effect only
    when a second person confirms it."""
    BankAccount.objects.filter(academy=academy).pending().delete()
    account = BankAccount(academy=academy, iban=normalise_iban(iban), holder=holder.strip(), proposed_by=actor)
    account._history_user = actor
    return _save(account)


@transaction.atomic
def bank_account_confirm(*, account: BankAccount, actor: AbstractBaseUser) -> BankAccount:
    account = BankAccount.objects.select_for_update().get(pk=account.pk)
    if account.is_confirmed:
        raise ValidationError(_("This bank account is already confirmed."))
    if account.proposed_by_id == actor.pk:
        raise ValidationError(_("A second staff member must confirm a bank account: you proposed this one."))
    account.confirmed_by = actor
    account.confirmed_at = timezone.now()
    account._history_user = actor
    return _save(account)


# --- advances -----------------------------------------------------------------------------------------------------


def advance_amount(award: Award) -> Decimal:
    return share(award.amount, plan_for(award.application.call).advance_pct)


@transaction.atomic
def advance_create(*, award: Award, actor: AbstractBaseUser) -> Payment | None:
    """The advance of an award by its call's plan; None when the plan pays no advance. Refused twice."""
    if Payment.objects.filter(award=award, kind=PaymentKind.ADVANCE).exists():
        raise ValidationError(_("This award already has an advance."))
    amount = advance_amount(award)
    if amount <= 0:
        return None
    payment = Payment(award=award, kind=PaymentKind.ADVANCE, amount=amount, created_by=actor)
    payment._history_user = actor
    return _save(payment)


def advances_create_due(*, actor: AbstractBaseUser, awards=None) -> list[Payment]:
    """An advance for every award (of `awards`, default all) that has none yet and no settlement."""
    awards = (awards if awards is not None else Award.objects.all()).exclude(payments__kind=PaymentKind.ADVANCE) \
        .exclude(settlement__isnull=False).select_related("application__call__payment_plan")
    created = []
    with transaction.atomic():
        for award in awards:
            payment = advance_create(award=award, actor=actor)
            if payment is not None:
                created.append(payment)
    return created


# --- cost statement and settlement --------------------------------------------------------------------------------


@transaction.atomic
def cost_statement_save(*, final_report: FinalReport, total_costs: Decimal, own_contribution: Decimal,
                        other_funding: Decimal = ZERO, actor: AbstractBaseUser) -> CostStatement:
    if final_report.award.application.call.kind != CallKind.PARTNERSHIP_PROJECT:
        raise ValidationError(_("Only a partnership project reports its costs."))
    statement = CostStatement.objects.filter(final_report=final_report).first() \
        or CostStatement(final_report=final_report)
    statement.total_costs = total_costs
    statement.own_contribution = own_contribution
    statement.other_funding = other_funding
    statement._history_user = actor
    return _save(statement)


@transaction.atomic
def cost_statement_accept(*, statement: CostStatement, accepted_costs: Decimal | None,
                          actor: AbstractBaseUser) -> CostStatement:
    statement.accepted_costs = accepted_costs
    statement._history_user = actor
    return _save(statement)


def reached_funded_municipality_count(award: Award) -> int:
    """Funded municipalities that are on a line of the award's final report; a municipality reported but not
    funded does not count."""
    return award.funded_municipalities.filter(report_lines__report__award=award).distinct().count()


def settlement_compute(award: Award) -> Decimal:
    """The amount the call's rule gives from the accepted final report, never more than the award.

    Rollout: rate per municipality x funded municipalities reached. Partnership: accepted costs x funding rate
    (the plan's, or 100 % minus the call's minimum own contribution)."""
    report = FinalReport.objects.filter(award=award).first()
    if report is None or report.status != FinalReportStatus.ACCEPTED:
        raise ValidationError(_("A settlement needs an accepted final report."))
    call = award.application.call
    plan = plan_for(call)
    if call.kind == CallKind.ACADEMY_ROLLOUT:
        amount = (plan.municipality_rate or ZERO) * reached_funded_municipality_count(award)
    else:
        statement = CostStatement.objects.filter(final_report=report).first()
        if statement is None:
            raise ValidationError(_("A partnership project is settled from its cost statement, which is missing."))
        rate = plan.funding_rate_pct
        if rate is None:
            rate = Decimal(100) - (call.min_own_contribution_pct or ZERO)
        amount = share(statement.eligible_costs, rate)
    return min(amount, award.amount)


def _committed(award: Award) -> Decimal:
    return Payment.objects.filter(award=award).aggregate(total=Coalesce(Sum("amount"), ZERO))["total"]


def _balance_or_recovery(*, award: Award, settled: Decimal, actor: AbstractBaseUser) -> Payment | Recovery | None:
    """Settlement minus what was paid or is on its way: a balance payment when positive, a recovery when
    negative. A balance already in a batch, or a recovery already received or waived, cannot change."""
    balance = Payment.objects.filter(award=award, kind=PaymentKind.BALANCE).first()
    recovery = Recovery.objects.filter(award=award).first()
    if balance is not None and balance.status != PaymentStatus.DUE:
        raise ValidationError(_("The balance is already in a batch or paid; the settlement cannot change."))
    if recovery is not None and recovery.status != RecoveryStatus.ASKED:
        raise ValidationError(_("The recovery is already received or waived; the settlement cannot change."))
    if balance is not None:
        balance.delete()
    if recovery is not None:
        recovery.delete()
    difference = settled - _committed(award)
    if difference > 0:
        payment = Payment(award=award, kind=PaymentKind.BALANCE, amount=difference, created_by=actor)
        payment._history_user = actor
        return _save(payment)
    if difference < 0:
        recovery = Recovery(award=award, amount=-difference, created_by=actor)
        recovery._history_user = actor
        return _save(recovery)
    return None


@transaction.atomic
def settlement_decide(*, award: Award, actor: AbstractBaseUser, decided_amount: Decimal | None = None,
                      override_reason: str = "") -> Settlement:
    """Settle an award from its accepted final report; staff may decide another amount with a reason. The
    balance payment or the recovery follows."""
    award = Award.objects.select_for_update().select_related("application__call").get(pk=award.pk)
    computed = settlement_compute(award)
    settlement = Settlement.objects.filter(award=award).first() or Settlement(award=award)
    settlement.computed_amount = computed
    settlement.decided_amount = computed if decided_amount is None else decided_amount
    settlement.override_reason = override_reason.strip() if settlement.decided_amount != computed else ""
    settlement.decided_by = actor
    settlement._history_user = actor
    _save(settlement)
    _balance_or_recovery(award=award, settled=settlement.decided_amount, actor=actor)
    return settlement


@transaction.atomic
def recovery_receive(*, recovery: Recovery, received_on: datetime.date, actor: AbstractBaseUser) -> Recovery:
    recovery = Recovery.objects.select_for_update().get(pk=recovery.pk)
    if recovery.status != RecoveryStatus.ASKED:
        raise ValidationError(_("Only an asked recovery can be received."))
    recovery.status = RecoveryStatus.RECEIVED
    recovery.received_on = received_on
    recovery.updated_by = actor
    recovery._history_user = actor
    return _save(recovery)


@transaction.atomic
def recovery_waive(*, recovery: Recovery, reason: str, actor: AbstractBaseUser) -> Recovery:
    recovery = Recovery.objects.select_for_update().get(pk=recovery.pk)
    if recovery.status != RecoveryStatus.ASKED:
        raise ValidationError(_("Only an asked recovery can be waived."))
    recovery.status = RecoveryStatus.WAIVED
    recovery.waiver_reason = reason.strip()
    recovery.updated_by = actor
    recovery._history_user = actor
    return _save(recovery)


# --- batches ------------------------------------------------------------------------------------------------------


def _check_accounts(payments: Iterable[Payment]) -> None:
    """A batch pays only to the academy's current confirmed account."""
    errors = []
    for payment in payments:
        academy = payment.award.application.academy
        current = BankAccount.objects.current_for(academy)
        if current is None:
            errors.append(_("%(academy)s has no confirmed bank account.") % {"academy": academy})
        elif payment.bank_account_id is not None and payment.bank_account_id != current.pk:
            errors.append(_("The bank account of %(academy)s changed since the batch was made.")
                          % {"academy": academy})
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def batch_create(*, payments: Iterable[Payment], execution_date: datetime.date,
                 actor: AbstractBaseUser) -> PaymentBatch:
    payments = list(Payment.objects.select_for_update().filter(pk__in=[payment.pk for payment in payments])
                    .select_related("award__application__academy"))
    if not payments:
        raise ValidationError(_("Choose at least one due payment."))
    if any(payment.status != PaymentStatus.DUE for payment in payments):
        raise ValidationError(_("Only due payments can go into a batch."))
    _check_accounts(payments)
    batch = PaymentBatch(execution_date=execution_date, created_by=actor)
    batch._history_user = actor
    _save(batch)
    for payment in payments:
        payment.batch = batch
        payment.status = PaymentStatus.IN_BATCH
        payment.bank_account = BankAccount.objects.current_for(payment.award.application.academy)
        payment._history_user = actor
        _save(payment)
    return batch


@transaction.atomic
def batch_approve(*, batch: PaymentBatch, actor: AbstractBaseUser) -> PaymentBatch:
    """Four eyes: the creator of a batch cannot approve it."""
    batch = PaymentBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != BatchStatus.DRAFT:
        raise ValidationError(_("This batch is already approved."))
    if batch.created_by_id == actor.pk:
        raise ValidationError(_("A second staff member must approve this batch: you created it."))
    _check_accounts(batch.payments.select_related("award__application__academy"))
    batch.status = BatchStatus.APPROVED
    batch.approved_by = actor
    batch.approved_at = timezone.now()
    batch._history_user = actor
    return _save(batch)


@transaction.atomic
def batch_mark_exported(*, batch: PaymentBatch, actor: AbstractBaseUser) -> PaymentBatch:
    if batch.status != BatchStatus.APPROVED:
        raise ValidationError(_("Only an approved batch can be exported."))
    if batch.exported_at is None:
        batch.exported_at = timezone.now()
        batch._history_user = actor
        _save(batch)
    return batch


def describe_amount_mismatch(expected: Decimal, found: Decimal) -> str:
    return _("the amount is %(found)s, the payment is %(expected)s") % {
        "found": format_euro(found), "expected": format_euro(expected)}


@transaction.atomic
def payments_mark_paid(*, paid: Iterable[tuple[Payment, datetime.date]], actor: AbstractBaseUser) -> int:
    count = 0
    for payment, paid_on in paid:
        payment.status = PaymentStatus.PAID
        payment.paid_on = paid_on
        payment._history_user = actor
        _save(payment)
        count += 1
    return count
