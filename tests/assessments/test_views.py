import io
import zipfile
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from academies.models import AcademyMembership
from assessments.models import Assessment, DecisionLetter
from grants.groups import READER_GROUP, sync_staff_groups
from grants.models import ApplicationStatus, Award
from tests.assessments.factories import CriterionFactory
from tests.factories import ApplicationFactory, CallFactory, StaffUserFactory, municipality
from tests.grants.portal_setup import GENT, contact_of, manager


@pytest.fixture
def call(db):
    call = CallFactory(year=2027, budget=Decimal("10000.00"))
    CriterionFactory(call=call, title="Bereik", weight=2)
    return call


@pytest.fixture
def application(call):
    application = ApplicationFactory(call=call, status=ApplicationStatus.SUBMITTED)
    application.planned_municipalities.set([municipality(GENT)])
    return application


def test_an_assessor_submits_scores_through_the_form(client, call, application):
    client.force_login(manager())
    criterion = call.criteria.get()
    url = reverse("assessments:assessment-edit", args=[application.pk])
    response = client.post(url, {f"score_{criterion.pk}": "4", "recommendation": "award", "submit": "1"})
    assert response.status_code == 302
    assert Assessment.objects.get().is_submitted


def test_a_missing_score_is_named_in_dutch_next_to_the_field(client, call, application):
    client.force_login(manager())
    response = client.post(reverse("assessments:assessment-edit", args=[application.pk]),
                           {"recommendation": "award", "submit": "1"}, HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    assert not Assessment.objects.filter(submitted_at__isnull=False).exists()


def test_the_manager_decides_a_batch_and_downloads_the_letters(client, call, application,
                                                               django_capture_on_commit_callbacks):
    other = ApplicationFactory(call=call, status=ApplicationStatus.SUBMITTED)
    other.planned_municipalities.set([municipality(GENT)])
    client.force_login(manager())
    url = reverse("assessments:ranking", args=[call.pk])
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"decision": "award", "selected": [application.pk, other.pk]})
    assert response.status_code == 302
    assert Award.objects.count() == 2
    archive = client.get(reverse("assessments:letters", args=[call.pk]))
    assert len(zipfile.ZipFile(io.BytesIO(archive.content)).namelist()) == 2


def test_the_letter_is_served_to_its_academy_and_staff_only(client, call, application):
    from assessments import services

    services.decisions_take(decided_by=manager(), decisions=[services.Decision(application=application, award=True)])
    url = reverse("assessments:letter", args=[application.pk])
    client.force_login(contact_of(application.academy)[0])
    assert client.get(url).status_code == 200
    stranger = ApplicationFactory(call=call).academy
    client.force_login(contact_of(stranger, username="ander")[0])
    assert client.get(url).status_code == 404
    assert DecisionLetter.objects.count() == 1


@pytest.mark.parametrize("who", ["anonymous", "reader", "contact"])
def test_only_managers_reach_the_assessment_pages(client, call, application, who):
    if who == "reader":
        sync_staff_groups()
        user = StaffUserFactory(username="lezer")
        user.groups.add(Group.objects.get(name=READER_GROUP))
        client.force_login(user)
    elif who == "contact":
        client.force_login(contact_of(application.academy)[0])
    for name, args in [("assessment-edit", [application.pk]), ("ranking", [call.pk]), ("letters", [call.pk])]:
        response = client.get(reverse(f"assessments:{name}", args=args))
        assert response.status_code in (302, 403), (name, response.status_code)
        assert response.status_code == 302 if who == "anonymous" else 403


def test_others_scores_show_on_the_page_only_after_the_own_assessment_is_submitted(client, call, application):
    criterion = call.criteria.get()
    first, second = manager("eerste"), manager("tweede")
    url = reverse("assessments:assessment-edit", args=[application.pk])
    client.force_login(first)
    client.post(url, {f"score_{criterion.pk}": "4", "recommendation": "award", "comment": "Sterk bereik in Gent",
                      "submit": "1"})
    client.force_login(second)
    assert "Sterk bereik in Gent" not in client.get(url).content.decode()
    client.post(url, {f"score_{criterion.pk}": "2", "recommendation": "doubt", "submit": "1"})
    assert "Sterk bereik in Gent" in client.get(url).content.decode()


def test_a_contact_of_the_academy_is_refused_on_the_page(client, call, application):
    assessor = manager()
    AcademyMembership.objects.create(user=assessor, academy=application.academy)
    client.force_login(assessor)
    criterion = call.criteria.get()
    response = client.post(reverse("assessments:assessment-edit", args=[application.pk]),
                           {f"score_{criterion.pk}": "4", "recommendation": "award", "submit": "1"},
                           HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 400
    assert "iemand anders" in response.content.decode()
    assert not Assessment.objects.exists()
