"""Money after the award: the payment plan of a call, the academy's bank account, advances and balances paid in
batches, the settlement from the accepted final report and recoveries. Rules the database can hold are
constraints; cross-row rules are in `services.py`."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException
from simple_history.models import HistoricalRecords

from academies.belgian import cents
from academies.models import Academy
from grants.models import ZERO, Award, Call, FinalReport, money_field, non_negative


def percentage_field(verbose_name, **kwargs) -> models.DecimalField:
    return models.DecimalField(verbose_name, max_digits=5, decimal_places=2, **kwargs)


def is_percentage(name: str, field: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 0, f"{field}__lte": 100}), name=name)


def validate_iban(value: str) -> None:
    """Every writer (portal and staff forms, the admin, the import) validates through this: country, length and
    check digits."""
    try:
        IBAN(value)
    except SchwiftyException as error:
        raise ValidationError(_("'%(value)s' is not a valid IBAN (%(reason)s)."),
                              code="invalid_iban", params={"value": value, "reason": error}) from error


def normalise_iban(value: str) -> str:
    return "".join(value.split()).upper()


def share(amount: Decimal, pct: Decimal) -> Decimal:
    return cents(amount * pct / 100)


class PaymentPlan(models.Model):
    """How a call pays: an advance share after the award, the rest after the accepted final report; the
    settlement rate by the call's kind (rollout: per funded municipality reached; partnership: share of the
    accepted costs)."""

    call = models.OneToOneField(Call, on_delete=models.CASCADE, related_name="payment_plan", verbose_name=_("call"))
    advance_pct = percentage_field(_("advance (%)"), default=Decimal("80.00"))
    rate_per_municipality = money_field(_("settlement rate per reached municipality"), null=True, blank=True,
                                        help_text=_("Empty: the call's amount per municipality."))
    funding_rate_pct = percentage_field(_("funding rate of the accepted costs (%)"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("payment plan")
        verbose_name_plural = _("payment plans")
        constraints = [
            is_percentage("paymentplan_advance_is_percentage", "advance_pct"),
            is_percentage("paymentplan_funding_rate_is_percentage", "funding_rate_pct"),
            non_negative("paymentplan_rate_non_negative", "rate_per_municipality"),
        ]

    def __str__(self) -> str:
        return str(self.call)

    @property
    def municipality_rate(self) -> Decimal | None:
        return self.rate_per_municipality if self.rate_per_municipality is not None \
            else self.call.amount_per_municipality


class BankAccountQuerySet(models.QuerySet):
    def confirmed(self) -> "BankAccountQuerySet":
        return self.filter(confirmed_at__isnull=False)

    def pending(self) -> "BankAccountQuerySet":
        return self.filter(confirmed_at__isnull=True)

    def current_for(self, academy: Academy) -> "BankAccount | None":
        """The account payments go to: the academy's last confirmed one."""
        return self.filter(academy=academy).confirmed().order_by("-confirmed_at", "-pk").first()


class BankAccount(models.Model):
    """One IBAN of an academy. A new row is a proposed change; it takes effect once a second person (a staff
    member other than the proposer) confirms it. Old rows stay as the history."""

    academy = models.ForeignKey(Academy, on_delete=models.PROTECT, related_name="bank_accounts",
                                verbose_name=_("academy"))
    iban = models.CharField(_("IBAN"), max_length=34, validators=[validate_iban])
    holder = models.CharField(_("account holder"), max_length=200)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("proposed by"))
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("confirmed by"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    history = HistoricalRecords()
    objects = BankAccountQuerySet.as_manager()

    class Meta:
        ordering = ["academy", "-proposed_at"]
        verbose_name = _("bank account")
        verbose_name_plural = _("bank accounts")
        constraints = [
            models.CheckConstraint(condition=Q(confirmed_by__isnull=True) | ~Q(confirmed_by=F("proposed_by")),
                                   name="bankaccount_confirmed_by_second_person"),
            models.CheckConstraint(condition=Q(confirmed_by__isnull=True, confirmed_at__isnull=True)
                                   | Q(confirmed_by__isnull=False, confirmed_at__isnull=False),
                                   name="bankaccount_confirmed_with_actor"),
            models.UniqueConstraint(fields=["academy"], condition=Q(confirmed_at__isnull=True),
                                    name="bankaccount_one_pending_change_per_academy"),
        ]

    def __str__(self) -> str:
        return f"{self.academy} – {self.iban}"

    def clean(self) -> None:
        if self.iban:
            self.iban = normalise_iban(self.iban)

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class CostStatement(models.Model):
    """The cost statement of a partnership project, entered with its final report; staff may accept less than
    the total costs."""

    final_report = models.OneToOneField(FinalReport, on_delete=models.CASCADE, related_name="cost_statement",
                                        verbose_name=_("final report"))
    total_costs = money_field(_("total costs"))
    own_contribution = money_field(_("own contribution"))
    other_funding = money_field(_("other funding"), default=ZERO)
    accepted_costs = money_field(_("accepted costs"), null=True, blank=True,
                                 help_text=_("Empty: the total costs are accepted."))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cost statement")
        verbose_name_plural = _("cost statements")
        constraints = [
            non_negative("coststatement_amounts_non_negative", "total_costs", "own_contribution", "other_funding",
                         "accepted_costs"),
            models.CheckConstraint(condition=Q(accepted_costs__isnull=True) | Q(accepted_costs__lte=F("total_costs")),
                                   name="coststatement_accepted_within_total"),
        ]

    def __str__(self) -> str:
        return str(self.final_report)

    def clean(self) -> None:
        if (self.accepted_costs is not None and self.total_costs is not None
                and self.accepted_costs > self.total_costs):
            raise ValidationError({"accepted_costs": _("The accepted costs cannot be more than the total costs.")})

    @property
    def eligible_costs(self) -> Decimal:
        return self.total_costs if self.accepted_costs is None else self.accepted_costs


class Settlement(models.Model):
    """How much the grant finally is: the amount the call's rule gives and the amount staff decided (the same
    unless overridden with a reason)."""

    award = models.OneToOneField(Award, on_delete=models.PROTECT, related_name="settlement",
                                 verbose_name=_("award"))
    computed_amount = money_field(_("computed amount"))
    decided_amount = money_field(_("decided amount"))
    override_reason = models.TextField(_("reason for the override"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-award__application__call__year", "award__application__academy__name"]
        verbose_name = _("settlement")
        verbose_name_plural = _("settlements")
        constraints = [
            non_negative("settlement_amounts_non_negative", "computed_amount", "decided_amount"),
            models.CheckConstraint(condition=Q(decided_amount=F("computed_amount")) | ~Q(override_reason=""),
                                   name="settlement_override_has_reason"),
        ]

    def __str__(self) -> str:
        return str(self.award)

    def clean(self) -> None:
        errors = {}
        if (self.decided_amount is not None and self.computed_amount is not None
                and self.decided_amount != self.computed_amount and not self.override_reason.strip()):
            errors["override_reason"] = _("Give the reason why the decided amount differs from the computed one.")
        if self.award_id and self.decided_amount is not None and self.decided_amount > self.award.amount:
            errors["decided_amount"] = _("The settlement cannot be more than the award.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_overridden(self) -> bool:
        return self.decided_amount != self.computed_amount


class BatchStatus(models.TextChoices):
    DRAFT = "draft", _("awaiting approval")
    APPROVED = "approved", _("approved")


class PaymentBatch(models.Model):
    """Payments sent to the bank together. Four eyes: the one who approves is not the one who created it."""

    execution_date = models.DateField(_("execution date"))
    status = models.CharField(_("status"), max_length=20, choices=BatchStatus.choices, default=BatchStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("approved by"))
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    exported_at = models.DateTimeField(_("exported at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("payment batch")
        verbose_name_plural = _("payment batches")
        constraints = [
            models.CheckConstraint(condition=Q(approved_by__isnull=True) | ~Q(approved_by=F("created_by")),
                                   name="paymentbatch_approved_by_second_person"),
            models.CheckConstraint(
                condition=Q(status=BatchStatus.DRAFT, approved_by__isnull=True, approved_at__isnull=True)
                | Q(status=BatchStatus.APPROVED, approved_by__isnull=False, approved_at__isnull=False),
                name="paymentbatch_approved_with_actor"),
            models.CheckConstraint(condition=Q(exported_at__isnull=True) | Q(status=BatchStatus.APPROVED),
                                   name="paymentbatch_exported_only_when_approved"),
        ]

    def __str__(self) -> str:
        return _("Batch %(number)s") % {"number": self.pk}

    @property
    def reference(self) -> str:
        return f"STEM-BATCH-{self.pk:06d}"

    @property
    def total(self) -> Decimal:
        return self.payments.aggregate(total=Coalesce(Sum("amount"), ZERO))["total"]


class PaymentKind(models.TextChoices):
    ADVANCE = "advance", _("advance")
    BALANCE = "balance", _("balance")


class PaymentStatus(models.TextChoices):
    DUE = "due", _("due")
    IN_BATCH = "in_batch", _("in a batch")
    PAID = "paid", _("paid")


class PaymentQuerySet(models.QuerySet):
    def due(self) -> "PaymentQuerySet":
        return self.filter(status=PaymentStatus.DUE)

    def paid(self) -> "PaymentQuerySet":
        return self.filter(status=PaymentStatus.PAID)

    def for_year(self, year: int) -> "PaymentQuerySet":
        return self.filter(award__application__call__year=year)

    def for_user(self, user) -> "PaymentQuerySet":
        return self.filter(award__application__academy__in=Academy.objects.for_user(user))

    def for_table(self) -> "PaymentQuerySet":
        return self.select_related("award__application__call", "award__application__academy", "batch",
                                   "bank_account")


class Payment(models.Model):
    """One transfer to an academy: the advance after the award or the balance after the settlement."""

    award = models.ForeignKey(Award, on_delete=models.PROTECT, related_name="payments", verbose_name=_("award"))
    kind = models.CharField(_("kind"), max_length=20, choices=PaymentKind.choices)
    amount = money_field(_("amount"))
    status = models.CharField(_("status"), max_length=20, choices=PaymentStatus.choices,
                              default=PaymentStatus.DUE, db_index=True)
    batch = models.ForeignKey(PaymentBatch, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="payments", verbose_name=_("batch"))
    bank_account = models.ForeignKey(BankAccount, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="payments", verbose_name=_("bank account"))
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = PaymentQuerySet.as_manager()

    class Meta:
        ordering = ["award", "created_at"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
            models.UniqueConstraint(fields=["award", "kind"], name="payment_one_per_kind_per_award"),
            models.CheckConstraint(
                condition=Q(status=PaymentStatus.DUE, batch__isnull=True, paid_on__isnull=True)
                | Q(status=PaymentStatus.IN_BATCH, batch__isnull=False, bank_account__isnull=False,
                    paid_on__isnull=True)
                | Q(status=PaymentStatus.PAID, paid_on__isnull=False),
                name="payment_status_consistent"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} – {self.get_kind_display()}"

    @property
    def reference(self) -> str:
        """The end-to-end reference on the transfer and in the finance system's confirmation."""
        return f"STEM-{self.pk:06d}"


class RecoveryStatus(models.TextChoices):
    ASKED = "asked", _("asked")
    RECEIVED = "received", _("received")
    WAIVED = "waived", _("waived")


class Recovery(models.Model):
    """What the academy pays back (terugvordering) when the settlement is below what was paid."""

    award = models.OneToOneField(Award, on_delete=models.PROTECT, related_name="recovery", verbose_name=_("award"))
    amount = money_field(_("amount"))
    status = models.CharField(_("status"), max_length=20, choices=RecoveryStatus.choices,
                              default=RecoveryStatus.ASKED)
    received_on = models.DateField(_("received on"), null=True, blank=True)
    waiver_reason = models.TextField(_("reason for the waiver"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("updated by"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("recovery")
        verbose_name_plural = _("recoveries")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="recovery_amount_positive"),
            models.CheckConstraint(condition=~Q(status=RecoveryStatus.WAIVED) | ~Q(waiver_reason=""),
                                   name="recovery_waiver_has_reason"),
            models.CheckConstraint(condition=Q(status=RecoveryStatus.RECEIVED, received_on__isnull=False)
                                   | (~Q(status=RecoveryStatus.RECEIVED) & Q(received_on__isnull=True)),
                                   name="recovery_received_has_date"),
        ]

    def __str__(self) -> str:
        return str(self.award)

    def clean(self) -> None:
        if self.status == RecoveryStatus.WAIVED and not self.waiver_reason.strip():
            raise ValidationError({"waiver_reason": _("Give the reason for waiving the recovery.")})
