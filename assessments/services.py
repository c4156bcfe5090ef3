"""Writes of the assessment: scoring an application, and deciding applications in a batch with their letters."""

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from academies.belgian import format_euro
from academies.models import AcademyMembership
from assessments.letters import DOCX_TYPE, render_letter
from assessments.models import Assessment, DecisionLetter, RejectionReason, Score
from assessments.selectors import assessments_required
from grants import application_services, emails
from grants import services as grants_services
from grants.models import Application, ApplicationStatus, Call, CallKind


@dataclass(frozen=True)
class ScoreInput:
    value: int | None
    comment: str = ""


def assessment_save(*, application: Application, assessor: AbstractBaseUser, scores: Mapping[int, ScoreInput],
                    recommendation: str, comment: str, submit: bool = False) -> Assessment:
    """Save the assessor's scores of the application (criterion pk -> score); with `submit` every criterion must
    be scored and a recommendation given, after which the assessment is fixed. An assessor never assesses an
    application of an academy they are a contact of."""
    with transaction.atomic():
        application = Application.objects.select_for_update().select_related("call").get(pk=application.pk)
        if application.status != ApplicationStatus.SUBMITTED:
            raise ValidationError(_("Only a submitted application that is not decided yet can be assessed."))
        if AcademyMembership.objects.filter(user=assessor, academy_id=application.academy_id).exists():
            raise ValidationError(_("You are a contact of this academy: someone else has to assess it."))
        others = Assessment.objects.submitted().filter(application=application).exclude(assessor=assessor)
        mine = Assessment.objects.filter(application=application, assessor=assessor).first()
        if mine is None and others.count() >= assessments_required():
            raise ValidationError(_("This application already has all its assessments."))
        assessment = mine or Assessment.objects.create(application=application, assessor=assessor)
        if assessment.is_submitted:
            raise ValidationError(_("This assessment has been submitted and can no longer be changed."))
        criteria = {criterion.pk: criterion for criterion in application.call.criteria.all()}
        errors = {}
        kept = []
        for pk, criterion in criteria.items():
            given = scores.get(pk)
            if given is None or given.value is None:
                if submit:
                    errors[f"score_{pk}"] = _("Give a score for this criterion.")
                continue
            score = Score(assessment=assessment, criterion=criterion, value=given.value, comment=given.comment)
            try:
                score.full_clean(exclude=["assessment"], validate_unique=False, validate_constraints=False)
            except ValidationError as error:
                errors[f"score_{pk}"] = error.messages
            kept.append(score)
        if submit and not recommendation:
            errors["recommendation"] = _("Give a recommendation.")
        if errors:
            raise ValidationError(errors)
        assessment.scores.all().delete()
        Score.objects.bulk_create(kept)
        assessment.recommendation = recommendation
        assessment.comment = comment.strip()
        if submit:
            assessment.submitted_at = timezone.now()
        assessment.full_clean(exclude=["application", "assessor"], validate_unique=False)
        assessment._history_user = assessor
        assessment.save()
    return assessment


@dataclass(frozen=True)
class Decision:
    """One application of a batch: award it (with the call rule's amount unless `amount` is given) or reject it
    with a reason from `RejectionReason` and optional free text."""

    application: Application
    award: bool
    amount: Decimal | None = None
    reason: str = ""
    reason_text: str = ""
    funded_municipalities: Sequence = field(default_factory=tuple)


def decisions_take(*, decisions: Sequence[Decision], decided_by: AbstractBaseUser) -> list[DecisionLetter]:
    """Decide every application of the batch in one transaction, with a letter each, or none of them: the calls'
    rows are locked and a batch whose awards do not fit in what is left of a call's budget decides nothing and
    names the first application that does not fit."""
    with transaction.atomic():
        calls = {call.pk: call for call in Call.objects.select_for_update().filter(
            pk__in={decision.application.call_id for decision in decisions}).order_by("pk")}
        planned = [_planned(decision) for decision in decisions]
        _check_budgets(decisions, planned, calls)
        letters = []
        for decision, (amount, funded) in zip(decisions, planned, strict=True):
            application = decision.application
            if decision.award:
                grants_services.application_award(application=application, amount=amount,
                                                  funded_municipalities=funded, reason=decision.reason_text,
                                                  decided_by=decided_by, notify=False)
            else:
                grants_services.application_reject(application=application, reason=_rejection_text(decision),
                                                   decided_by=decided_by, notify=False)
            application.refresh_from_db()
            letter = DecisionLetter(application=application, created_by=decided_by,
                                    content=render_letter(application=application))
            letter.save()
            letters.append(letter)
            transaction.on_commit(lambda letter=letter: send_letter(letter=letter, sent_by=decided_by))
    return letters


def send_letter(*, letter: DecisionLetter, sent_by: AbstractBaseUser) -> int:
    """The decision e-mail with its letter attached, logged in the academy's contact log."""
    return emails.send_decision(application=letter.application, sent_by=sent_by,
                                attachments=[(letter.filename, bytes(letter.content), DOCX_TYPE)])


def _planned(decision: Decision) -> tuple[Decimal | None, list]:
    if not decision.award:
        if not (decision.reason or decision.reason_text.strip()):
            raise ValidationError(_("Give a reason for rejecting %(academy)s.") % {
                "academy": decision.application.academy})
        return None, []
    application = decision.application
    funded = list(decision.funded_municipalities) or list(application.planned_municipalities.all())
    amount = decision.amount
    if amount is None:
        count = len(funded) if application.call.kind == CallKind.ACADEMY_ROLLOUT else None
        amount = application_services.requested_amount_for(application=application, municipality_count=count)
    if amount is None:
        raise ValidationError(_("%(academy)s has no amount to award: give one.") % {"academy": application.academy})
    return amount, funded


def _check_budgets(decisions: Sequence[Decision], planned, calls) -> None:
    left = {pk: call.budget - grants_services.call_awarded_amount(call=call) for pk, call in calls.items()}
    used = defaultdict(Decimal)
    for decision, (amount, _funded) in zip(decisions, planned, strict=True):
        if amount is None:
            continue
        call_pk = decision.application.call_id
        if used[call_pk] + amount > left[call_pk]:
            raise ValidationError(_(
                "The batch exceeds the budget of %(call)s: %(academy)s (%(amount)s) no longer fits in what is left "
                "(%(left)s). Nothing has been decided.") % {
                "call": calls[call_pk], "academy": decision.application.academy, "amount": format_euro(amount),
                "left": format_euro(left[call_pk] - used[call_pk])})
        used[call_pk] += amount


def _rejection_text(decision: Decision) -> str:
    parts = [str(RejectionReason(decision.reason).label).capitalize()] if decision.reason else []
    if decision.reason_text.strip():
        parts.append(decision.reason_text.strip())
    return ". ".join(parts)
