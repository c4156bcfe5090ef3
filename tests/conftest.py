import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from academies.models import Province


def skip_or_fail(reason: str) -> None:
    """What a test needs is missing: a developer's run skips it, CI (CI=true) fails, never a silent skip."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(reason)
    pytest.skip(reason)


def require_postgresql() -> None:
    if connection.vendor != "postgresql":
        skip_or_fail(f"this test needs PostgreSQL (DATABASE_URL=postgres://...), the database is {connection.vendor}")


def shared_data_path(name: str) -> Path:
    """A file of ../shared/data (settings.SHARED_DATA_DIR), which CI always has beside the clone."""
    path = Path(settings.SHARED_DATA_DIR) / name
    if not path.exists():
        skip_or_fail(f"{path} is absent: this test reads the shared reference data")
    return path


def load_reference_data() -> None:
    if not Province.objects.exists():
        call_command("load_reference", verbosity=0)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the Flemish reference geography (provinces, municipalities, postcodes)."""
    with django_db_blocker.unblock():
        load_reference_data()


@pytest.fixture
def reference_data(db):
    """For transactional tests, whose flush removes the session's reference data."""
    load_reference_data()


@pytest.fixture(autouse=True)
def _no_axes_lockouts(settings):
    settings.AXES_ENABLED = False
