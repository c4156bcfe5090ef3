import pytest
from django.contrib.auth.models import Group

from grants.groups import READER_GROUP, sync_staff_groups
from tests.factories import AcademyFactory, MembershipFactory, StaffUserFactory, UserFactory


@pytest.fixture
def reader(db):
    """A "VLAIO lezer": staff, view and export permissions only."""
    sync_staff_groups()
    user = StaffUserFactory(username="lezer")
    user.groups.add(Group.objects.get(name=READER_GROUP))
    return user


@pytest.fixture
def reader_client(client, reader):
    client.force_login(reader)
    return client


@pytest.fixture
def academy_user(db):
    user = UserFactory(username="academie")
    MembershipFactory(user=user, academy=AcademyFactory())
    return user
