"""The grants models, one module per part of the funding cycle; everything is importable from `grants.models`."""

from grants.models.application_parts import ApplicationAttachment, CostLine, Partner
from grants.models.applications import (
    Application,
    ApplicationQuerySet,
    Award,
    AwardQuerySet,
    Trajectory,
)
from grants.models.calls import (
    Call,
    CallQuerySet,
    YearBudget,
)
from grants.models.choices import (
    EDITABLE_STATUSES,
    RECEIVED_STATUSES,
    ApplicationPart,
    ApplicationStatus,
    CallKind,
    FinalReportStatus,
    ReminderStage,
    TargetGroup,
    TransitionPriority,
)
from grants.models.fields import (
    ZERO,
    check_gender_split,
    count_field,
    gender_within_participants,
    money_field,
    non_negative,
)
from grants.models.mail import DeliveryStatus, SentEmail, SentEmailQuerySet
from grants.models.reports import (
    ContactInvitation,
    FinalReport,
    FinalReportLine,
    FinalReportLineQuerySet,
    FinalReportQuerySet,
    ReportReminder,
)

__all__ = [
    "Application",
    "ApplicationAttachment",
    "ApplicationPart",
    "ApplicationQuerySet",
    "ApplicationStatus",
    "Award",
    "AwardQuerySet",
    "Call",
    "CallKind",
    "CallQuerySet",
    "ContactInvitation",
    "CostLine",
    "DeliveryStatus",
    "EDITABLE_STATUSES",
    "FinalReport",
    "FinalReportLine",
    "FinalReportLineQuerySet",
    "FinalReportQuerySet",
    "FinalReportStatus",
    "Partner",
    "RECEIVED_STATUSES",
    "ReminderStage",
    "ReportReminder",
    "SentEmail",
    "SentEmailQuerySet",
    "TargetGroup",
    "Trajectory",
    "TransitionPriority",
    "YearBudget",
    "ZERO",
    "check_gender_split",
    "count_field",
    "gender_within_participants",
    "money_field",
    "non_negative",
]
