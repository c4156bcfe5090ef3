"""The accessibility statement's feedback route reaches VLAIO staff."""

from django.contrib.auth.models import Group
from django.urls import reverse

from grants.groups import MANAGER_GROUP, sync_staff_groups
from tests.factories import StaffUserFactory


def test_a_reported_problem_reaches_the_managers(client, db, mailoutbox):
    sync_staff_groups()
    StaffUserFactory(username="beheerder", email="beheerder@vlaio.example").groups.add(
        Group.objects.get(name=MANAGER_GROUP))
    response = client.post(reverse("accessibility"), {"message": "De kaart is niet te lezen met een schermlezer.",
                                                      "email": "burger@example.org"}, HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 302
    (mail,) = mailoutbox
    assert mail.to == ["beheerder@vlaio.example"]
    assert "schermlezer" in mail.body and "burger@example.org" in mail.body


def test_a_configured_address_takes_the_report(client, db, mailoutbox, settings):
    settings.ACCESSIBILITY_FEEDBACK_EMAIL = ["toegankelijkheid@vlaio.example"]
    client.post(reverse("accessibility"), {"message": "Te weinig contrast"})
    assert mailoutbox[0].to == ["toegankelijkheid@vlaio.example"]


def test_an_empty_report_is_refused_with_the_errors_first(client, db, mailoutbox):
    response = client.post(reverse("accessibility"), {"message": ""}, HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 400
    assert 'id="error-summary"' in response.content.decode()
    assert not mailoutbox
