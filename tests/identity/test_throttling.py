"""Throttles on the ways in (issue 22): password-reset requests per address and per client address, and the login
lockout page in the user's language."""

import pytest
from django.urls import reverse

from identity.models import PasswordResetRequest
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


def ask_reset(client, email: str, address: str = "192.0.2.10"):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=address)


class TestPasswordReset:
    def test_thirty_requests_for_one_address_send_three_mails(self, client, mailoutbox):
        """Issue 22: 30 requests, 30 e-mails."""
        UserFactory(email="an@example.org", password=PASSWORD)
        responses = [ask_reset(client, "an@example.org", f"198.51.100.{number}") for number in range(30)]
        assert {response.status_code for response in responses} == {302}  # the page never tells
        assert len(mailoutbox) == 3

    def test_one_client_asking_for_many_addresses_is_stopped(self, client, mailoutbox):
        for number in range(12):
            UserFactory(email=f"user{number}@example.org", password=PASSWORD)
        statuses = [ask_reset(client, f"user{number}@example.org").status_code for number in range(12)]
        assert statuses == [302] * 10 + [429] * 2
        assert len(mailoutbox) == 10
        assert ask_reset(client, "user11@example.org", "203.0.113.5").status_code == 302  # another client

    def test_the_refusal_is_dutch_in_the_dutch_interface(self, client, settings):
        settings.PASSWORD_RESET_LIMIT_PER_CLIENT = 1
        ask_reset(client, "an@example.org")
        response = ask_reset(client, "an@example.org")
        assert response.status_code == 429
        assert "Te veel aanvragen" in response.content.decode()

    def test_neither_address_is_stored_in_clear(self, client):
        ask_reset(client, "an@example.org")
        stored = PasswordResetRequest.objects.values_list("email_digest", "client_digest").get()
        assert not any("example" in value or "192.0.2" in value for value in stored)


class TestLoginLockout:
    def test_the_lockout_message_is_dutch_in_the_dutch_interface(self, client, settings):
        settings.AXES_ENABLED = True
        settings.AXES_FAILURE_LIMIT = 2
        UserFactory(username="an", password=PASSWORD)
        for _attempt in range(2):
            response = client.post(reverse("login"), {"username": "an", "password": "wrong"})
        assert response.status_code == 429
        page = response.content.decode()
        assert "Te veel mislukte aanmeldpogingen" in page and "Account locked" not in page

    def test_and_english_in_the_english_interface(self, client, settings):
        settings.AXES_ENABLED = True
        settings.AXES_FAILURE_LIMIT = 1
        UserFactory(username="an", password=PASSWORD)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        response = client.post(reverse("login"), {"username": "an", "password": "wrong"})
        assert response.status_code == 429 and "Too many failed login attempts" in response.content.decode()
