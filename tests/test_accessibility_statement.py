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


def test_the_feedback_form_is_rate_limited_per_client(client, db, mailoutbox, settings):
    """Issue 27: the form needs no login, so one client cannot flood the managers' mailboxes."""
    settings.ACCESSIBILITY_FEEDBACK_EMAIL = ["toegankelijkheid@vlaio.example"]
    settings.ACCESSIBILITY_FEEDBACK_LIMIT_PER_CLIENT = 2
    statuses = [client.post(reverse("accessibility"), {"message": f"Melding {n}"}, HTTP_ACCEPT_LANGUAGE="nl",
                            REMOTE_ADDR="192.0.2.7").status_code for n in range(4)]
    assert statuses == [302, 302, 429, 429]
    assert len(mailoutbox) == 2
    refused = client.post(reverse("accessibility"), {"message": "Nog een"}, HTTP_ACCEPT_LANGUAGE="nl",
                          REMOTE_ADDR="192.0.2.7").content.decode()
    assert 'id="error-summary"' in refused and "te veel meldingen" in refused
    other = client.post(reverse("accessibility"), {"message": "Van elders"}, REMOTE_ADDR="198.51.100.1")
    assert other.status_code == 302 and len(mailoutbox) == 3


def test_the_feedback_form_is_rate_limited_overall(client, db, mailoutbox, settings):
    settings.ACCESSIBILITY_FEEDBACK_EMAIL = ["toegankelijkheid@vlaio.example"]
    settings.ACCESSIBILITY_FEEDBACK_LIMIT_OVERALL = 3
    statuses = [client.post(reverse("accessibility"), {"message": "Melding"},
                            REMOTE_ADDR=f"192.0.2.{n}").status_code for n in range(5)]
    assert statuses == [302, 302, 302, 429, 429]
    assert len(mailoutbox) == 3


def test_an_invalid_report_does_not_count(client, db, settings):
    settings.ACCESSIBILITY_FEEDBACK_LIMIT_PER_CLIENT = 1
    for _attempt in range(3):
        assert client.post(reverse("accessibility"), {"message": ""}).status_code == 400
    assert client.post(reverse("accessibility"), {"message": "Nu wel"}).status_code == 302
