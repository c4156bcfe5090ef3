import pytest
from django.contrib.auth.models import Group

from api.services import token_create
from grants.groups import MANAGER_GROUP, READER_GROUP, sync_staff_groups
from tests.factories import AcademyFactory, MembershipFactory, StaffUserFactory, UserFactory


@pytest.fixture
def reader(db):
    sync_staff_groups()
    user = StaffUserFactory(username="lezer")
    user.groups.add(Group.objects.get(name=READER_GROUP))
    return user


@pytest.fixture
def manager(db):
    sync_staff_groups()
    user = StaffUserFactory(username="beheerder")
    user.groups.add(Group.objects.get(name=MANAGER_GROUP))
    return user


@pytest.fixture
def academy_user(db):
    user = UserFactory(username="academie")
    MembershipFactory(user=user, academy=AcademyFactory())
    return user


@pytest.fixture
def reader_key(reader, manager) -> str:
    _token, key = token_create(name="dashboard", user=reader, created_by=manager)
    return key


def bearer(key: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def reader_client(client, reader):
    client.force_login(reader)
    return client
