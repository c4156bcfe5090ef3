"""The staff workflow: dashboard, applications with filters, award/reject within budget, review of final reports,
invitations. "VLAIO beheerder" decides; "VLAIO lezer" only reads."""

from decimal import Decimal

import pytest
from django.urls import reverse

from academies.models import AcademyMembership
from grants.models import Application, ApplicationStatus, Award, Call, FinalReport, FinalReportStatus
from tests.factories import AcademyFactory, ApplicationFactory, AwardFactory, FinalReportFactory, municipality
from tests.grants.portal_setup import AALTER, GENT, contact_of, manager, open_call, reader

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted():
    application = ApplicationFactory(call=open_call(budget=Decimal("10000.00")), status=ApplicationStatus.SUBMITTED)
    application.planned_municipalities.set([municipality(GENT), municipality(AALTER)])
    return application


def award_data(amount="4000.00", funded=(GENT, AALTER), reason=""):
    return {"amount": amount, "funded_municipalities": list(funded), "reason": reason}


class TestDashboard:
    def test_lists_work_to_do(self, client, submitted, django_assert_max_num_queries):
        report = FinalReportFactory(status=FinalReportStatus.SUBMITTED)
        client.force_login(reader())
        with django_assert_max_num_queries(12):
            page = client.get(reverse("grants:staff-dashboard")).content.decode()
        assert reverse("grants:staff-application-detail", args=[submitted.pk]) in page
        assert reverse("grants:staff-report-detail", args=[report.pk]) in page

    def test_query_count_does_not_grow_with_the_data(self, client, django_assert_max_num_queries):
        client.force_login(manager())
        for _ in range(5):
            ApplicationFactory(call=open_call())
            FinalReportFactory(status=FinalReportStatus.SUBMITTED)
        with django_assert_max_num_queries(12):
            assert client.get(reverse("grants:staff-dashboard")).status_code == 200
        with django_assert_max_num_queries(12):
            assert client.get(reverse("grants:staff-application-list")).status_code == 200
        with django_assert_max_num_queries(12):
            assert client.get(reverse("grants:staff-report-list")).status_code == 200

    def test_contacts_may_not_enter(self, client):
        user, _academy = contact_of()
        client.force_login(user)
        for name in ("grants:staff-dashboard", "grants:staff-application-list", "grants:staff-report-list",
                     "grants:staff-invite"):
            assert client.get(reverse(name)).status_code == 403
        assert client.get(reverse("admin:index")).status_code == 302  # the admin is for staff only


def test_application_list_filters(client, submitted):
    other = ApplicationFactory(call=open_call(), status=ApplicationStatus.DRAFT)
    client.force_login(reader())
    response = client.get(reverse("grants:staff-application-list"), {"status": "submitted"})
    assert list(response.context["object_list"]) == [submitted]
    response = client.get(reverse("grants:staff-application-list"), {"academy": other.academy.name[-3:]})
    assert other in response.context["object_list"]


class TestDecide:
    def test_manager_awards_and_the_history_records_who(self, client, submitted, mailoutbox,
                                                        django_capture_on_commit_callbacks):
        staff = manager()
        client.force_login(staff)
        page = client.get(reverse("grants:staff-application-detail", args=[submitted.pk])).content.decode()
        assert 'value="4.000,00"' in page  # proposed by the call's rule: 2 municipalities x € 2.000
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("grants:staff-application-award", args=[submitted.pk]), award_data())
        assert response.status_code == 302
        award = Award.objects.get()
        assert award.amount == Decimal("4000.00") and award.decided_by == staff
        assert {record.history_user for record in award.history.all()} == {staff}
        assert {row.municipality_id for row in award.history.latest("history_id").funded_municipalities.all()} \
            == set(award.funded_municipalities.values_list("pk", flat=True))
        assert submitted.history.order_by("-history_date").first().history_user == staff
        assert len(mailoutbox) == 1 and mailoutbox[0].subject.startswith("Beslissing over uw aanvraag")
        assert "€\xa04.000,00" in mailoutbox[0].body

    @pytest.mark.parametrize("typed", ["4.000,00", "€ 4.000,00", "4000,00", "4000", "4.000", "€ 4.000"])
    def test_amount_is_read_the_belgian_way(self, client, submitted, typed):
        client.force_login(manager())
        response = client.post(reverse("grants:staff-application-award", args=[submitted.pk]), award_data(amount=typed))
        assert response.status_code == 302
        assert Award.objects.get().amount == Decimal("4000.00")

    def test_amount_with_three_decimals_is_refused_not_misread(self, client, submitted):
        client.force_login(manager())
        response = client.post(reverse("grants:staff-application-award", args=[submitted.pk]),
                               award_data(amount="4000,001"))
        assert response.status_code == 400
        assert not Award.objects.exists()

    def test_changed_amount_without_reason_is_refused(self, client, submitted):
        client.force_login(manager())
        response = client.post(reverse("grants:staff-application-award", args=[submitted.pk]),
                               award_data(amount="3000.00"))
        assert response.status_code == 400
        assert "geef een motivering" in response.content.decode()
        assert not Award.objects.exists()
        response = client.post(reverse("grants:staff-application-award", args=[submitted.pk]),
                               award_data(amount="3000.00", reason="Eén traject valt weg"))
        assert Award.objects.get().amount_reason == "Eén traject valt weg"

    def test_over_budget_is_refused(self, client, submitted):
        AwardFactory(application=ApplicationFactory(call=submitted.call, status=ApplicationStatus.AWARDED),
                     amount=Decimal("8000.00"))
        client.force_login(manager())
        response = client.post(reverse("grants:staff-application-award", args=[submitted.pk]), award_data())
        assert response.status_code == 400
        assert "budget" in response.content.decode()
        assert Award.objects.count() == 1
        assert Application.objects.get(pk=submitted.pk).status == ApplicationStatus.SUBMITTED

    def test_reject_with_reason(self, client, submitted):
        client.force_login(manager())
        assert client.post(reverse("grants:staff-application-reject", args=[submitted.pk]),
                           {"reason": ""}).status_code == 400
        client.post(reverse("grants:staff-application-reject", args=[submitted.pk]), {"reason": "Buiten Vlaanderen"})
        submitted.refresh_from_db()
        assert submitted.status == ApplicationStatus.REJECTED and submitted.decision_reason == "Buiten Vlaanderen"

    def test_reader_only_reads(self, client, submitted):
        client.force_login(reader())
        page = client.get(reverse("grants:staff-application-detail", args=[submitted.pk])).content.decode()
        assert reverse("grants:staff-application-award", args=[submitted.pk]) not in page
        assert client.post(reverse("grants:staff-application-award", args=[submitted.pk]),
                           award_data()).status_code == 403
        assert client.post(reverse("grants:staff-application-reject", args=[submitted.pk]),
                           {"reason": "x"}).status_code == 403
        assert not Award.objects.exists()
        assert Application.objects.get(pk=submitted.pk).status == ApplicationStatus.SUBMITTED

    def test_staff_without_group_cannot_decide(self, client, submitted):
        from tests.factories import StaffUserFactory

        client.force_login(StaffUserFactory())
        assert client.post(reverse("grants:staff-application-award", args=[submitted.pk]),
                           award_data()).status_code == 403


class TestReview:
    @pytest.fixture
    def report(self):
        report = FinalReportFactory(status=FinalReportStatus.SUBMITTED)
        report.lines.create(municipality=municipality(GENT), half_days=4, participants=20, boys=12, girls=8)
        return report

    def test_return_then_accept(self, client, report, mailoutbox, django_capture_on_commit_callbacks):
        staff = manager()
        client.force_login(staff)
        url = reverse("grants:staff-report-detail", args=[report.pk])
        page = client.get(url).content.decode()
        assert "Gent" in page
        assert client.post(url, {"decision": "return", "comment": ""}).status_code == 400
        with django_capture_on_commit_callbacks(execute=True):
            client.post(url, {"decision": "return", "comment": "Meisjes ontbreken in Aalter"})
        report.refresh_from_db()
        assert report.status == FinalReportStatus.RETURNED
        assert mailoutbox[-1].subject.startswith("Eindrapportage teruggestuurd")
        assert "Meisjes ontbreken in Aalter" in mailoutbox[-1].body
        FinalReport.objects.filter(pk=report.pk).update(status=FinalReportStatus.SUBMITTED)
        client.post(url, {"decision": "accept", "comment": ""})
        report.refresh_from_db()
        assert report.status == FinalReportStatus.ACCEPTED
        assert report.history.order_by("-history_date").first().history_user == staff

    def test_reader_cannot_review(self, client, report):
        client.force_login(reader())
        url = reverse("grants:staff-report-detail", args=[report.pk])
        assert client.get(url).status_code == 200
        assert client.post(url, {"decision": "accept"}).status_code == 403
        assert FinalReport.objects.get(pk=report.pk).status == FinalReportStatus.SUBMITTED


class TestInvite:
    def test_manager_invites_a_contact(self, client, mailoutbox, django_capture_on_commit_callbacks):
        academy = AcademyFactory()
        client.force_login(manager())
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("grants:staff-invite"), {"academy": academy.pk,
                                                                    "email": "nieuw@example.org"})
        assert response.status_code == 302
        membership = AcademyMembership.objects.get(academy=academy)
        assert membership.user.email == "nieuw@example.org" and not membership.user.is_active
        assert mailoutbox[0].to == ["nieuw@example.org"]
        assert mailoutbox[0].subject.startswith("Uitnodiging")
        assert "/account/uitnodiging/" in mailoutbox[0].body

    def test_reader_cannot_invite(self, client):
        client.force_login(reader())
        assert client.get(reverse("grants:staff-invite")).status_code == 403
        assert client.post(reverse("grants:staff-invite"), {"academy": AcademyFactory().pk,
                                                            "email": "x@example.org"}).status_code == 403
        assert not AcademyMembership.objects.exists()


class TestAccounts:
    def test_account_pages_are_dutch(self, client):
        page = client.get(reverse("password_reset")).content.decode()
        assert "Vul het e-mailadres van uw account in" in page

    def test_password_reset_mail_is_dutch(self, client, mailoutbox):
        user, _academy = contact_of()
        client.post(reverse("password_reset"), {"email": user.email})
        assert mailoutbox[0].subject == "Kies een nieuw wachtwoord voor het portaal STEM-academies"

    def test_password_change(self, client):
        user, _academy = contact_of()
        client.force_login(user)
        assert "Mijn wachtwoord wijzigen" in client.get(reverse("password_change")).content.decode()
        response = client.post(reverse("password_change"), {"old_password": "correct-horse-battery",
                                                            "new_password1": "Nieuw-geheim-2026",
                                                            "new_password2": "Nieuw-geheim-2026"})
        assert response.status_code == 302
        user.refresh_from_db()
        assert user.check_password("Nieuw-geheim-2026")

    def test_login_is_throttled(self, client, settings):
        settings.AXES_ENABLED = True
        settings.AXES_FAILURE_LIMIT = 3
        user, _academy = contact_of()
        for _ in range(3):
            client.post(reverse("login"), {"username": user.username, "password": "wrong"})
        response = client.post(reverse("login"), {"username": user.username, "password": "correct-horse-battery"})
        assert response.status_code == 429
        assert "_auth_user_id" not in client.session


def test_remaining_budget_is_budget_minus_awards():
    call = open_call(budget=Decimal("10000.00"))
    AwardFactory(application__call=call, amount=Decimal("2500.00"))
    AwardFactory(application__call=call, amount=Decimal("1000.50"))
    annotated = Call.objects.with_awarded_amount().get(pk=call.pk)
    assert (annotated.awarded_amount, annotated.award_count, annotated.remaining_budget) \
        == (Decimal("3500.50"), 2, Decimal("6499.50"))
