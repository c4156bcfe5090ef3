"""What the payment pages show: the money of one award, the due payments, the batches."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum
from django.db.models.functions import Coalesce

from grants.models import ZERO, Award
from payments.models import (
    BankAccount,
    Payment,
    PaymentBatch,
    PaymentKind,
    PaymentStatus,
    Recovery,
    Settlement,
)
from payments.services import advance_amount, plan_for


@dataclass(frozen=True)
class AwardMoney:
    award: Award
    advance_pct: Decimal
    planned_advance: Decimal
    settlement: Settlement | None
    payments: list[Payment]
    recovery: Recovery | None

    @property
    def granted(self) -> Decimal:
        return self.award.amount

    @property
    def paid(self) -> Decimal:
        received = self.recovery.amount if self.recovery and self.recovery.status == "received" else ZERO
        return sum((p.amount for p in self.payments if p.status == PaymentStatus.PAID), ZERO) - received

    @property
    def still_due(self) -> Decimal:
        return sum((p.amount for p in self.payments if p.status != PaymentStatus.PAID), ZERO)


def award_money(award: Award) -> AwardMoney:
    plan = plan_for(award.application.call)
    return AwardMoney(
        award=award, advance_pct=plan.advance_pct, planned_advance=advance_amount(award),
        settlement=Settlement.objects.filter(award=award).select_related("decided_by").first(),
        payments=list(Payment.objects.filter(award=award).select_related("batch").order_by("created_at")),
        recovery=Recovery.objects.filter(award=award).first())


def due_payments():
    return Payment.objects.due().for_table().order_by("award__application__call__year",
                                                      "award__application__academy__name", "kind")


def awards_without_advance():
    return Award.objects.exclude(payments__kind=PaymentKind.ADVANCE).filter(settlement__isnull=True)


def batches():
    return PaymentBatch.objects.select_related("created_by", "approved_by").annotate(
        total_amount=Coalesce(Sum("payments__amount"), ZERO), payment_count=Count("payments"))


def pending_bank_accounts():
    return BankAccount.objects.pending().select_related("academy", "proposed_by").order_by("proposed_at")


def current_bank_accounts(academies) -> dict[int, BankAccount]:
    accounts = {}
    for account in BankAccount.objects.confirmed().filter(academy__in=academies).order_by("confirmed_at", "pk"):
        accounts[account.academy_id] = account
    return accounts
