"""The choices of the grants models (call kinds, statuses, transition priorities, reminder stages)."""


from django.db import models
from django.utils.translation import gettext_lazy as _


class CallKind(models.TextChoices):
    ACADEMY_ROLLOUT = "academy_rollout", _("academy rollout")
    PARTNERSHIP_PROJECT = "partnership_project", _("partnership project")

class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    AWARDED = "awarded", _("awarded")
    REJECTED = "rejected", _("rejected")

class TransitionPriority(models.TextChoices):
    DIGITALISATION = "digitalisation", _("digitalisation")
    CIRCULAR_ECONOMY = "circular_economy", _("circular economy")
    ENERGY_CLIMATE = "energy_climate", _("energy & climate")

class FinalReportStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    ACCEPTED = "accepted", _("accepted")
    RETURNED = "returned", _("returned")


RECEIVED_STATUSES = (FinalReportStatus.SUBMITTED, FinalReportStatus.ACCEPTED)
EDITABLE_STATUSES = (FinalReportStatus.DRAFT, FinalReportStatus.RETURNED)

class ReminderStage(models.TextChoices):
    DUE_SOON = "due_soon", _("due soon")
    OVERDUE = "overdue", _("overdue")
