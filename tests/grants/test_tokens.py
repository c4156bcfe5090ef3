"""Invitation links have their own tokens: a password-reset token never activates an account, and nothing but
staff reactivates a deactivated contact."""

import datetime

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from grants import services
from grants.models import ContactInvitation
from grants.tokens import invitation_token_generator
from tests.factories import AcademyFactory, UserFactory
from tests.grants.portal_setup import contact_of, manager

pytestmark = pytest.mark.django_db

NEW_PASSWORD = {"new_password1": "Zeer-geheim-2026", "new_password2": "Zeer-geheim-2026"}


def uid(user) -> str:
    return urlsafe_base64_encode(force_bytes(user.pk))


def open_link(client, url_name: str, user, token: str):
    """Follow the link as a browser does (Django swaps the token for a session marker) and post a new password."""
    response = client.get(reverse(url_name, kwargs={"uidb64": uid(user), "token": token}), follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else response.request["PATH_INFO"]
    return response, client.post(form_url, NEW_PASSWORD)


def invited_user(academy=None):
    with transaction.atomic():  # the e-mail waits for the commit, which the test transaction never makes
        membership = services.contact_invite(email="nieuw@example.org", academy=academy or AcademyFactory(),
                                             invited_by=manager())
    return membership.user


class TestInvitationTokens:
    def test_a_deactivated_contact_cannot_reactivate_with_a_reset_token(self, client):
        user, _academy = contact_of()
        reset_token = default_token_generator.make_token(user)  # asked for a reset link while still active
        user.is_active = False  # then deactivated by staff
        user.save()
        page, _response = open_link(client, "grants:invite-accept", user, reset_token)
        assert page.context["validlink"] is False
        user.refresh_from_db()
        assert not user.is_active
        assert not user.check_password(NEW_PASSWORD["new_password1"])

    def test_an_invitation_token_does_not_reactivate_a_contact_who_had_a_password(self, client):
        user, _academy = contact_of()
        user.is_active = False
        user.save()
        page, _response = open_link(client, "grants:invite-accept", user, invitation_token_generator.make_token(user))
        assert page.context["validlink"] is False
        user.refresh_from_db()
        assert not user.is_active

    def test_an_invitation_token_is_not_a_reset_token(self, client):
        user = invited_user()
        token = invitation_token_generator.make_token(user)
        assert not default_token_generator.check_token(user, token)
        page, _response = open_link(client, "password_reset_confirm", user, token)
        assert page.context["validlink"] is False

    def test_the_invitation_activates_once(self, client):
        user = invited_user()
        token = invitation_token_generator.make_token(user)
        page, response = open_link(client, "grants:invite-accept", user, token)
        assert page.context["validlink"] is True and response.status_code == 302
        user.refresh_from_db()
        assert user.is_active and user.check_password(NEW_PASSWORD["new_password1"])
        assert not invitation_token_generator.check_token(user, token)

    def test_a_newer_invitation_ends_the_older_link(self, client):
        user = invited_user()
        token = invitation_token_generator.make_token(user)
        ContactInvitation.objects.filter(membership__user=user).update(
            invited_at=timezone.now() - datetime.timedelta(hours=1))
        invited_user()  # a second academy invites the same address
        assert not invitation_token_generator.check_token(user, token)

    def test_an_account_without_invitation_is_not_activated(self, client):
        user = UserFactory(is_active=False)
        user.set_unusable_password()
        user.save()
        page, _response = open_link(client, "grants:invite-accept", user, invitation_token_generator.make_token(user))
        assert page.context["validlink"] is False
        user.refresh_from_db()
        assert not user.is_active
