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

class TargetGroup(models.TextChoices):
    PRIMARY_PUPILS = "primary_pupils", _("children of primary school age")
    SECONDARY_PUPILS = "secondary_pupils", _("young people of secondary school age (incl. 14+)")
    GIRLS = "girls", _("girls")
    LESS_OBVIOUS = "less_obvious", _("the less obvious groups (socially vulnerable children and young people)")
    SPECIAL_NEEDS = "special_needs", _("children and young people with a disability")


class ApplicationPart(models.TextChoices):
    """The parts of the application form a call can require before an application is submitted."""

    DESCRIPTION = "description", _("project description")
    TARGET_GROUPS = "target_groups", _("target groups")
    TARGET_AGES = "target_ages", _("target ages")
    TRANSITION_PRIORITY = "transition_priority", _("transition priority (partnership projects)")
    PARTNERS = "partners", _("partners")
    BUDGET = "budget", _("budget: cost lines (partnership projects)")
    ATTACHMENTS = "attachments", _("at least one attachment")
    DECLARATION = "declaration", _("declaration on honour")


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
