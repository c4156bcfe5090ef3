"""Applications, their trajectories, and awards."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from academies.models import Academy, Municipality
from academies.text import validate_multiline_text, validate_single_line_text
from grants.models.calls import Call
from grants.models.choices import RECEIVED_STATUSES, ApplicationStatus, CallKind, TargetGroup, TransitionPriority
from grants.models.fields import count_field, money_field, non_negative


class ApplicationQuerySet(models.QuerySet):
    def for_user(self, user) -> "ApplicationQuerySet":
        return self.filter(academy__in=Academy.objects.for_user(user))

    def for_year(self, year: int) -> "ApplicationQuerySet":
        return self.filter(call__year=year)

    def for_table(self) -> "ApplicationQuerySet":
        return self.select_related("call", "academy", "award")


class Application(models.Model):
    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="applications", verbose_name=_("call"))
    academy = models.ForeignKey(Academy, on_delete=models.PROTECT, related_name="applications",
                                verbose_name=_("academy"))
    status = models.CharField(_("status"), max_length=20, choices=ApplicationStatus.choices,
                              default=ApplicationStatus.DRAFT, db_index=True)
    planned_municipalities = models.ManyToManyField(Municipality, related_name="planned_applications", blank=True,
                                                    verbose_name=_("planned municipalities"))
    forecast_participants = count_field(_("forecast participants"))
    requested_amount = money_field(_("requested amount"), null=True, blank=True)
    project_cost = money_field(_("total project cost"), null=True, blank=True)
    own_contribution = money_field(_("own contribution"), null=True, blank=True)
    other_funding = money_field(_("other funding"), null=True, blank=True)
    description = models.TextField(_("project description"), blank=True, validators=[validate_multiline_text])
    target_groups = models.JSONField(_("target groups"), default=list, blank=True)
    target_age_min = models.PositiveSmallIntegerField(_("youngest age aimed at"), null=True, blank=True)
    target_age_max = models.PositiveSmallIntegerField(_("oldest age aimed at"), null=True, blank=True)
    transition_priority = models.CharField(_("transition priority"), max_length=30,
                                           choices=TransitionPriority.choices, blank=True)
    declaration_signed_at = models.DateTimeField(_("declaration on honour signed at"), null=True, blank=True)
    declaration_signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                              blank=True, related_name="+",
                                              verbose_name=_("declaration on honour signed by"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True, validators=[validate_multiline_text])
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("decided by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(m2m_fields=[planned_municipalities])
    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-call__year", "academy__name"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.UniqueConstraint(fields=["call", "academy"], name="application_one_per_academy_per_call"),
            non_negative("application_amounts_non_negative", "requested_amount", "project_cost", "own_contribution",
                         "forecast_participants"),
            non_negative("application_other_funding_non_negative", "other_funding"),
            models.CheckConstraint(condition=Q(target_age_min__isnull=True) | Q(target_age_max__isnull=True)
                                   | Q(target_age_max__gte=F("target_age_min")), name="application_target_age_range"),
        ]

    def __str__(self) -> str:
        return f"{self.academy} – {self.call}"

    def clean(self) -> None:
        """The rules every writer (portal form, admin, import) meets: a valid age range and target groups, and for
        partnership projects the cap per project and the minimum own contribution."""
        errors = {}
        if (self.target_age_min is not None and self.target_age_max is not None
                and self.target_age_max < self.target_age_min):
            errors["target_age_max"] = _("The oldest age cannot be below the youngest age.")
        if not isinstance(self.target_groups, list) or not all(
                isinstance(group, str) and group in TargetGroup.values for group in self.target_groups):
            errors["target_groups"] = _("Choose target groups from the list.")
        call = self.call if self.call_id else None
        if call is not None and call.kind == CallKind.PARTNERSHIP_PROJECT:
            errors.update(self.partnership_errors(call))
        if errors:
            raise ValidationError(errors)

    @property
    def target_group_labels(self) -> list[str]:
        return [str(TargetGroup(group).label) for group in self.target_groups if group in TargetGroup.values]

    def partnership_errors(self, call: Call) -> dict:
        """The partnership budget rules (cap per project, minimum own contribution), keyed by field: checked by
        `clean()` and again by every award (`grants.services.award_check`), so a stored budget that breaks them
        is never awarded."""
        errors = {}
        if (self.requested_amount is not None and call.cap_per_project is not None
                and self.requested_amount > call.cap_per_project):
            errors["requested_amount"] = _("The requested amount is above the cap per project.")
        if (self.project_cost and self.own_contribution is not None and call.min_own_contribution_pct is not None
                and self.own_contribution * 100 < self.project_cost * call.min_own_contribution_pct):
            errors["own_contribution"] = _("The own contribution must be at least %(pct)s%% of the project "
                                           "cost.") % {"pct": _percent_number(call.min_own_contribution_pct)}
        return errors


def _percent_number(value: Decimal) -> str:
    """30.00 -> "30", 12.50 -> "12,50": a percentage of the call's settings as the message shows it."""
    return number_format(value, decimal_pos=0 if value % 1 == 0 else 2, use_l10n=True)


class Trajectory(models.Model):
    """A series of STEM activities in one place, as planned in an application."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="trajectories",
                                    verbose_name=_("application"))
    title = models.CharField(_("title"), max_length=200, validators=[validate_single_line_text])
    transition_priority = models.CharField(_("transition priority"), max_length=30,
                                           choices=TransitionPriority.choices, blank=True)
    age_min = models.PositiveSmallIntegerField(_("minimum age"))
    age_max = models.PositiveSmallIntegerField(_("maximum age"))
    half_days = models.PositiveSmallIntegerField(_("half-days"))
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="trajectories",
                                     verbose_name=_("municipality"))

    class Meta:
        ordering = ["application", "id"]
        verbose_name = _("trajectory")
        verbose_name_plural = _("trajectories")
        constraints = [
            models.CheckConstraint(condition=Q(age_max__gte=F("age_min")), name="trajectory_age_range"),
            non_negative("trajectory_counts_non_negative", "age_min", "age_max", "half_days"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.age_min is not None and self.age_max is not None and self.age_max < self.age_min:
            raise ValidationError({"age_max": _("The maximum age cannot be below the minimum age.")})


class AwardQuerySet(models.QuerySet):
    def for_year(self, year: int) -> "AwardQuerySet":
        return self.filter(application__call__year=year)

    def for_user(self, user) -> "AwardQuerySet":
        return self.filter(application__academy__in=Academy.objects.for_user(user))

    def for_table(self) -> "AwardQuerySet":
        return self.select_related("application__call", "application__academy", "final_report")

    def report_outstanding(self) -> "AwardQuerySet":
        """Awards whose call has a report due date and whose final report VLAIO does not have in hand yet."""
        return (self.filter(application__call__report_due_date__isnull=False)
                .exclude(final_report__status__in=RECEIVED_STATUSES))

    def report_due_by(self, day: datetime.date) -> "AwardQuerySet":
        return self.report_outstanding().filter(application__call__report_due_date__lte=day)

    def overdue(self, today: datetime.date) -> "AwardQuerySet":
        """The one definition of an overdue final report: outstanding after its due date."""
        return self.report_outstanding().filter(application__call__report_due_date__lt=today)

    def with_report_overdue(self, today: datetime.date) -> "AwardQuerySet":
        """Adds `report_overdue` (bool): the award is in `overdue(today)`."""
        return self.annotate(report_overdue=Exists(Award.objects.overdue(today).filter(pk=OuterRef("pk"))))


class Award(models.Model):
    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="award",
                                       verbose_name=_("application"))
    amount = money_field(_("amount"))
    decided_on = models.DateField(_("decision date"))
    funded_municipalities = models.ManyToManyField(Municipality, related_name="awards", blank=True,
                                                   verbose_name=_("funded municipalities"))
    amount_reason = models.TextField(_("reason for a changed amount"), blank=True,
                                     validators=[validate_multiline_text])
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("decided by"))

    history = HistoricalRecords(m2m_fields=[funded_municipalities])
    objects = AwardQuerySet.as_manager()

    class Meta:
        ordering = ["-application__call__year", "application__academy__name"]
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        permissions = [("import_award", _("Can import awards")), ("export_award", _("Can export awards"))]
        constraints = [non_negative("award_amount_non_negative", "amount")]

    def __str__(self) -> str:
        return f"{self.application.academy} – {self.application.call.year}"

    @property
    def year(self) -> int:
        return self.application.call.year
