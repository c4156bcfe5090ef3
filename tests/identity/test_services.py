import pytest
from django.contrib.auth import get_user_model

from academies.models import AcademyMembership
from api.services import token_authenticate, token_create
from grants.groups import MANAGER_GROUP, READER_GROUP, sync_staff_groups
from identity import services as identity_services
from identity.claims import identity_from_claims
from identity.models import AcmIdmAccount
from identity.services import AccessRefused, acm_idm_login
from tests.factories import AcademyFactory, UserFactory

pytestmark = pytest.mark.django_db

KBO = "0403170701"


@pytest.fixture(autouse=True)
def roles(settings):
    settings.OIDC_ROLES_CLAIM = "app_rol_3d"
    settings.OIDC_ROLE_MANAGER = "Beheerder"
    settings.OIDC_ROLE_READER = "Lezer"
    settings.OIDC_STAFF_OVO_CODES = []
    sync_staff_groups()


def staff(*roles: str, sub: str = "staff-1"):
    return identity_from_claims({"sub": sub, "vo_doelgroepcode": "GID", "vo_orgcode": "OVO000097",
                                 "app_rol_3d": list(roles), "given_name": "Bea", "email": "bea@vlaio.example"})


def organisation(kbo: str = KBO, sub: str = "org-1"):
    return identity_from_claims({"sub": sub, "vo_doelgroepcode": "EA", "vo_orgcode": kbo})


class TestAcmIdmLogin:
    def test_staff_get_exactly_the_groups_of_their_roles_on_each_login(self):
        user = acm_idm_login(identity=staff("Beheerder:OVO000097"))
        assert user.is_staff and not user.is_superuser and not user.has_usable_password()
        assert {group.name for group in user.groups.all()} == {MANAGER_GROUP}
        again = acm_idm_login(identity=staff("Lezer:OVO000097"))
        assert again == user
        assert {group.name for group in user.groups.all()} == {READER_GROUP}
        assert AcmIdmAccount.objects.get().subject == "staff-1"

    def test_staff_without_a_role_are_refused_and_nothing_is_written(self):
        with pytest.raises(AccessRefused) as refusal:
            acm_idm_login(identity=staff("AndereToepassing:OVO000097"))
        assert refusal.value.reason == AccessRefused.NO_ROLE
        assert not AcmIdmAccount.objects.exists()

    def test_a_role_taken_away_refuses_the_next_login(self):
        acm_idm_login(identity=staff("Lezer:OVO000097"))
        with pytest.raises(AccessRefused):
            acm_idm_login(identity=staff())
        assert AcmIdmAccount.objects.get().user.groups.count() == 0  # a role taken away is a group taken away

    def test_an_organisation_is_the_contact_of_exactly_the_academies_with_its_kbo_number(self):
        first, second = AcademyFactory(kbo_number=KBO), AcademyFactory(kbo_number=KBO)
        other = AcademyFactory(kbo_number="0202239951")
        user = acm_idm_login(identity=organisation())
        assert not user.is_staff
        assert set(user.academies.all()) == {first, second}
        AcademyMembership.objects.create(user=user, academy=other)
        acm_idm_login(identity=organisation())
        assert set(user.academies.all()) == {first, second}

    def test_an_unknown_kbo_number_is_refused(self):
        AcademyFactory(kbo_number=KBO)
        with pytest.raises(AccessRefused) as refusal:
            acm_idm_login(identity=organisation("0202239951"))
        assert refusal.value.reason == AccessRefused.NO_ACADEMY

    def test_an_unknown_target_group_is_refused(self):
        with pytest.raises(AccessRefused) as refusal:
            acm_idm_login(identity=identity_from_claims({"sub": "x", "vo_doelgroepcode": "BUR"}))
        assert refusal.value.reason == AccessRefused.UNKNOWN_TARGET_GROUP

    def test_a_deactivated_user_stays_deactivated(self):
        user = acm_idm_login(identity=staff("Beheerder:OVO000097"))
        user.is_active = False
        user.save()
        with pytest.raises(AccessRefused) as refusal:
            acm_idm_login(identity=staff("Beheerder:OVO000097"))
        assert refusal.value.reason == AccessRefused.DEACTIVATED
        user.refresh_from_db()
        assert not user.is_active

    def test_any_subject_and_a_broken_email_make_a_valid_user(self):
        user = acm_idm_login(identity=identity_from_claims({
            "sub": "urn:vo:ß 1/2", "vo_doelgroepcode": "GID", "app_rol_3d": "Lezer:OVO000097", "email": "geen adres"}))
        assert user.username.startswith("acmidm-") and user.email == ""
        assert AcmIdmAccount.objects.get(user=user).subject == "urn:vo:ß 1/2"


class TestAccessTakenAway:
    """Issue 22: a manager whose role was taken away was refused at the next login but kept the group, the API
    token and the session."""

    def test_a_refused_login_takes_away_groups_tokens_and_sessions(self):
        user = acm_idm_login(identity=staff("Beheerder:OVO000097"))
        _token, key = token_create(name="dashboard", user=user, created_by=user)
        session_hash = user.get_session_auth_hash()
        assert token_authenticate(key) == user
        with pytest.raises(AccessRefused):
            acm_idm_login(identity=staff("AndereToepassing:OVO000097"))
        user.refresh_from_db()
        assert not user.groups.exists() and not user.is_staff
        assert token_authenticate(key) is None
        assert user.api_tokens.get().revoked_at is not None
        assert user.get_session_auth_hash() != session_hash  # Django ends every session that carries the old one

    def test_an_organisation_without_academy_any_more_loses_its_memberships(self):
        academy = AcademyFactory(kbo_number=KBO)
        user = acm_idm_login(identity=organisation())
        academy.kbo_number = "0202239951"
        academy.save()
        with pytest.raises(AccessRefused):
            acm_idm_login(identity=organisation())
        assert not AcademyMembership.objects.filter(user=user).exists()

    def test_a_reader_keeps_their_token_and_session(self):
        user = acm_idm_login(identity=staff("Beheerder:OVO000097"))
        _token, key = token_create(name="dashboard", user=user, created_by=user)
        session_hash = user.get_session_auth_hash()
        acm_idm_login(identity=staff("Lezer:OVO000097"))
        user.refresh_from_db()
        assert token_authenticate(key) == user and user.get_session_auth_hash() == session_hash


class TestUsernames:
    def test_a_taken_username_gets_a_unique_fallback(self):
        squatter = UserFactory(username="acmidm-staff-1")
        user = acm_idm_login(identity=staff("Lezer:OVO000097"))
        assert user != squatter and user.username.startswith("acmidm-") and user.username != "acmidm-staff-1"

    def test_when_the_digest_is_taken_too_a_number_follows(self):
        UserFactory(username="acmidm-staff-2")
        digest = identity_services.free_username_for("staff-2")
        UserFactory(username=digest)
        user = acm_idm_login(identity=staff("Lezer:OVO000097", sub="staff-2"))
        assert user.username == f"{digest}-2"
        assert get_user_model().objects.filter(username__startswith="acmidm-").count() == 3
