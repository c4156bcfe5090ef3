import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from grants.models import ApplicationStatus, FinalReportStatus, ReminderStage, ReportReminder
from tests.factories import ApplicationFactory, AwardFactory, CallFactory, FinalReportFactory

pytestmark = pytest.mark.django_db

DUE = datetime.date(2023, 3, 31)


def award_due(**kwargs):
    call = CallFactory(report_due_date=DUE)
    return AwardFactory(application=ApplicationFactory(call=call, status=ApplicationStatus.AWARDED, **kwargs))


def run(today: datetime.date) -> str:
    out = StringIO()
    call_command("send_report_reminders", "--today", today.isoformat(), stdout=out)
    return out.getvalue()


def test_running_twice_sends_each_reminder_once(mailoutbox):
    award = award_due()
    run(DUE - datetime.timedelta(days=30))
    assert mailoutbox == []  # not due soon yet
    run(DUE - datetime.timedelta(days=10))
    run(DUE - datetime.timedelta(days=9))
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == "Herinnering: uw eindrapportage moet binnenkort ingediend zijn"
    assert "31/03/2023" in mailoutbox[0].body
    assert award.application.academy.contact_email in mailoutbox[0].to
    run(DUE + datetime.timedelta(days=1))
    run(DUE + datetime.timedelta(days=2))
    assert len(mailoutbox) == 2
    assert mailoutbox[1].subject == "Uw eindrapportage is te laat"
    assert set(ReportReminder.objects.values_list("stage", flat=True)) == {ReminderStage.DUE_SOON,
                                                                          ReminderStage.OVERDUE}


def test_received_reports_get_no_reminder_but_drafts_and_returned_do(mailoutbox):
    FinalReportFactory(award=award_due(), status=FinalReportStatus.SUBMITTED)
    FinalReportFactory(award=award_due(), status=FinalReportStatus.ACCEPTED)
    FinalReportFactory(award=award_due(), status=FinalReportStatus.DRAFT)
    FinalReportFactory(award=award_due(), status=FinalReportStatus.RETURNED)
    award_due()  # no report at all
    assert "3 reminder(s) sent." in run(DUE + datetime.timedelta(days=5))
    assert "0 reminder(s) sent." in run(DUE + datetime.timedelta(days=5))
    assert len(mailoutbox) == 3


def test_calls_without_due_date_are_skipped(mailoutbox):
    AwardFactory(application=ApplicationFactory(call=CallFactory(report_due_date=None),
                                                status=ApplicationStatus.AWARDED))
    run(DUE)
    assert mailoutbox == []
