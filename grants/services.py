"""Every write of the portal and the staff workflow: typed, keyword-only functions that validate with
`full_clean()` and save inside `transaction.atomic`. A refused write raises `ValidationError` and leaves the
database as it was. E-mails go out only after the transaction commits."""

import datetime
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from academies.belgian import format_euro
from academies.models import Academy, AcademyMembership, Municipality
from grants import emails
from grants.application_services import requested_amount_for
from grants.models import (
    ZERO,
    Application,
    ApplicationStatus,
    Award,
    Call,
    CallKind,
    ContactInvitation,
    FinalReport,
    FinalReportStatus,
)
from grants.report_lines import replace_lines

User = get_user_model()

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReportLineInput:
    municipality: Municipality
    half_days: int
    participants: int | None = None
    boys: int | None = None
    girls: int | None = None
    other: int | None = None


# --- decisions --------------------------------------------------------------------------------------------------


def call_awarded_amount(*, call: Call) -> Decimal:
    return Award.objects.filter(application__call=call).aggregate(total=Sum("amount"))["total"] or ZERO


def not_submitted_message() -> str:
    return _("Only a submitted application can be decided.")


def award_check(*, application: Application, amount: Decimal, municipality_count: int, reason: str,
                remaining: Decimal) -> None:
    """The rules of an award's amount, met by the staff decision and the awards import alike: a partnership
    application whose budget breaks the call's rules (above the cap per project, own contribution under the
    minimum: `Application.partnership_errors`) is refused with that message, never clipped; an amount off the
    call's rule (`requested_amount_for` with `municipality_count` funded municipalities) needs a reason; and the
    amount may not exceed `remaining` (what is left of the call's budget without this award). Raises
    ValidationError keyed by `amount` and `reason`."""
    call = application.call
    if call.kind == CallKind.PARTNERSHIP_PROJECT and (budget_errors := application.partnership_errors(call)):
        raise ValidationError({"amount": list(budget_errors.values())})
    proposed = requested_amount_for(application=application, municipality_count=municipality_count)
    if proposed is not None and amount != proposed and not reason.strip():
        raise ValidationError({"reason": _("The amount differs from the call's rule (%(proposed)s): give a "
                                           "reason.") % {"proposed": format_euro(proposed)}})
    if amount > remaining:
        raise ValidationError({"amount": _("This amount exceeds what is left of the call's budget "
                                           "(%(remaining)s).") % {"remaining": format_euro(remaining)}})


def application_award(
    *,
    application: Application,
    amount: Decimal,
    funded_municipalities: Iterable[Municipality],
    reason: str,
    decided_by: AbstractBaseUser,
    decided_on: datetime.date | None = None,
    notify: bool = True,
) -> Award:
    """Award a submitted application (`award_check`). The call's row is locked so that two decisions at the same
    moment cannot together exceed the call's budget. Without `notify` the caller sends the decision e-mail (a batch
    decision sends it with its letter)."""
    funded = list(funded_municipalities)
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=application.call_id)
        application = _undecided(application)
        application.call = call
        if call.kind == CallKind.ACADEMY_ROLLOUT and not funded:
            raise ValidationError({"funded_municipalities": _("Choose at least one funded municipality.")})
        award_check(application=application, amount=amount, municipality_count=len(funded), reason=reason,
                    remaining=call.budget - call_awarded_amount(call=call))
        award = Award(application=application, amount=amount, decided_on=decided_on or timezone.localdate(),
                      amount_reason=reason.strip(), decided_by=decided_by)
        award.full_clean()
        award._history_user = decided_by
        award.save()
        award.funded_municipalities.set(funded)
        _record_decision(application, status=ApplicationStatus.AWARDED, reason=reason, decided_by=decided_by,
                         notify=notify)
    return award


def application_reject(*, application: Application, reason: str, decided_by: AbstractBaseUser,
                       notify: bool = True) -> Application:
    with transaction.atomic():
        application = _undecided(application)
        if not reason.strip():
            raise ValidationError({"reason": _("Give a reason for the rejection.")})
        _record_decision(application, status=ApplicationStatus.REJECTED, reason=reason, decided_by=decided_by,
                         notify=notify)
    return application


def _undecided(application: Application) -> Application:
    """The application locked for its decision; a ValidationError without a field when it is no longer waiting for
    one (decided meanwhile)."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status != ApplicationStatus.SUBMITTED:
        raise ValidationError(not_submitted_message())
    return application


def _record_decision(application: Application, *, status: str, reason: str, decided_by: AbstractBaseUser,
                     notify: bool) -> None:
    """The tail of every decision: status, reason and decider recorded (in the history too), the academy told
    once the transaction commits unless the caller sends its own message (`notify=False`: a batch mails the
    letter)."""
    application.status = status
    application.decision_reason = reason.strip()
    application.decided_by = decided_by
    application.full_clean()
    application._history_user = decided_by
    application.save()
    if notify:
        transaction.on_commit(lambda: emails.send_decision(application=application))


# --- final reports ----------------------------------------------------------------------------------------------


def final_report_save(
    *,
    award: Award,
    narrative: str,
    lines: Sequence[ReportLineInput],
    unattributed_participants: int | None = None,
    unattributed_boys: int | None = None,
    unattributed_girls: int | None = None,
    unattributed_other: int | None = None,
    attachment: UploadedFile | None = None,
    remove_attachment: bool = False,
    submit: bool = False,
) -> FinalReport:
    """Create or update the award's final report while it is a draft or returned; `lines` replace the lines
    (one per municipality reached). Empty counts stay NULL ("not reported"). With `submit`, the report is then
    submitted in the same transaction: a refused submission does not keep the save either."""
    municipalities = [line.municipality.pk for line in lines]
    if len(municipalities) != len(set(municipalities)):
        raise ValidationError(_("Each municipality can only appear once."))
    with transaction.atomic():
        award = Award.objects.select_for_update().get(pk=award.pk)
        report = FinalReport.objects.filter(award=award).first() or FinalReport(award=award)
        if report.pk and not report.is_editable:
            raise ValidationError(_("This final report has been submitted and can no longer be changed."))
        existed = report.pk is not None
        report.narrative = narrative
        report.unattributed_participants = unattributed_participants
        report.unattributed_boys = unattributed_boys
        report.unattributed_girls = unattributed_girls
        report.unattributed_other = unattributed_other
        old_attachment = report.attachment.name if report.attachment else ""
        if attachment is not None:
            report.attachment = attachment
        elif remove_attachment:
            report.attachment = None
        if submit:
            _mark_submitted(report, has_lines=bool(lines))
        _save_report(report)
        replace_lines(report=report, lines=lines, existing=existed)
        if old_attachment and old_attachment != (report.attachment.name if report.attachment else ""):
            storage = report.attachment.storage
            transaction.on_commit(lambda: storage.delete(old_attachment))
    return report


def final_report_submit(*, report: FinalReport, moment: datetime.datetime | None = None) -> FinalReport:
    with transaction.atomic():
        report = FinalReport.objects.select_for_update().get(pk=report.pk)
        if not report.is_editable:
            raise ValidationError(_("This final report has already been submitted."))
        _mark_submitted(report, has_lines=report.lines.exists(), moment=moment)
        _save_report(report)
    return report


def _mark_submitted(report: FinalReport, *, has_lines: bool, moment: datetime.datetime | None = None) -> None:
    """The one submission rule, for a report being saved and submitted at once and for a saved draft."""
    if not has_lines and report.unattributed_participants is None and not report.narrative.strip():
        raise ValidationError(_("Add at least one municipality reached, a total or a narrative before "
                                "submitting."))
    report.status = FinalReportStatus.SUBMITTED
    report.submitted_at = moment or timezone.now()
    transaction.on_commit(lambda: emails.send_report_submitted(report=report))


def _save_report(report: FinalReport) -> None:
    """Validate and save a report whose award row the caller holds locked: the award is neither looked up nor
    checked for a second report again; the database constraints stand behind the checks `clean()` words."""
    report.full_clean(exclude=["award"], validate_unique=False, validate_constraints=False)
    report.save()


def final_report_review(*, report: FinalReport, accept: bool, comment: str,
                        reviewed_by: AbstractBaseUser) -> FinalReport:
    """Accept a submitted report, or return it with a comment so the academy can correct and resubmit it."""
    with transaction.atomic():
        report = FinalReport.objects.select_for_update().get(pk=report.pk)
        if report.status != FinalReportStatus.SUBMITTED:
            raise ValidationError(_("Only a submitted final report can be reviewed."))
        if not accept and not comment.strip():
            raise ValidationError({"comment": _("Say what has to be corrected.")})
        report.status = FinalReportStatus.ACCEPTED if accept else FinalReportStatus.RETURNED
        report.review_comment = comment.strip()
        report.reviewed_at = timezone.now()
        report.reviewed_by = reviewed_by
        report.full_clean()
        report._history_user = reviewed_by
        report.save()
        transaction.on_commit(lambda: emails.send_report_reviewed(report=report))
    return report


def final_report_reopen_after_change(*, report: FinalReport, changes: list[str],
                                     changed_by: AbstractBaseUser) -> FinalReport:
    """An accepted report that staff changed (in the admin) goes back to review: status "submitted", the earlier
    acceptance cleared, and the academy told what changed. Reports in another state are left as they are."""
    with transaction.atomic():
        report = FinalReport.objects.select_for_update().get(pk=report.pk)
        if report.status != FinalReportStatus.ACCEPTED:
            return report
        report.status = FinalReportStatus.SUBMITTED
        report.reviewed_at = None
        report.reviewed_by = None
        report.full_clean()
        report._history_user = changed_by
        report.save()
        transaction.on_commit(lambda: emails.send_report_changed(report=report, changes=changes))
    return report


# --- calls ------------------------------------------------------------------------------------------------------


def call_save(*, call: Call, saved_by: AbstractBaseUser) -> Call:
    """Create or change a call from the staff pages: `Call.clean()` and the constraints, as in the admin. The
    budget may not drop below what the call has already awarded."""
    with transaction.atomic():
        if call.pk:
            Call.objects.select_for_update().filter(pk=call.pk).first()
            awarded = Call.objects.with_awarded_amount().get(pk=call.pk).awarded_amount
            if call.budget is not None and call.budget < awarded:
                raise ValidationError({"budget": _("The budget cannot be less than the %(awarded)s already "
                                                   "awarded.") % {"awarded": format_euro(awarded)}})
        call.full_clean()
        call.save()
    logger.info("call saved", extra={"call": call.code, "user": saved_by.get_username()})
    return call


# --- accounts ---------------------------------------------------------------------------------------------------


def contact_invite(*, email: str, academy: Academy, first_name: str = "", last_name: str = "",
                   invited_by: AbstractBaseUser) -> AcademyMembership:
    """Link a contact to an academy. A new e-mail address gets an inactive user without a usable password and an
    e-mail with a one-time link to set one; a known address gets the academy added to its account.

    An account whose access ACM/IDM manages (it has an ACM/IDM subject) is matched only when it is an organisation
    with this academy's KBO number, which its next login would give it anyway: the e-mail address of such an account
    is whatever ACM/IDM said, so matching it would hand the academy to another organisation or to staff."""
    email = User.objects.normalize_email(email).strip()
    with transaction.atomic():
        user = (User.objects.filter(email=email).select_related("acm_idm_account").first()
                or User.objects.filter(email__iexact=email).select_related("acm_idm_account").first())
        created = user is None
        if created:
            user = User(username=email.lower(), email=email, first_name=first_name, last_name=last_name,
                        is_active=False)
            user.set_unusable_password()
            user.full_clean()
            user.save()
        else:
            contact_invite_validate_account(user=user, academy=academy)
        membership = AcademyMembership.objects.filter(user=user, academy=academy).first()
        withdrawn = (membership is not None and not user.is_active
                     and not ContactInvitation.objects.filter(membership=membership).exists())
        if membership is not None and not withdrawn:
            raise ValidationError({"email": _("This person is already a contact of this academy.")})
        if membership is None:
            membership = AcademyMembership(user=user, academy=academy)
            membership.full_clean()
            membership.save()
        invitation = ContactInvitation(membership=membership, invited_by=invited_by)
        invitation._history_user = invited_by
        invitation.save()
        needs_password = not user.has_usable_password() and not hasattr(user, "acm_idm_account")
        transaction.on_commit(lambda: emails.send_invitation(membership=membership, with_password_link=needs_password))
    return membership


def contact_invite_validate_account(*, user: AbstractBaseUser, academy: Academy) -> None:
    account = getattr(user, "acm_idm_account", None)
    if account is None:
        return
    if account.target_group != "EA" or not academy.kbo_number or account.organisation_code != academy.kbo_number:
        raise ValidationError({"email": _(
            "This address belongs to an account that logs in through ACM/IDM for another organisation or as staff; "
            "it cannot be made a contact of this academy. An organisation logs in through ACM/IDM with the "
            "academy's KBO number, or invite another address.")})


def contact_deactivate(*, user: AbstractBaseUser, deactivated_by: AbstractBaseUser) -> None:
    """Deactivate an account, also one that never accepted its invitation (already inactive): its open invitations
    are withdrawn (deleted; their history keeps who withdrew them and when), and a new unusable password ends its
    sessions and every invitation or password-reset link sent before. Staff reactivate a contact by inviting them
    again."""
    with transaction.atomic():
        user.is_active = False
        user.set_unusable_password()
        user.save(update_fields=["is_active", "password"])
        for invitation in ContactInvitation.objects.filter(membership__user=user):
            invitation._history_user = deactivated_by
            invitation.delete()
