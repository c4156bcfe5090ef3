"""Reads for the portal and staff pages: what a page shows, computed from the QuerySet vocabulary."""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone

from academies.models import Academy, Municipality
from grants.models import (
    Application,
    ApplicationAttachment,
    ApplicationStatus,
    Award,
    Call,
    CallKind,
    ContactInvitation,
    FinalReport,
    FinalReportLine,
    FinalReportStatus,
    SentEmail,
)


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


# --- the portal: every lookup scoped to the user's academies (another academy's object is not found) ----------


def own_academies(*, user):
    return Academy.objects.for_user(user)


def own_applications(*, user):
    return Application.objects.for_user(user).select_related("call", "academy")


def own_awards(*, user):
    return Award.objects.for_user(user).select_related("application__call", "application__academy")


def own_attachments(*, user):
    """Attachments of the applications of `user`'s academies (the portal's downloads)."""
    return ApplicationAttachment.objects.filter(application__in=Application.objects.for_user(user))


def attachments():
    return ApplicationAttachment.objects.all()


def application_of(*, call: Call, academy: Academy) -> Application | None:
    return Application.objects.filter(call=call, academy=academy).first()


def award_of(*, application: Application) -> Award | None:
    """The application's award with its funded municipalities and decider, or None."""
    return (Award.objects.filter(application=application).select_related("decided_by")
            .prefetch_related("funded_municipalities").first())


def report_of(*, award: Award) -> FinalReport | None:
    return FinalReport.objects.filter(award=award).first()


def calls():
    return Call.objects.all()


def trajectories_of(*, application: Application):
    return application.trajectories.select_related("municipality")


def planned_of(*, application: Application):
    return application.planned_municipalities.order_by("name_nl")


def lines_of(*, report: FinalReport | None):
    return report.lines.select_related("municipality") if report else []


# --- the staff pages ---------------------------------------------------------------------------------------------


def staff_dashboard() -> dict:
    """The staff front page: the 20 newest `calls` with their awarded amount, the applications `to_decide` and the
    final reports `to_review`, oldest submitted first."""
    return {
        "calls": Call.objects.with_awarded_amount().order_by("-year", "code")[:20],
        "to_decide": Application.objects.filter(status=ApplicationStatus.SUBMITTED).for_table()
        .order_by("submitted_at"),
        "to_review": FinalReport.objects.filter(status=FinalReportStatus.SUBMITTED).for_table()
        .order_by("submitted_at"),
    }


def staff_applications():
    """Every application for the staff list (filtered by `ApplicationFilter`), newest call first."""
    return Application.objects.for_table().order_by("-call__year", "academy__name")


def staff_reports():
    """Every final report for the staff list (filtered by `FinalReportFilter`), newest call first."""
    return FinalReport.objects.for_table().order_by("-award__application__call__year",
                                                    "award__application__academy__name")


def applications_for_staff():
    return Application.objects.select_related("call", "academy", "decided_by")


def call_with_awarded_amount(*, call_id: int) -> Call:
    return Call.objects.with_awarded_amount().get(pk=call_id)


def reports_for_staff():
    return FinalReport.objects.for_table()


def academies_for_staff():
    return Academy.objects.for_table()


def academy_page(*, academy: Academy, personal: bool) -> dict:
    """An academy's staff page: its `recognitions`, `awards` and, when `personal` (it names people's addresses),
    its `applications` and contact `log` with the addresses that `bounced`."""
    log = list(SentEmail.objects.for_academy(academy)) if personal else []
    return {
        "recognitions": academy.recognitions.order_by("-valid_from"),
        "applications": (Application.objects.filter(academy=academy).select_related("call")
                         .order_by("-call__year") if personal else []),
        "awards": Award.objects.filter(application__academy=academy).select_related(
            "application__call", "final_report").order_by("-application__call__year"),
        "log": log, "bounced": sorted({address for entry in log for address in entry.failed_recipients}),
    }


def sent_email_of(*, academy_id: int):
    return SentEmail.objects.filter(academy_id=academy_id)


# --- history -----------------------------------------------------------------------------------------------------


def history_rows(obj) -> list[dict]:
    """Who changed what and when, oldest first, from django-simple-history."""
    return history_rows_of(obj.history.all(), obj._meta)


def history_rows_of(records, meta) -> list[dict]:
    """Rows for the history table from historical records of one kind (`meta`: the tracked model's _meta).
    Each record is compared with the previous record of the same object; a record about a municipality names it
    as "Name (NIS code)" (`subject`)."""
    records = list(records.select_related("history_user").order_by("history_date", "history_id"))
    codes = {record.municipality_id for record in records if getattr(record, "municipality_id", None)}
    names = dict(Municipality.objects.filter(pk__in=codes).values_list("pk", "name_nl")) if codes else {}
    previous = {}
    rows = []
    for record in records:
        changes = []
        before = previous.get(record.id)
        if before is not None:
            delta = record.diff_against(before)
            changes = [str(meta.get_field(change.field).verbose_name) for change in delta.changes]
        previous[record.id] = record
        code = getattr(record, "municipality_id", None)
        subject = f"{names.get(code, '?')} ({code})" if code else ""
        rows.append({"record": record, "changes": changes, "label": meta.verbose_name, "subject": subject})
    return rows


def application_history(*, application: Application, award: Award | None) -> list[dict]:
    """The application's and its award's history together, oldest first."""
    rows = history_rows(application) + (history_rows(award) if award else [])
    return sorted(rows, key=lambda row: row["record"].history_date)


def report_history(*, report: FinalReport) -> list[dict]:
    """The report's and its lines' history together, oldest first."""
    rows = history_rows(report) + history_rows_of(FinalReportLine.history.filter(report_id=report.pk),
                                                   FinalReportLine._meta)
    return sorted(rows, key=lambda row: row["record"].history_date)


def recent_invitations(*, limit: int = 20) -> list[ContactInvitation]:
    """The latest invitations, newest first, with the contact, the academy and who invited them."""
    return list(ContactInvitation.objects.select_related("membership__user", "membership__academy", "invited_by")
                .order_by("-invited_at")[:limit])


@dataclass(frozen=True)
class FundingComparison:
    """A final report's municipalities against its award's: `reached` (funded and reported), `not_funded`
    (reported but not funded by the award) and `not_reached` (funded but on no line of the report)."""

    reached: list[Municipality]
    not_funded: list[Municipality]
    not_reached: list[Municipality]

    @property
    def matches(self) -> bool:
        return not self.not_funded and not self.not_reached


def funded_vs_reported(*, report) -> FundingComparison:
    """Two queries: the award's funded municipalities and the report lines' municipalities."""
    funded = {municipality.pk: municipality for municipality in report.award.funded_municipalities.all()}
    reported = {line.municipality_id: line.municipality for line in report.lines.select_related("municipality")}

    def by_name(municipalities):
        return sorted(municipalities, key=lambda municipality: (municipality.name_nl, municipality.pk))

    return FundingComparison(
        reached=by_name(funded[code] for code in funded.keys() & reported.keys()),
        not_funded=by_name(reported[code] for code in reported.keys() - funded.keys()),
        not_reached=by_name(funded[code] for code in funded.keys() - reported.keys()),
    )
