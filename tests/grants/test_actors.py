"""Who decided, who reviewed, who invited: stored on the record, as the history's user, and shown to staff."""

from decimal import Decimal

import pytest
from django.urls import reverse

from grants import services
from grants.models import Application, ApplicationStatus, ContactInvitation, FinalReport, FinalReportStatus
from tests.factories import AcademyFactory, ApplicationFactory, AwardFactory, FinalReportFactory, municipality
from tests.grants.portal_setup import GENT, PASSWORD, manager, open_call

pytestmark = pytest.mark.django_db


def submitted_application() -> Application:
    application = ApplicationFactory(call=open_call(budget=Decimal("10000.00")))
    application.planned_municipalities.set([municipality(GENT)])
    return application


class TestDecidedBy:
    def test_award_records_who_decided(self):
        staff = manager()
        application = submitted_application()
        award = services.application_award(application=application, amount=Decimal("2000.00"), reason="",
                                           funded_municipalities=[municipality(GENT)], decided_by=staff)
        application = Application.objects.get(pk=application.pk)
        assert application.decided_by == staff
        assert type(award).objects.get(pk=award.pk).decided_by == staff
        assert application.history.latest().history_user == staff
        assert award.history.latest().history_user == staff

    def test_rejection_records_who_decided(self):
        staff = manager()
        application = services.application_reject(application=submitted_application(), reason="Geen STEM.",
                                                  decided_by=staff)
        application = Application.objects.get(pk=application.pk)
        assert (application.status, application.decided_by) == (ApplicationStatus.REJECTED, staff)
        assert application.history.latest().history_user == staff

    def test_staff_page_shows_who_decided(self, client):
        staff = manager()
        application = services.application_reject(application=submitted_application(), reason="Geen STEM.",
                                                  decided_by=staff)
        client.login(username=staff.username, password=PASSWORD)
        page = client.get(reverse("grants:staff-application-detail", args=[application.pk])).content.decode()
        assert 'id="decided-by"' in page and staff.username in page


class TestReviewedBy:
    def test_review_records_who_reviewed(self, client):
        staff = manager()
        report = FinalReportFactory(status=FinalReportStatus.SUBMITTED,
                                    award=AwardFactory(application__call=open_call()))
        services.final_report_review(report=report, accept=False, comment="Gent klopt niet", reviewed_by=staff)
        report = FinalReport.objects.get(pk=report.pk)
        assert report.reviewed_by == staff
        assert report.history.latest().history_user == staff
        client.login(username=staff.username, password=PASSWORD)
        page = client.get(reverse("grants:staff-report-detail", args=[report.pk])).content.decode()
        assert 'id="reviewed-by"' in page and staff.username in page


class TestInvitedBy:
    def test_invitation_records_who_invited(self, client):
        staff = manager()
        membership = services.contact_invite(email="an@example.org", academy=AcademyFactory(), invited_by=staff)
        invitation = ContactInvitation.objects.get(membership=membership)
        assert invitation.invited_by == staff
        assert invitation.history.latest().history_user == staff
        client.login(username=staff.username, password=PASSWORD)
        page = client.get(reverse("grants:staff-invite")).content.decode()
        assert "an@example.org" in page and staff.username in page
