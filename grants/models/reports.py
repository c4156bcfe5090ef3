"""Final reports, their municipality lines, reminders and contact invitations."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from academies.models import Academy, AcademyMembership, Municipality
from academies.text import validate_multiline_text
from grants.models.applications import Award
from grants.models.choices import EDITABLE_STATUSES, RECEIVED_STATUSES, FinalReportStatus, ReminderStage
from grants.models.fields import check_gender_split, count_field, gender_within_participants, non_negative


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
    narrative = models.TextField(_("narrative"), blank=True, validators=[validate_multiline_text])
    unattributed_participants = count_field(_("participants not attributable to a municipality"))
    unattributed_boys = count_field(_("boys not attributable to a municipality"))
    unattributed_girls = count_field(_("girls not attributable to a municipality"))
    unattributed_other = count_field(_("other/unspecified not attributable to a municipality"))
    attachment = models.FileField(_("attachment"), upload_to="final-reports/%Y/", blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("reviewed by"))
    review_comment = models.TextField(_("review comment"), blank=True, validators=[validate_multiline_text])
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
        if self.submitted_at is not None and self.award_id is not None:
            year = self.award.application.call.year
            if timezone.localdate(self.submitted_at) < datetime.date(year, 1, 1):
                raise ValidationError({"submitted_at": _(
                    "A final report for %(year)s can be submitted from 1 January %(year)s, when its year has "
                    "started.") % {"year": year}})

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

    # Indexed by the unique (report, municipality) constraint; municipality by Meta.indexes, without the
    # varchar_pattern_ops index a ForeignKey to a text key adds (no LIKE query reads it).
    report = models.ForeignKey(FinalReport, on_delete=models.CASCADE, related_name="lines",
                               verbose_name=_("final report"), db_index=False)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="report_lines",
                                     verbose_name=_("municipality"), db_index=False)
    half_days = models.PositiveSmallIntegerField(_("half-days of activity"), default=0)
    participants = count_field(_("participants"))
    boys = count_field(_("boys"))
    girls = count_field(_("girls"))
    other = count_field(_("other/unspecified"))

    # Line history is read by report (the report's page, grants.views.staff); nothing reads it by municipality or
    # by line (the lines have no history page of their own), and each index costs every imported line.
    history = HistoricalRecords(no_db_index=["municipality", "id"])
    objects = FinalReportLineQuerySet.as_manager()

    class Meta:
        ordering = ["report", "municipality__name_nl"]
        verbose_name = _("final report line")
        verbose_name_plural = _("final report lines")
        indexes = [models.Index(fields=["municipality"], name="reportline_municipality")]
        constraints = [
            models.UniqueConstraint(fields=["report", "municipality"], name="reportline_one_per_municipality"),
            non_negative("reportline_counts_non_negative", "half_days", "participants", "boys", "girls", "other"),
            gender_within_participants("reportline_gender_within_participants"),
        ]

    def __str__(self) -> str:
        return f"{self.report} – {self.municipality}"

    def clean(self) -> None:
        check_gender_split(self)


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
