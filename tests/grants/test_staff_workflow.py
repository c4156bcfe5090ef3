"""Staff and portal workflow details: a decision replaces the forms, a second submit gives one message, the
portal's submission has a confirmation step, staff lists paginate, history and the review page name
municipalities."""

from decimal import Decimal

import pytest
from django.urls import reverse

from grants.models import Application, ApplicationStatus, FinalReportStatus
from grants.selectors import funded_vs_reported
from tests.factories import ApplicationFactory, AwardFactory, FinalReportFactory, municipality
from tests.grants.portal_setup import AALTER, ANTWERPEN, GENT, contact_of, manager, open_call, reader

pytestmark = pytest.mark.django_db

ALREADY_DECIDED = "Over deze aanvraag werd al beslist"


@pytest.fixture
def submitted():
    application = ApplicationFactory(call=open_call(budget=Decimal("50000.00")), status=ApplicationStatus.SUBMITTED)
    application.planned_municipalities.set([municipality(GENT), municipality(AALTER)])
    return application


def award_data():
    return {"amount": "4000.00", "funded_municipalities": [GENT, AALTER], "reason": ""}


class TestDecision:
    def test_after_the_award_the_forms_give_way_to_the_decision(self, client, submitted):
        client.force_login(manager())
        page = client.post(reverse("grants:staff-application-award", args=[submitted.pk]), award_data(),
                           follow=True).content.decode()
        assert 'id="decision"' in page
        assert reverse("grants:staff-application-award", args=[submitted.pk]) not in page
        assert reverse("grants:staff-application-reject", args=[submitted.pk]) not in page

    def test_a_second_submit_gives_one_clear_message(self, client, submitted):
        client.force_login(manager())
        url = reverse("grants:staff-application-award", args=[submitted.pk])
        client.post(url, award_data())
        response = client.post(url, award_data(), follow=True)
        page = response.content.decode()
        assert response.status_code == 200
        assert page.count(ALREADY_DECIDED) == 1
        assert "Alleen een ingediende aanvraag" not in page
        assert 'name="amount"' not in page

    def test_rejection_is_shown_as_the_decision(self, client, submitted):
        client.force_login(manager())
        page = client.post(reverse("grants:staff-application-reject", args=[submitted.pk]),
                           {"reason": "Buiten Vlaanderen"}, follow=True).content.decode()
        assert 'id="decision"' in page and "Buiten Vlaanderen" in page
        assert 'name="reason"' not in page


class TestSubmitConfirmation:
    def test_submit_asks_for_confirmation_first(self, client, mailoutbox, django_capture_on_commit_callbacks):
        user, academy = contact_of()
        client.force_login(user)
        application = ApplicationFactory(call=open_call(), academy=academy, status=ApplicationStatus.DRAFT)
        application.planned_municipalities.set([municipality(GENT)])
        detail = client.get(reverse("grants:application-detail", args=[application.pk])).content.decode()
        url = reverse("grants:application-submit", args=[application.pk])
        assert f'href="{url}"' in detail  # a link to the confirmation step, not a form that submits
        confirm = client.get(url)
        assert confirm.status_code == 200
        assert "Controleer wat u indient" in confirm.content.decode()
        assert Application.objects.get(pk=application.pk).status == ApplicationStatus.DRAFT
        with django_capture_on_commit_callbacks(execute=True):
            client.post(url)
        assert Application.objects.get(pk=application.pk).status == ApplicationStatus.SUBMITTED


class TestStaffListPagination:
    def test_application_list_pages_by_fifty(self, client):
        call = open_call()
        for _ in range(55):
            ApplicationFactory(call=call)
        client.force_login(reader())
        first = client.get(reverse("grants:staff-application-list"))
        assert len(first.context["table"].page.object_list) == 50
        assert 'rel="next"' in first.content.decode()
        second = client.get(reverse("grants:staff-application-list") + "?page=2")
        assert len(second.context["table"].page.object_list) == 5
        assert "Rijen 51–55 van 55" in second.content.decode()

    def test_final_report_list_pages_and_filters(self, client):
        for index in range(53):
            FinalReportFactory(status=FinalReportStatus.SUBMITTED if index % 2 else FinalReportStatus.DRAFT)
        client.force_login(reader())
        url = reverse("grants:staff-report-list")
        assert len(client.get(url).context["table"].page.object_list) == 50
        assert len(client.get(url + "?page=2").context["table"].page.object_list) == 3
        filtered = client.get(url + "?status=submitted").context["table"]
        assert filtered.paginator.count == 26


class TestReviewPage:
    @pytest.fixture
    def report(self):
        award = AwardFactory(funded=[GENT, AALTER])
        report = FinalReportFactory(award=award, status=FinalReportStatus.SUBMITTED)
        report.lines.create(municipality=municipality(GENT), half_days=4, participants=20)
        report.lines.create(municipality=municipality(ANTWERPEN), half_days=2)
        return report

    def test_comparison_flags_reported_but_not_funded_and_funded_but_not_reached(self, report):
        comparison = funded_vs_reported(report=report)
        assert [m.pk for m in comparison.reached] == [GENT]
        assert [m.pk for m in comparison.not_funded] == [ANTWERPEN]
        assert [m.pk for m in comparison.not_reached] == [AALTER]
        assert not comparison.matches

    def test_review_page_shows_the_flags(self, client, report):
        client.force_login(manager())
        page = client.get(reverse("grants:staff-report-detail", args=[report.pk])).content.decode()
        assert 'id="reported-not-funded"' in page and "Antwerpen (11002)" in page
        assert 'id="funded-not-reached"' in page and "Aalter (44084)" in page

    def test_history_names_the_municipality_with_its_nis_code(self, client, report):
        client.force_login(manager())
        page = client.get(reverse("grants:staff-report-detail", args=[report.pk])).content.decode()
        history = page.split("Geschiedenis</h2>", 1)[1]
        assert "(Gent (44021))" in history
