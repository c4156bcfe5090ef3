import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Exists, ExpressionWrapper, F, OuterRef, Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from academies.models import Academy, AcademyMembership, Municipality

ZERO = Decimal("0.00")


def money_field(verbose_name, **kwargs) -> models.DecimalField:
    return models.DecimalField(verbose_name, max_digits=12, decimal_places=2,
                               validators=[MinValueValidator(ZERO)], **kwargs)


def count_field(verbose_name, **kwargs) -> models.PositiveIntegerField:
    """An optional count: NULL means 'not reported', never 0."""
    return models.PositiveIntegerField(verbose_name, null=True, blank=True, **kwargs)


def non_negative(name: str, *fields: str) -> models.CheckConstraint:
    condition = Q()
    for field in fields:
        condition &= Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 0})
    return models.CheckConstraint(condition=condition, name=name)


def gender_within_participants(name: str, prefix: str = "") -> models.CheckConstraint:
    """boys + girls + other <= participants whenever participants is given (missing parts count as 0)."""
    split = (Coalesce(F(f"{prefix}boys"), 0) + Coalesce(F(f"{prefix}girls"), 0)
             + Coalesce(F(f"{prefix}other"), 0))
    return models.CheckConstraint(
        condition=Q(**{f"{prefix}participants__isnull": True}) | Q(**{f"{prefix}participants__gte": split}),
        name=name,
    )


def check_gender_split(instance, prefix: str = "") -> None:
    """The Dutch cross-field message behind `gender_within_participants`."""
    participants = getattr(instance, f"{prefix}participants")
    parts = [getattr(instance, f"{prefix}{part}") for part in ("boys", "girls", "other")]
    if participants is None or all(part is None for part in parts):
        return
    split = sum(part or 0 for part in parts)
    if split > participants:
        message = _("Boys + girls + other/unspecified (%(split)s) is more than the number of participants "
                    "(%(participants)s).") % {"split": split, "participants": participants}
        raise ValidationError({f"{prefix}participants": message})


class CallKind(models.TextChoices):
    ACADEMY_ROLLOUT = "academy_rollout", _("academy rollout")
    PARTNERSHIP_PROJECT = "partnership_project", _("partnership project")


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
    title = models.CharField(_("title"), max_length=200)
    budget = money_field(_("budget"))
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    amount_per_municipality = money_field(_("amount per municipality"), null=True, blank=True)
    cap_per_academy = money_field(_("cap per academy"), null=True, blank=True)
    cap_per_project = money_field(_("cap per project"), null=True, blank=True)
    min_own_contribution_pct = models.DecimalField(
        _("minimum own contribution (%)"), max_digits=5, decimal_places=2, null=True, blank=True)
    report_due_date = models.DateField(_("final report due date"), null=True, blank=True)

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
        if errors:
            raise ValidationError(errors)

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
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("year budget")
        verbose_name_plural = _("year budgets")
        constraints = [non_negative("yearbudget_amount_non_negative", "amount")]

    def __str__(self) -> str:
        return f"{self.year}"


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    AWARDED = "awarded", _("awarded")
    REJECTED = "rejected", _("rejected")


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
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
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
        ]

    def __str__(self) -> str:
        return f"{self.academy} – {self.call}"

    def clean(self) -> None:
        """The partnership rules every writer (portal form, admin, import) meets: the cap per project and the
        minimum own contribution."""
        call = self.call if self.call_id else None
        if call is None or call.kind != CallKind.PARTNERSHIP_PROJECT:
            return
        errors = {}
        if (self.requested_amount is not None and call.cap_per_project is not None
                and self.requested_amount > call.cap_per_project):
            errors["requested_amount"] = _("The requested amount is above the cap per project.")
        if (self.project_cost and self.own_contribution is not None and call.min_own_contribution_pct is not None
                and self.own_contribution * 100 < self.project_cost * call.min_own_contribution_pct):
            errors["own_contribution"] = _("The own contribution must be at least %(pct)s%% of the project "
                                           "cost.") % {"pct": call.min_own_contribution_pct}
        if errors:
            raise ValidationError(errors)


class TransitionPriority(models.TextChoices):
    DIGITALISATION = "digitalisation", _("digitalisation")
    CIRCULAR_ECONOMY = "circular_economy", _("circular economy")
    ENERGY_CLIMATE = "energy_climate", _("energy & climate")


class Trajectory(models.Model):
    """A series of STEM activities in one place, as planned in an application."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="trajectories",
                                    verbose_name=_("application"))
    title = models.CharField(_("title"), max_length=200)
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
    amount_reason = models.TextField(_("reason for a changed amount"), blank=True)
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


class FinalReportStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    ACCEPTED = "accepted", _("accepted")
    RETURNED = "returned", _("returned")


RECEIVED_STATUSES = (FinalReportStatus.SUBMITTED, FinalReportStatus.ACCEPTED)
EDITABLE_STATUSES = (FinalReportStatus.DRAFT, FinalReportStatus.RETURNED)


class FinalReportQuerySet(models.QuerySet):
    def for_year(self, year: int) -> "FinalReportQuerySet":
        return self.filter(award__application__call__year=year)

    def received(self) -> "FinalReportQuerySet":
        """Reports VLAIO has in hand: submitted or accepted."""
        return self.filter(status__in=RECEIVED_STATUSES)

    def for_user(self, user) -> "FinalReportQuerySet":
        return self.filter(award__application__academy__in=Academy.objects.for_user(user))

    def for_table(self) -> "FinalReportQuerySet":
        return self.select_related("award__application__call", "award__application__academy")


class FinalReport(models.Model):
    """What an academy reports after the year. Counts live on the municipality lines; the `unattributed_*`
    counts are what the academy could not attribute to a municipality and are never spread over lines."""

    award = models.OneToOneField(Award, on_delete=models.PROTECT, related_name="final_report",
                                 verbose_name=_("award"))
    status = models.CharField(_("status"), max_length=20, choices=FinalReportStatus.choices,
                              default=FinalReportStatus.DRAFT, db_index=True)
    narrative = models.TextField(_("narrative"), blank=True)
    unattributed_participants = count_field(_("participants not attributable to a municipality"))
    unattributed_boys = count_field(_("boys not attributable to a municipality"))
    unattributed_girls = count_field(_("girls not attributable to a municipality"))
    unattributed_other = count_field(_("other/unspecified not attributable to a municipality"))
    attachment = models.FileField(_("attachment"), upload_to="final-reports/%Y/", blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("reviewed by"))
    review_comment = models.TextField(_("review comment"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()
    objects = FinalReportQuerySet.as_manager()

    class Meta:
        ordering = ["-award__application__call__year", "award__application__academy__name"]
        verbose_name = _("final report")
        verbose_name_plural = _("final reports")
        permissions = [("import_finalreport", _("Can import final reports")),
                       ("export_finalreport", _("Can export final reports"))]
        constraints = [
            non_negative("finalreport_counts_non_negative", "unattributed_participants", "unattributed_boys",
                         "unattributed_girls", "unattributed_other"),
            gender_within_participants("finalreport_gender_within_participants", prefix="unattributed_"),
        ]

    def __str__(self) -> str:
        return str(self.award)

    def clean(self) -> None:
        check_gender_split(self, prefix="unattributed_")

    @property
    def is_received(self) -> bool:
        return self.status in RECEIVED_STATUSES

    @property
    def is_editable(self) -> bool:
        """The one rule for which report the academy may still change: a draft or a returned report."""
        return self.status in EDITABLE_STATUSES


class FinalReportLineQuerySet(models.QuerySet):
    def for_year(self, year: int) -> "FinalReportLineQuerySet":
        return self.filter(report__award__application__call__year=year)

    def received(self) -> "FinalReportLineQuerySet":
        return self.filter(report__status__in=RECEIVED_STATUSES)


class FinalReportLine(models.Model):
    """One municipality actually reached, with its half-days and optional counts (NULL = not reported)."""

    report = models.ForeignKey(FinalReport, on_delete=models.CASCADE, related_name="lines",
                               verbose_name=_("final report"))
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="report_lines",
                                     verbose_name=_("municipality"))
    half_days = models.PositiveSmallIntegerField(_("half-days of activity"), default=0)
    participants = count_field(_("participants"))
    boys = count_field(_("boys"))
    girls = count_field(_("girls"))
    other = count_field(_("other/unspecified"))

    history = HistoricalRecords()
    objects = FinalReportLineQuerySet.as_manager()

    class Meta:
        ordering = ["report", "municipality__name_nl"]
        verbose_name = _("final report line")
        verbose_name_plural = _("final report lines")
        constraints = [
            models.UniqueConstraint(fields=["report", "municipality"], name="reportline_one_per_municipality"),
            non_negative("reportline_counts_non_negative", "half_days", "participants", "boys", "girls", "other"),
            gender_within_participants("reportline_gender_within_participants"),
        ]

    def __str__(self) -> str:
        return f"{self.report} – {self.municipality}"

    def clean(self) -> None:
        check_gender_split(self)


class ReminderStage(models.TextChoices):
    DUE_SOON = "due_soon", _("due soon")
    OVERDUE = "overdue", _("overdue")


class ReportReminder(models.Model):
    """A final-report reminder that was sent; one per award and stage keeps reminders idempotent."""

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("award"))
    stage = models.CharField(_("stage"), max_length=20, choices=ReminderStage.choices)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("report reminder")
        verbose_name_plural = _("report reminders")
        constraints = [models.UniqueConstraint(fields=["award", "stage"], name="reminder_once_per_stage")]

    def __str__(self) -> str:
        return f"{self.award} – {self.get_stage_display()}"


class ContactInvitation(models.Model):
    """Who invited a contact to an academy, and when (the membership itself lives in `academies`)."""

    membership = models.OneToOneField(AcademyMembership, on_delete=models.CASCADE, related_name="invitation",
                                      verbose_name=_("academy contact"))
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("invited by"))
    invited_at = models.DateTimeField(_("invited at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-invited_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return str(self.membership)

