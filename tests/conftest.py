import os
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.backends.postgresql.operations import DatabaseOperations

from academies.models import Province
from config.dbroles.grants import connect_as


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


def connect_default_as(role: dict) -> None:
    """Point the default connection at the credentials of `role` (a DATABASES entry); the next query reconnects."""
    connect_as(connections[DEFAULT_DB_ALIAS], role)


APP_ROLE = {key: settings.DATABASES[DEFAULT_DB_ALIAS][key] for key in ("USER", "PASSWORD")}
OWNER = settings.DATABASES.get("owner")


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """With DATABASE_OWNER_URL (CI) the test database is created and migrated by the owner role, whose migrate
    grants the app role (config.dbroles); django_db_setup then connects the tests as the app role."""
    if OWNER:
        connect_default_as(OWNER)


def execute_sql_flush_as_owner(self, sql_list):
    """The flush after a transactional test TRUNCATEs, which only the owner may: it runs on a connection of its own
    as the owner (the app role's connection holds no lock between tests)."""
    params = self.connection.settings_dict
    with psycopg.connect(dbname=params["NAME"], user=OWNER["USER"], password=OWNER["PASSWORD"] or None,
                         host=params["HOST"] or None, port=params["PORT"] or None, autocommit=True) as owner:
        with owner.transaction():
            for sql in sql_list:
                owner.execute(sql)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the Flemish reference geography (provinces, municipalities, postcodes).
    With DATABASE_OWNER_URL every test runs connected as the restricted app role (DATABASE_URL's user)."""
    with pytest.MonkeyPatch.context() as patch:
        if OWNER:
            connect_default_as(APP_ROLE)
            patch.setattr(DatabaseOperations, "execute_sql_flush", execute_sql_flush_as_owner)
        with django_db_blocker.unblock():
            load_reference_data()
        yield
        if OWNER:
            connect_default_as(OWNER)  # the owner drops the test database


@pytest.fixture
def database_owner(django_db_setup):
    """For a test that does what only the owner may (the benchmarks' TRUNCATE and tables, a backup restored into a
    new database, a trigger tried by the owner): its default connection is the owner's. The switch happens outside
    a transaction: request it before `db`, or use it in a transactional test."""
    if OWNER:
        if connection.in_atomic_block:
            pytest.fail("database_owner must come before `db` (or the test be transactional)")
        connect_default_as(OWNER)
    yield
    if OWNER:
        connect_default_as(APP_ROLE)


@pytest.fixture
def reference_data(db):
    """For transactional tests, whose flush removes the session's reference data."""
    load_reference_data()


@pytest.fixture(autouse=True)
def _no_axes_lockouts(settings):
    settings.AXES_ENABLED = False
