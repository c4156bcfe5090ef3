"""Calls (oproepen) and the budget reserved for a year."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import ExpressionWrapper, F, Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from academies.text import validate_single_line_text
from grants.models.choices import ApplicationPart, CallKind
from grants.models.fields import ZERO, money_field, non_negative


class CallQuerySet(models.QuerySet):
    def for_year(self, year: int) -> "CallQuerySet":
        return self.filter(year=year)

    def open_at(self, moment) -> "CallQuerySet":
        return self.filter(opens_at__lte=moment, closes_at__gt=moment)

    def with_awarded_amount(self) -> "CallQuerySet":
        """Adds `awarded_amount` (sum of awards, 0 when none), `award_count` and `remaining_budget`."""
        return self.annotate(
            awarded_amount=Coalesce(Sum("applications__award__amount"), ZERO, output_field=models.DecimalField()),
            award_count=models.Count("applications__award"),
        ).annotate(remaining_budget=ExpressionWrapper(F("budget") - F("awarded_amount"),
                                                      output_field=models.DecimalField()))


class Call(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    kind = models.CharField(_("kind"), max_length=30, choices=CallKind.choices)
    title = models.CharField(_("title"), max_length=200, validators=[validate_single_line_text])
    budget = money_field(_("budget"))
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    amount_per_municipality = money_field(_("amount per municipality"), null=True, blank=True)
    cap_per_academy = money_field(_("cap per academy"), null=True, blank=True)
    cap_per_project = money_field(_("cap per project"), null=True, blank=True)
    min_own_contribution_pct = models.DecimalField(
        _("minimum own contribution (%)"), max_digits=5, decimal_places=2, null=True, blank=True)
    report_due_date = models.DateField(_("final report due date"), null=True, blank=True)
    required_parts = models.JSONField(
        _("required parts of the application"), default=list, blank=True,
        help_text=_("What an application must contain before it can be submitted (see ApplicationPart)."))

    objects = CallQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "code"]
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        permissions = [("import_call", _("Can import calls")), ("export_call", _("Can export calls"))]
        constraints = [
            non_negative("call_amounts_non_negative", "budget", "amount_per_municipality", "cap_per_academy",
                         "cap_per_project"),
            models.CheckConstraint(condition=Q(closes_at__gt=F("opens_at")), name="call_closes_after_opening"),
            models.CheckConstraint(
                condition=Q(min_own_contribution_pct__isnull=True)
                | Q(min_own_contribution_pct__gte=0, min_own_contribution_pct__lte=100),
                name="call_own_contribution_is_percentage",
            ),
            models.CheckConstraint(
                condition=~Q(kind=CallKind.ACADEMY_ROLLOUT) | Q(amount_per_municipality__isnull=False),
                name="call_rollout_has_amount_per_municipality",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} – {self.title}"

    def natural_key(self) -> tuple[str]:
        return (self.code,)

    def clean(self) -> None:
        errors = {}
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = _("The call must close after it opens.")
        if self.kind == CallKind.ACADEMY_ROLLOUT and self.amount_per_municipality is None:
            errors["amount_per_municipality"] = _("An academy rollout call needs an amount per municipality.")
        unknown = set(self.required_parts or []) - set(ApplicationPart.values)
        if not isinstance(self.required_parts, list) or unknown:
            errors["required_parts"] = _("Unknown parts of the application: %(parts)s.") % {
                "parts": ", ".join(sorted(map(str, unknown))) or "–"}
        if errors:
            raise ValidationError(errors)

    def requires(self, part: str) -> bool:
        return part in (self.required_parts or [])

    def is_open_at(self, moment) -> bool:
        return self.opens_at <= moment < self.closes_at

    def rollout_amount(self, municipality_count: int) -> Decimal:
        """The academy rollout rule: amount per municipality times municipalities, capped per academy."""
        amount = (self.amount_per_municipality or ZERO) * municipality_count
        if self.cap_per_academy is not None:
            amount = min(amount, self.cap_per_academy)
        return amount


class YearBudget(models.Model):
    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    amount = money_field(_("amount reserved"))
    note = models.CharField(_("note"), max_length=300, blank=True, validators=[validate_single_line_text])

    class Meta:
        ordering = ["-year"]
        verbose_name = _("year budget")
        verbose_name_plural = _("year budgets")
        constraints = [non_negative("yearbudget_amount_non_negative", "amount")]

    def __str__(self) -> str:
        return f"{self.year}"
