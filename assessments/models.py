from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from grants.models import Application, Call


class Criterion(models.Model):
    """One thing a call's applications are scored on: a score from 0 to `scale_max`, counted `weight` times."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("call"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    scale_max = models.PositiveSmallIntegerField(_("highest score"), default=5)

    class Meta:
        ordering = ["call", "position", "pk"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.UniqueConstraint(fields=["call", "title"], name="criterion_title_once_per_call"),
            models.CheckConstraint(condition=Q(weight__gte=1), name="criterion_weight_positive"),
            models.CheckConstraint(condition=Q(scale_max__gte=1), name="criterion_scale_positive"),
        ]

    def __str__(self) -> str:
        return self.title


class Recommendation(models.TextChoices):
    AWARD = "award", _("award")
    REJECT = "reject", _("do not award")
    DOUBT = "doubt", _("in doubt")


class AssessmentQuerySet(models.QuerySet):
    def submitted(self) -> "AssessmentQuerySet":
        return self.filter(submitted_at__isnull=False)

    def for_call(self, call: Call) -> "AssessmentQuerySet":
        return self.filter(application__call=call)


class Assessment(models.Model):
    """One assessor's scores of one application; fixed once submitted."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="assessments",
                                    verbose_name=_("application"))
    assessor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assessments",
                                 verbose_name=_("assessor"))
    recommendation = models.CharField(_("recommendation"), max_length=10, choices=Recommendation.choices,
                                      blank=True)
    comment = models.TextField(_("comment"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    history = HistoricalRecords()
    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["application", "pk"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.UniqueConstraint(fields=["application", "assessor"], name="assessment_once_per_assessor"),
            models.CheckConstraint(condition=Q(submitted_at__isnull=True) | ~Q(recommendation=""),
                                   name="assessment_submitted_has_recommendation"),
        ]

    def __str__(self) -> str:
        return f"{self.application} – {self.assessor}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class Score(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores",
                                   verbose_name=_("assessment"))
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores",
                                  verbose_name=_("criterion"))
    value = models.PositiveSmallIntegerField(_("score"))
    comment = models.TextField(_("comment"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"], name="score_once_per_criterion"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.criterion_id and self.value is not None and self.value > self.criterion.scale_max:
            raise ValidationError({"value": _("A score is at most %(max)s.") % {"max": self.criterion.scale_max}})


class RejectionReason(models.TextChoices):
    BUDGET = "budget", _("the call's budget is used up")
    QUALITY = "quality", _("the application scores too low on the criteria")
    ELIGIBILITY = "eligibility", _("the application does not meet the call's conditions")
    OTHER = "other", _("another reason")


class DecisionLetter(models.Model):
    """The letter sent with a decision: kept as sent, with who decided and when."""

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="decision_letter",
                                       verbose_name=_("application"))
    content = models.BinaryField(_("letter (DOCX)"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("created by"))

    class Meta:
        verbose_name = _("decision letter")
        verbose_name_plural = _("decision letters")

    def __str__(self) -> str:
        return str(self.application)

    @property
    def filename(self) -> str:
        academy = self.application.academy
        return f"beslissing-{self.application.call.code}-{academy.code}.docx"
