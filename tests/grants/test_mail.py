"""The contact log (grants.mail): every e-mail to an academy is kept with date, subject, recipients and delivery
state, shown to managers on the academy page in the order sent; a refused or bounced address is visible."""

import datetime
import smtplib

import pytest
from django.core import mail as django_mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.urls import reverse

from grants import emails, mail, services
from grants.models import DeliveryStatus, ReminderStage, SentEmail
from tests.factories import GENT, AcademyFactory, ApplicationFactory, AwardFactory, municipality
from tests.grants.portal_setup import manager, reader

pytestmark = pytest.mark.django_db


class RefusingBackend(BaseEmailBackend):
    """A mail server that refuses every address ending in @bounce.example and accepts the rest."""

    def send_messages(self, messages):
        for message in messages:
            refused = {address: (550, b"no such user") for address in message.to
                       if address.endswith("@bounce.example")}
            if refused:
                raise smtplib.SMTPRecipientsRefused(refused)
        return len(messages)


class DownBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("connection refused")


@pytest.fixture
def academy():
    return AcademyFactory(name="STEM-academie De Vonk", contact_email="info@vonk.example")


def test_every_email_to_an_academy_is_logged_in_the_order_sent(academy, mailoutbox, django_capture_on_commit_callbacks):
    application = ApplicationFactory(academy=academy)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_award(application=application, amount=application.requested_amount,
                                   funded_municipalities=[municipality(GENT)], reason="Test", decided_by=manager())
    award = application.award
    emails.send_report_reminder(award=award, stage=ReminderStage.DUE_SOON)
    with django_capture_on_commit_callbacks(execute=True):
        services.contact_invite(email="nieuw@vonk.example", academy=academy, invited_by=manager("m2"))
    log = list(SentEmail.objects.for_academy(academy))
    assert [entry.kind for entry in log] == ["decision", "report_reminder", "invitation"]
    assert [entry.subject for entry in log] == [message.subject for message in mailoutbox]
    assert log[0].recipients == ["info@vonk.example"] and log[2].recipients == ["nieuw@vonk.example"]
    assert {entry.status for entry in log} == {DeliveryStatus.SENT}
    assert log[0].sent_at <= log[1].sent_at <= log[2].sent_at


def test_the_academy_page_shows_the_log_to_managers_in_order(client, academy, mailoutbox):
    for subject in ("Eerste", "Tweede", "Derde"):
        mail.send_to_academy(academy=academy, kind="test", subject=subject, body="...", recipients=["a@vonk.example"])
    SentEmail.objects.filter(subject="Eerste").update(sent_at=datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC))
    client.force_login(manager())
    body = client.get(reverse("grants:staff-academy-detail", args=[academy.pk])).content.decode()
    assert body.index("Eerste") < body.index("Tweede") < body.index("Derde")
    assert "Verstuurde e-mails" in body and "verstuurd" in body


def test_readers_see_the_academy_but_not_its_log_or_addresses(client, academy, mailoutbox):
    mail.send_to_academy(academy=academy, kind="test", subject="Geheim onderwerp", body="...",
                         recipients=["persoon@vonk.example"])
    client.force_login(reader())
    body = client.get(reverse("grants:staff-academy-detail", args=[academy.pk])).content.decode()
    assert "STEM-academie De Vonk" in body
    assert "Geheim onderwerp" not in body and "@vonk.example" not in body
    url = reverse("grants:staff-academy-bounce", args=[academy.pk, SentEmail.objects.get().pk])
    assert client.post(url, {"address": "persoon@vonk.example"}).status_code == 403


def test_a_refused_address_marks_the_email_failed(academy, settings):
    settings.EMAIL_BACKEND = "tests.grants.test_mail.RefusingBackend"
    entry = mail.send_to_academy(academy=academy, kind="decision", subject="Beslissing", body="...",
                                 recipients=["info@vonk.example", "weg@bounce.example"])
    entry.refresh_from_db()
    assert entry.status == DeliveryStatus.FAILED
    assert entry.failed_recipients == ["weg@bounce.example"]
    assert "no such user" in entry.error


def test_a_mail_server_that_is_down_does_not_break_the_action(academy, settings):
    settings.EMAIL_BACKEND = "tests.grants.test_mail.DownBackend"
    assert emails.send_decision(application=ApplicationFactory(academy=academy)) == 0
    entry = SentEmail.objects.get()
    assert entry.status == DeliveryStatus.FAILED and entry.failed_recipients == ["info@vonk.example"]


def test_a_bounce_recorded_by_staff_is_visible_on_the_academy_page(client, academy, mailoutbox):
    entry = mail.send_to_academy(academy=academy, kind="decision", subject="Beslissing", body="...",
                                 recipients=["info@vonk.example", "oud@vonk.example"])
    client.force_login(manager())
    response = client.post(reverse("grants:staff-academy-bounce", args=[academy.pk, entry.pk]),
                           {"address": "oud@vonk.example"}, follow=True)
    body = response.content.decode()
    entry.refresh_from_db()
    assert entry.status == DeliveryStatus.BOUNCED and entry.failed_recipients == ["oud@vonk.example"]
    assert "Niet bereikt: oud@vonk.example" in body
    assert "teruggekomen" in body


def test_a_bounce_for_an_address_that_was_not_a_recipient_is_refused(client, academy, mailoutbox):
    entry = mail.send_to_academy(academy=academy, kind="decision", subject="Beslissing", body="...",
                                 recipients=["info@vonk.example"])
    client.force_login(manager())
    client.post(reverse("grants:staff-academy-bounce", args=[academy.pk, entry.pk]), {"address": "x@elders.example"})
    entry.refresh_from_db()
    assert entry.status == DeliveryStatus.SENT


def test_record_bounce_command_marks_the_latest_email_to_the_address(academy, mailoutbox):
    first = mail.send_to_academy(academy=academy, kind="a", subject="Eerste", body=".",
                                 recipients=["Info@Vonk.example"])
    latest = mail.send_to_academy(academy=academy, kind="b", subject="Tweede", body=".",
                                  recipients=["info@vonk.example"])
    call_command("record_bounce", "info@vonk.example", "--reason", "550 mailbox full", stdout=open("/dev/null", "w"))
    first.refresh_from_db()
    latest.refresh_from_db()
    assert first.status == DeliveryStatus.SENT
    assert latest.status == DeliveryStatus.BOUNCED and "550 mailbox full" in latest.error


def test_nobody_to_send_to_logs_nothing(academy):
    assert mail.send_to_academy(academy=academy, kind="x", subject="x", body="x", recipients=[]) is None
    assert not SentEmail.objects.exists()
    assert django_mail.outbox == []


def test_award_factory_academy_page_lists_awards_for_readers(client):
    award = AwardFactory()
    client.force_login(reader())
    body = client.get(reverse("grants:staff-academy-detail", args=[award.application.academy_id])).content.decode()
    assert "eindrapportage nog niet begonnen" in body
