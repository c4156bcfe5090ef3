"""Builders shared by the portal, staff, access-matrix and e2e tests."""

import datetime
from decimal import Decimal

from django.contrib.auth.models import Group
from django.utils import timezone

from grants.groups import MANAGER_GROUP, READER_GROUP, sync_staff_groups
from tests.conftest import require_postgresql
from tests.factories import (
    AcademyFactory,
    CallFactory,
    MembershipFactory,
    RecognitionFactory,
    StaffUserFactory,
    UserFactory,
)

GENT = "44021"
ANTWERPEN = "11002"
AALTER = "44084"
PASSWORD = "correct-horse-battery"


def open_call(**kwargs):
    """A rollout call open now (year = this year), € 2.000,00 per municipality, capped at € 20.000,00."""
    now = timezone.now()
    defaults = {"year": timezone.localdate().year, "opens_at": now - datetime.timedelta(days=10),
                "closes_at": now + datetime.timedelta(days=10), "budget": Decimal("100000.00"),
                "report_due_date": timezone.localdate() + datetime.timedelta(days=300)}
    return CallFactory(**{**defaults, **kwargs})


def closed_call(**kwargs):
    now = timezone.now()
    return open_call(opens_at=now - datetime.timedelta(days=30), closes_at=now - datetime.timedelta(minutes=1),
                     **kwargs)


def contact_of(academy=None, *, recognised: bool = True, username: str | None = None):
    academy = academy or AcademyFactory()
    if recognised:
        RecognitionFactory(academy=academy, valid_from=datetime.date(2019, 1, 1))
    kwargs = {"username": username} if username else {}
    user = UserFactory(**kwargs)
    MembershipFactory(user=user, academy=academy)
    return user, academy


def manager(username: str = "beheerder"):
    sync_staff_groups()
    user = StaffUserFactory(username=username)
    user.groups.add(Group.objects.get(name=MANAGER_GROUP))
    return user


def reader(username: str = "lezer"):
    sync_staff_groups()
    user = StaffUserFactory(username=username)
    user.groups.add(Group.objects.get(name=READER_GROUP))
    return user


require_postgres = require_postgresql
