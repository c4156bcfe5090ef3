"""Demo payments that agree with the demo awards: a confirmed synthetic IBAN per funded academy; for 2019-2022
every advance paid and, where the final report is accepted, the settlement by the call's rule (partnership
projects with a cost statement that covers the award) with its balance paid; 2023 advances paid, the rest due
after the final reports; one recovery (received). Run after `build_demo_data` (load_demo); a second run rebuilds
the same rows."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from schwifty import IBAN

from demo.dataset import CODE_PREFIX
from grants.models import Award, CallKind, FinalReportStatus
from payments.models import (
    BankAccount,
    BatchStatus,
    CostStatement,
    Payment,
    PaymentBatch,
    PaymentKind,
    PaymentStatus,
    Recovery,
    RecoveryStatus,
    Settlement,
)
from payments.services import advance_amount, settlement_compute

CREATOR, APPROVER = "demo-beheerder", "demo-financien"
FIRST_PAID_YEAR, LAST_YEAR = 2019, 2023


def demo_iban(number: int) -> str:
    """A Belgian IBAN with valid check digits in the bank-code range 539 (not a real account)."""
    return str(IBAN.generate("BE", bank_code="539", account_code=f"{number:07d}"))


def _clear(awards) -> None:
    Payment.objects.filter(award__in=awards).delete()
    PaymentBatch.objects.filter(payments__isnull=True).delete()
    Recovery.objects.filter(award__in=awards).delete()
    Settlement.objects.filter(award__in=awards).delete()
    CostStatement.objects.filter(final_report__award__in=awards).delete()
    BankAccount.objects.filter(academy__code__startswith=CODE_PREFIX).delete()


@transaction.atomic
def build_demo_payments() -> dict[str, int]:
    creator = get_user_model().objects.get(username=CREATOR)
    approver = get_user_model().objects.get(username=APPROVER)
    awards = list(Award.objects.filter(application__call__code__startswith=CODE_PREFIX,
                                       application__call__year__range=(FIRST_PAID_YEAR, LAST_YEAR))
                  .select_related("application__call", "application__academy", "final_report")
                  .order_by("application__call__year", "application__call__code", "application__academy__code"))
    _clear(awards)
    confirmed = timezone.make_aware(datetime.datetime(FIRST_PAID_YEAR, 1, 15, 10))
    accounts = {}
    for number, academy in enumerate(sorted({award.application.academy for award in awards}, key=lambda a: a.code),
                                     start=1):
        accounts[academy.pk] = BankAccount.objects.create(
            academy=academy, iban=demo_iban(number), holder=academy.name[:200], proposed_by=creator,
            confirmed_by=approver, confirmed_at=confirmed)
    batches: dict[datetime.date, PaymentBatch] = {}

    def pay(award, kind, amount, day):
        batch = batches.get(day)
        if batch is None:
            batch = batches[day] = PaymentBatch.objects.create(
                execution_date=day, created_by=creator, approved_by=approver, status=BatchStatus.APPROVED,
                approved_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(9))),
                exported_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(10))))
        Payment.objects.create(award=award, kind=kind, amount=amount, status=PaymentStatus.PAID, paid_on=day,
                               batch=batch, bank_account=accounts[award.application.academy_id], created_by=creator)

    recovery_done = False
    counts = {"payments": 0, "settlements": 0, "recoveries": 0}
    for award in awards:
        call = award.application.call
        advance = advance_amount(award)
        pay(award, PaymentKind.ADVANCE, advance, datetime.date(call.year, 5, 2))
        counts["payments"] += 1
        report = getattr(award, "final_report", None)
        if call.year == LAST_YEAR or report is None or report.status != FinalReportStatus.ACCEPTED:
            continue
        if call.kind == CallKind.PARTNERSHIP_PROJECT:
            CostStatement.objects.create(final_report=report, total_costs=(award.amount / Decimal("0.7"))
                                         .quantize(Decimal("0.01")),
                                         own_contribution=(award.amount * Decimal("0.3") / Decimal("0.7"))
                                         .quantize(Decimal("0.01")))
        computed = settlement_compute(award)
        decided, reason = computed, ""
        if not recovery_done and call.kind == CallKind.ACADEMY_ROLLOUT and computed > advance / 2:
            decided = (advance - Decimal("500.00")).quantize(Decimal("0.01"))
            reason = "Demo: twee reeksen activiteiten gingen niet door."
            recovery_done = True
        Settlement.objects.create(award=award, computed_amount=computed, decided_amount=decided,
                                  override_reason=reason, decided_by=creator)
        counts["settlements"] += 1
        difference = decided - advance
        if difference > 0:
            pay(award, PaymentKind.BALANCE, difference, datetime.date(call.year + 1, 6, 3))
            counts["payments"] += 1
        elif difference < 0:
            Recovery.objects.create(award=award, amount=-difference, status=RecoveryStatus.RECEIVED,
                                    received_on=datetime.date(call.year + 1, 9, 15), created_by=creator,
                                    updated_by=creator)
            counts["recoveries"] += 1
    return counts
