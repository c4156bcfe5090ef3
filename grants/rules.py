"""Object-level permissions (django `rules`).

Portal views first scope their querysets to the user's academies (so other academies' objects answer 404); these
rules then say what the user may do with an object of their own academy in its current state. Staff rules rest on
Django's model permissions, which the groups "VLAIO beheerder" (all) and "VLAIO lezer" (view/export) hold.
"""

import rules

from academies.models import Academy, AcademyMembership
from grants.models import Application, ApplicationStatus, Award, FinalReport, FinalReportStatus


def academy_of(obj) -> Academy | None:
    if isinstance(obj, Academy):
        return obj
    if isinstance(obj, Application):
        return obj.academy
    if isinstance(obj, Award):
        return obj.application.academy
    if isinstance(obj, FinalReport):
        return obj.award.application.academy
    return None


@rules.predicate
def is_academy_contact(user, obj) -> bool:
    academy = academy_of(obj)
    if academy is None or not user.is_authenticated:
        return False
    return AcademyMembership.objects.filter(user=user, academy=academy).exists()


@rules.predicate
def is_vlaio_staff(user) -> bool:
    """The one definition of VLAIO staff (managers and readers): an active staff account whose group lets it read
    applications ("VLAIO beheerder", "VLAIO lezer"), or a superuser. `is_staff` alone, without a group, opens
    nothing. Academy contacts never."""
    return user.is_authenticated and user.is_active and user.is_staff and user.has_perm("grants.view_application")


@rules.predicate
def may_view_awards(user) -> bool:
    """Members of "VLAIO beheerder" and "VLAIO lezer" (and superusers) may view awards, hence the reports."""
    return user.has_perm("grants.view_award")


may_read_reports = is_vlaio_staff & may_view_awards


@rules.predicate
def may_decide(user) -> bool:
    """Members of "VLAIO beheerder" (and superusers): they hold the add/change permissions on awards."""
    return user.has_perm("grants.add_award") and user.has_perm("grants.change_award")


@rules.predicate
def may_review_reports(user) -> bool:
    return user.has_perm("grants.change_finalreport")


@rules.predicate
def may_invite(user) -> bool:
    return user.has_perm("academies.add_academymembership")


@rules.predicate
def is_draft_application(user, application) -> bool:
    return application is not None and application.status == ApplicationStatus.DRAFT


@rules.predicate
def is_submitted_application(user, application) -> bool:
    """Submitted and not decided yet: an award recorded elsewhere (admin, import) decides it too."""
    return (application is not None and application.status == ApplicationStatus.SUBMITTED
            and not Award.objects.filter(application_id=application.pk).exists())


@rules.predicate
def is_editable_report(user, report) -> bool:
    """A report (or an award without one yet) the academy may still change: see `FinalReport.is_editable`."""
    if report is None:
        return False
    if isinstance(report, Award):
        report = getattr(report, "final_report", None)
        if report is None:
            return True
    return report.is_editable


@rules.predicate
def is_submitted_report(user, report) -> bool:
    return report is not None and report.status == FinalReportStatus.SUBMITTED


rules.add_perm("grants.edit_application", is_academy_contact & is_draft_application)
rules.add_perm("grants.edit_finalreport", is_academy_contact & is_editable_report)
rules.add_perm("grants.view_staff_pages", is_vlaio_staff)
rules.add_perm("grants.decide_application", is_vlaio_staff & may_decide & is_submitted_application)
rules.add_perm("grants.review_finalreport", is_vlaio_staff & may_review_reports & is_submitted_report)
rules.add_perm("grants.invite_contact", is_vlaio_staff & may_invite)


@rules.predicate
def is_manager(user) -> bool:
    """Members of "VLAIO beheerder" (and superusers): they may change applications. Readers may not."""
    return user.has_perm("grants.change_application")


rules.add_perm("grants.view_personal_data", is_vlaio_staff & is_manager)
