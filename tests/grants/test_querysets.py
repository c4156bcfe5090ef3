"""The query vocabulary of grants: one definition of an overdue final report, used by the portal and reminders."""

import datetime

import pytest

from grants.models import Award, FinalReportStatus
from tests.factories import AwardFactory, CallFactory, FinalReportFactory, MembershipFactory

pytestmark = pytest.mark.django_db

DUE = datetime.date(2023, 3, 31)


def award_with(status: str | None, due: datetime.date | None = DUE) -> Award:
    award = AwardFactory(application__call=CallFactory(year=2022, report_due_date=due))
    if status is not None:
        FinalReportFactory(award=award, status=status)
    return award


class TestOverdue:
    def test_outstanding_report_is_overdue_only_after_its_due_date(self):
        award = award_with(None)
        assert not Award.objects.overdue(DUE).filter(pk=award.pk).exists()
        assert Award.objects.overdue(DUE + datetime.timedelta(days=1)).filter(pk=award.pk).exists()

    @pytest.mark.parametrize(("status", "overdue"), [
        (FinalReportStatus.DRAFT, True), (FinalReportStatus.RETURNED, True),
        (FinalReportStatus.SUBMITTED, False), (FinalReportStatus.ACCEPTED, False),
    ])
    def test_a_received_report_is_never_overdue(self, status, overdue):
        award = award_with(status)
        assert Award.objects.overdue(datetime.date(2024, 1, 1)).filter(pk=award.pk).exists() is overdue

    def test_no_due_date_is_never_overdue(self):
        award = award_with(None, due=None)
        assert not Award.objects.overdue(datetime.date(2030, 1, 1)).filter(pk=award.pk).exists()
        assert not Award.objects.report_outstanding().filter(pk=award.pk).exists()

    def test_with_report_overdue_annotates_each_award(self):
        late, received, early = award_with(None), award_with(FinalReportStatus.ACCEPTED), award_with(
            None, due=datetime.date(2023, 6, 30))
        flags = dict(Award.objects.with_report_overdue(datetime.date(2023, 4, 1)).values_list("pk", "report_overdue"))
        assert flags == {late.pk: True, received.pk: False, early.pk: False}

    def test_report_due_by_includes_the_day_itself_and_leaves_received_reports_out(self):
        due, received, later = award_with(None), award_with(FinalReportStatus.SUBMITTED), award_with(
            None, due=datetime.date(2023, 4, 1))
        assert set(Award.objects.report_due_by(DUE)) == {due}
        assert received not in Award.objects.report_due_by(DUE) and later not in Award.objects.report_due_by(DUE)


class TestFinalReportIsEditable:
    @pytest.mark.parametrize(("status", "editable"), [
        (FinalReportStatus.DRAFT, True), (FinalReportStatus.RETURNED, True),
        (FinalReportStatus.SUBMITTED, False), (FinalReportStatus.ACCEPTED, False),
    ])
    def test_draft_and_returned_reports_are_editable(self, status, editable):
        report = FinalReportFactory(status=status)
        user = MembershipFactory(academy=report.award.application.academy).user
        assert report.is_editable is editable
        assert user.has_perm("grants.edit_finalreport", report) is editable
