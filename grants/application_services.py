"""Writes of an academy's application: start a draft, save it partially (its fields, municipalities, trajectories,
partners, budget lines and attachments), and submit it once everything its call requires is there. Keyword-only
functions that validate with `full_clean()` and save inside `transaction.atomic`; a refused write raises
`ValidationError` and leaves the database as it was."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from academies.belgian import format_datetime, format_euro
from academies.models import Academy, Municipality
from grants import emails
from grants.models import (
    Application,
    ApplicationAttachment,
    ApplicationPart,
    ApplicationStatus,
    Call,
    CallKind,
    CostLine,
    Partner,
    Trajectory,
)
from grants.uploads import APPLICATION_KINDS, validate_attachment

MAX_ATTACHMENTS = 10


@dataclass(frozen=True)
class TrajectoryInput:
    title: str
    transition_priority: str
    age_min: int
    age_max: int
    half_days: int
    municipality: Municipality
    pk: int | None = None


@dataclass(frozen=True)
class PartnerInput:
    name: str
    kbo_number: str
    role: str = ""
    pk: int | None = None


@dataclass(frozen=True)
class CostLineInput:
    description: str
    amount: Decimal
    pk: int | None = None


@dataclass(frozen=True)
class ApplicationDetails:
    """The application's own text fields and the declaration on honour (ticked or not)."""

    description: str = ""
    target_groups: Sequence[str] = field(default_factory=tuple)
    target_age_min: int | None = None
    target_age_max: int | None = None
    transition_priority: str = ""
    other_funding: Decimal | None = None
    declaration: bool = False


def check_may_apply(*, call: Call, academy: Academy, moment: datetime.datetime) -> None:
    """Raise ValidationError unless `academy` may apply to `call` at `moment` (open call; recognised academy for
    rollout calls)."""
    if not call.is_open_at(moment):
        raise ValidationError(_("This call is not open: applications could be submitted until %(closes_at)s.")
                              % {"closes_at": format_datetime(call.closes_at)})
    if call.kind == CallKind.ACADEMY_ROLLOUT and not academy.is_recognised_on(timezone.localdate(moment)):
        raise ValidationError(_("Only recognised STEM-academies may apply to this call."))


def requested_amount_for(*, application: Application, municipality_count: int | None = None) -> Decimal | None:
    """The amount the call's rule gives: for rollout calls amount per municipality x municipalities, capped per
    academy; for partnership calls the amount asked (an amount above the cap per project is not clipped: awarding
    it is refused, see `grants.services.award_check`)."""
    call = application.call
    if call.kind == CallKind.ACADEMY_ROLLOUT:
        if municipality_count is None:
            municipality_count = application.planned_municipalities.count()
        return call.rollout_amount(municipality_count)
    return application.requested_amount


def application_create(*, call: Call, academy: Academy, moment: datetime.datetime | None = None) -> Application:
    """Start a draft application (or return the academy's existing one in this call)."""
    moment = moment or timezone.now()
    with transaction.atomic():
        existing = Application.objects.filter(call=call, academy=academy).first()
        if existing is not None:
            return existing
        check_may_apply(call=call, academy=academy, moment=moment)
        application = Application(call=call, academy=academy, status=ApplicationStatus.DRAFT)
        application.full_clean()
        application.save()
    return application


def application_update(
    *,
    application: Application,
    planned_municipalities: Sequence[Municipality],
    forecast_participants: int | None,
    trajectories: Sequence[TrajectoryInput],
    requested_amount: Decimal | None = None,
    project_cost: Decimal | None = None,
    own_contribution: Decimal | None = None,
    details: ApplicationDetails | None = None,
    partners: Sequence[PartnerInput] | None = None,
    cost_lines: Sequence[CostLineInput] | None = None,
    new_attachments: Sequence[UploadedFile] = (),
    removed_attachments: Sequence[int] = (),
    updated_by: AbstractBaseUser | None = None,
) -> Application:
    """Save a draft as far as it is filled in: its fields, planned municipalities, trajectories, and (when given)
    its details, partners and cost lines (rows not given are deleted), and attachments added or removed. What the
    call requires is checked on submission (`submission_problems`), not here. With cost lines, the project cost
    is their sum (a project cost typed as well must equal it)."""
    with transaction.atomic():
        application = Application.objects.select_for_update().select_related("call").get(pk=application.pk)
        if application.status != ApplicationStatus.DRAFT:
            raise ValidationError(_("Only a draft application can be changed."))
        application.forecast_participants = forecast_participants
        if application.call.kind == CallKind.ACADEMY_ROLLOUT:
            application.requested_amount = application.call.rollout_amount(len(set(planned_municipalities)))
        else:
            application.requested_amount = requested_amount
            application.project_cost = _project_cost(project_cost, cost_lines)
            application.own_contribution = own_contribution
        if details is not None:
            _apply_details(application, details, updated_by)
        application.full_clean()
        application.save()
        application.planned_municipalities.set(planned_municipalities)
        _replace_rows(application, application.trajectories, Trajectory, trajectories,
                      ("title", "transition_priority", "age_min", "age_max", "half_days", "municipality"))
        if partners is not None:
            _replace_rows(application, application.partners, Partner, partners, ("name", "kbo_number", "role"))
        if cost_lines is not None:
            _replace_rows(application, application.cost_lines, CostLine, cost_lines, ("description", "amount"))
        _change_attachments(application, new_attachments, removed_attachments, updated_by)
    return application


def _project_cost(typed: Decimal | None, cost_lines: Sequence[CostLineInput] | None) -> Decimal | None:
    if not cost_lines:
        return typed
    total = sum((line.amount for line in cost_lines), Decimal("0.00"))
    if typed is not None and typed != total:
        raise ValidationError({"project_cost": _(
            "The cost lines add up to %(total)s: correct the total project cost or leave it empty.")
            % {"total": format_euro(total)}})
    return total


def _apply_details(application: Application, details: ApplicationDetails, signed_by) -> None:
    application.description = details.description.strip()
    application.target_groups = list(dict.fromkeys(details.target_groups))
    application.target_age_min = details.target_age_min
    application.target_age_max = details.target_age_max
    if application.call.kind == CallKind.PARTNERSHIP_PROJECT:
        application.transition_priority = details.transition_priority
        application.other_funding = details.other_funding
    if not details.declaration:
        application.declaration_signed_at = application.declaration_signed_by = None
    elif application.declaration_signed_at is None:
        application.declaration_signed_at = timezone.now()
        application.declaration_signed_by = signed_by


def _replace_rows(application: Application, rows: models.Manager, model: type[models.Model], items: Sequence,
                  fields: Sequence[str]) -> None:
    """Make the application's `rows` match `items`: items with a pk change that row, the others are added, rows
    not named are deleted."""
    rows.exclude(pk__in=[item.pk for item in items if item.pk]).delete()
    existing = {row.pk: row for row in rows.all()}
    for item in items:
        row = existing.get(item.pk) if item.pk else None
        row = row if row is not None else model(application=application)
        for name in fields:
            setattr(row, name, getattr(item, name))
        row.full_clean()
        row.save()


def _change_attachments(application: Application, added: Sequence[UploadedFile], removed: Sequence[int],
                        uploaded_by) -> None:
    gone = list(application.attachments.filter(pk__in=removed))
    for attachment in gone:
        name, storage = attachment.file.name, attachment.file.storage
        attachment.delete()
        transaction.on_commit(lambda name=name, storage=storage: storage.delete(name))
    if application.attachments.count() + len(added) > MAX_ATTACHMENTS:
        raise ValidationError({"attachments": _("An application has at most %(count)s attachments.")
                               % {"count": MAX_ATTACHMENTS}})
    for upload in added:
        try:
            kind = validate_attachment(upload, APPLICATION_KINDS)
        except ValidationError as error:
            raise ValidationError({"attachments": error.messages}) from error
        attachment = ApplicationAttachment(application=application, file=upload, kind=kind, size=upload.size,
                                           name=upload.name.rsplit("/", 1)[-1][-200:], uploaded_by=uploaded_by)
        attachment.full_clean()
        attachment.save()


def submission_problems(application: Application) -> dict[str, list[str]]:
    """What is missing before `application` can be submitted, per form field: the call kind's own rules and the
    parts its call requires (`Call.required_parts`). Empty when it can be submitted."""
    call = application.call
    partnership = call.kind == CallKind.PARTNERSHIP_PROJECT
    checks = [
        ("municipalities", not partnership and not application.planned_municipalities.exists(),
         _("Choose at least one planned municipality before submitting.")),
        ("requested_amount", partnership and application.requested_amount is None,
         _("Fill in the requested amount before submitting.")),
        ("description", call.requires(ApplicationPart.DESCRIPTION) and not application.description.strip(),
         _("Describe the project.")),
        ("target_groups", call.requires(ApplicationPart.TARGET_GROUPS) and not application.target_groups,
         _("Choose at least one target group.")),
        ("target_age_min", call.requires(ApplicationPart.TARGET_AGES)
         and None in (application.target_age_min, application.target_age_max),
         _("Give the youngest and the oldest age the project aims at.")),
        ("transition_priority", partnership and call.requires(ApplicationPart.TRANSITION_PRIORITY)
         and not application.transition_priority, _("Choose the project's transition priority.")),
        ("partners", call.requires(ApplicationPart.PARTNERS) and not application.partners.exists(),
         _("Add at least one partner with its KBO number.")),
        ("cost_lines", partnership and call.requires(ApplicationPart.BUDGET) and not application.cost_lines.exists(),
         _("Add the cost lines of the project's budget.")),
        ("own_contribution", partnership and call.requires(ApplicationPart.BUDGET)
         and application.own_contribution is None, _("Fill in the own contribution.")),
        ("attachments", call.requires(ApplicationPart.ATTACHMENTS) and not application.attachments.exists(),
         _("Add at least one attachment.")),
        ("declaration", call.requires(ApplicationPart.DECLARATION) and application.declaration_signed_at is None,
         _("Tick the declaration on honour.")),
    ]
    return {name: [message] for name, missing, message in checks if missing}


def application_submit(*, application: Application, moment: datetime.datetime | None = None) -> Application:
    """Submit a draft while its call is open (the server's clock decides, not the form) and nothing its call
    requires is missing (`submission_problems`, keyed by form field)."""
    moment = moment or timezone.now()
    with transaction.atomic():
        application = Application.objects.select_for_update().select_related("call", "academy").get(
            pk=application.pk)
        if application.status != ApplicationStatus.DRAFT:
            raise ValidationError(_("This application has already been submitted."))
        check_may_apply(call=application.call, academy=application.academy, moment=moment)
        problems = submission_problems(application)
        if problems:
            raise ValidationError(problems)
        application.status = ApplicationStatus.SUBMITTED
        application.submitted_at = moment
        application.full_clean()
        application.save()
        transaction.on_commit(lambda: emails.send_application_submitted(application=application))
    return application
