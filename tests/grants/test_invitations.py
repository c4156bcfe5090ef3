"""Invitations that must not open a door (issue 22): an invited contact deactivated before accepting, and an
address that belongs to an account ACM/IDM manages for another organisation."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from academies.models import AcademyMembership
from grants import services
from grants.models import ContactInvitation
from grants.tokens import invitation_token_generator
from identity.models import AcmIdmAccount
from tests.factories import AcademyFactory, UserFactory
from tests.grants.portal_setup import manager
from tests.grants.test_tokens import NEW_PASSWORD, invited_user, open_link

pytestmark = pytest.mark.django_db

KBO = "0403170701"


def deactivate_in_the_admin(client, user) -> None:
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.post(reverse("admin:auth_user_changelist"), {"action": "deactivate",
                                                                  "_selected_action": [user.pk]})
    assert response.status_code == 302
    client.logout()


class TestDeactivatedBeforeAccepting:
    def test_the_invitation_of_a_deactivated_contact_is_void(self, client):
        user = invited_user()
        token = invitation_token_generator.make_token(user)
        deactivate_in_the_admin(client, user)
        page, _response = open_link(client, "grants:invite-accept", user, token)
        assert page.context["validlink"] is False
        user.refresh_from_db()
        assert not user.is_active and not user.has_usable_password()
        assert not client.login(username=user.username, password=NEW_PASSWORD["new_password1"])

    def test_a_fresh_link_made_after_the_deactivation_is_void_too(self, client):
        user = invited_user()
        deactivate_in_the_admin(client, user)
        user.refresh_from_db()
        page, _response = open_link(client, "grants:invite-accept", user, invitation_token_generator.make_token(user))
        assert page.context["validlink"] is False

    def test_inviting_again_reactivates_through_a_new_link(self, client):
        user = invited_user()
        academy = user.academies.get()
        deactivate_in_the_admin(client, user)
        with transaction.atomic():
            services.contact_invite(email=user.email, academy=academy, invited_by=manager())
        user.refresh_from_db()
        page, response = open_link(client, "grants:invite-accept", user, invitation_token_generator.make_token(user))
        assert page.context["validlink"] is True and response.status_code == 302
        user.refresh_from_db()
        assert user.is_active

    def test_deactivating_an_active_account_ends_its_sessions(self, client):
        user = UserFactory(is_active=True)
        before = user.get_session_auth_hash()
        services.contact_deactivate(user=user, deactivated_by=manager())
        user.refresh_from_db()
        assert not user.is_active and user.get_session_auth_hash() != before


def acm_idm_user(email: str, *, target_group: str = "EA", organisation_code: str = "0202239951"):
    user = UserFactory(email=email, is_staff=target_group == "GID")
    user.set_unusable_password()
    user.save()
    AcmIdmAccount.objects.create(user=user, subject=f"sub-{user.pk}", target_group=target_group,
                                 organisation_code=organisation_code, last_login_at=timezone.now())
    return user


class TestAcmIdmAccountsAreNotMatchedByAddress:
    @pytest.mark.parametrize(("target_group", "organisation_code"), [("EA", "0202239951"), ("GID", "OVO000097")])
    def test_an_account_of_another_organisation_or_of_staff_is_not_given_the_academy(self, target_group,
                                                                                       organisation_code):
        other = acm_idm_user("Contact@Vonk.example", target_group=target_group, organisation_code=organisation_code)
        academy = AcademyFactory(kbo_number=KBO)
        with pytest.raises(ValidationError) as error, transaction.atomic():
            services.contact_invite(email="contact@vonk.example", academy=academy, invited_by=manager())
        assert "ACM/IDM" in str(error.value)
        assert not AcademyMembership.objects.filter(user=other).exists()

    def test_an_organisation_with_the_academys_kbo_number_is_matched(self, mailoutbox,
                                                                     django_capture_on_commit_callbacks):
        own = acm_idm_user("contact@vonk.example", organisation_code=KBO)
        academy = AcademyFactory(kbo_number=KBO)
        with django_capture_on_commit_callbacks(execute=True):
            membership = services.contact_invite(email="CONTACT@vonk.example", academy=academy, invited_by=manager())
        assert membership.user == own
        assert "/account/uitnodiging/" not in mailoutbox[-1].body  # no password: they log in through ACM/IDM

    def test_a_local_account_is_matched_ignoring_case(self):
        local = UserFactory(email="Piet@Example.org")
        with transaction.atomic():
            membership = services.contact_invite(email="piet@example.org", academy=AcademyFactory(),
                                                 invited_by=manager())
        assert membership.user == local


def test_unticking_active_in_the_user_admin_ends_sessions_and_links(rf):
    user = invited_user()
    user.is_active = True  # accepted earlier
    user.save()
    before = user.get_session_auth_hash()
    model_admin = admin.site.get_model_admin(get_user_model())
    request = rf.post("/admin/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    user.is_active = False
    model_admin.save_model(request, user, type("Form", (), {"changed_data": ["is_active"]})(), change=True)
    user.refresh_from_db()
    assert not user.is_active and user.get_session_auth_hash() != before
    assert not ContactInvitation.objects.filter(membership__user=user).exists()
