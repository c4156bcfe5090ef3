"""Reads for the portal and staff pages: what a page shows, computed from the QuerySet vocabulary."""

import datetime

from django.db.models import Prefetch
from django.utils import timezone

from academies.models import Academy
from grants.models import Application, Award, Call, CallKind, ContactInvitation, FinalReport


def portal_dashboard(*, user, now: datetime.datetime | None = None) -> dict:
    """The portal's front page for `user`: `academies`, `applications`, `call_rows` (each open call with, per
    academy, whether it applied and may apply) and `award_rows` (each award with its report, due date and
    whether the report is overdue)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    academies = list(Academy.objects.for_user(user))
    applications = list(Application.objects.for_user(user).for_table().order_by("-call__year", "academy__name"))
    applied = {(application.academy_id, application.call_id) for application in applications}
    recognised = set(Academy.objects.for_user(user).recognised_on(today).values_list("pk", flat=True))
    call_rows = [
        {
            "call": call,
            "academies": [
                {"academy": academy, "applied": (academy.pk, call.pk) in applied,
                 "may_apply": call.kind != CallKind.ACADEMY_ROLLOUT or academy.pk in recognised}
                for academy in academies
            ],
        }
        for call in Call.objects.open_at(now).order_by("closes_at")
    ]
    awards = (Award.objects.for_user(user).with_report_overdue(today)
              .select_related("application__call", "application__academy")
              .prefetch_related(Prefetch("final_report", queryset=FinalReport.objects.all()))
              .order_by("application__call__report_due_date"))
    award_rows = [
        {"award": award, "report": getattr(award, "final_report", None),
         "due": award.application.call.report_due_date, "overdue": award.report_overdue}
        for award in awards
    ]
    return {"academies": academies, "applications": applications, "call_rows": call_rows, "award_rows": award_rows}


def recent_invitations(*, limit: int = 20) -> list[ContactInvitation]:
    """The latest invitations, newest first, with the contact, the academy and who invited them."""
    return list(ContactInvitation.objects.select_related("membership__user", "membership__academy", "invited_by")
                .order_by("-invited_at")[:limit])
