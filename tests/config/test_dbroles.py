"""Least privilege in PostgreSQL: the app role (DATABASE_URL, the role the web servers and task workers connect as)
reads and writes rows, and nothing more (setval aside, for loaddata). In CI (.ci/run) the whole suite runs connected
as that role."""

import os
import subprocess
import sys
from datetime import date

import pytest
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from config.dbroles.grants import append_only_tables, grant_app_role, grant_statements
from reports.models import FrozenAnswer
from tests.conftest import APP_ROLE, OWNER, skip_or_fail
from tests.factories import StaffUserFactory

HASH = "0" * 64


def require_restricted_role() -> None:
    if connection.vendor != "postgresql" or not OWNER:
        skip_or_fail("this test needs PostgreSQL with two roles: DATABASE_OWNER_URL and DATABASE_URL (see .ci/run)")


def test_the_append_only_tables_are_the_frozen_answers_and_every_history_table():
    tables = append_only_tables()
    assert "reports_frozenanswer" in tables
    assert {"grants_historicalaward", "grants_historicalfinalreportline", "grants_historicalaward_funded_municipalities"
            } <= set(tables)
    assert all(table == "reports_frozenanswer" or "_historical" in table for table in tables)


def test_the_statements_grant_rows_only_and_take_update_and_delete_off_append_only_tables():
    statements = grant_statements(app_role="stem_app", owner_role="stem_owner", schema="public",
                                  append_only=["reports_frozenanswer"],
                                  append_only_sequences=["reports_frozenanswer_id_seq"], quote=lambda name: f'"{name}"')
    text = "\n".join(statements)
    assert 'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "public" TO "stem_app"' in text
    assert 'REVOKE UPDATE, DELETE ON TABLE "reports_frozenanswer" FROM "stem_app"' in text
    assert 'REVOKE UPDATE ON SEQUENCE "reports_frozenanswer_id_seq" FROM "stem_app"' in text
    assert text.index("REVOKE ALL ON ALL TABLES") < text.index("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES")
    assert "TRUNCATE" not in text and "TRIGGER" not in text and "ALL PRIVILEGES" not in text


@pytest.fixture
def frozen(db):
    return FrozenAnswer.objects.create(year=2022, frozen_at=timezone.now(), as_of=date(2023, 3, 1),
                                       frozen_by=StaffUserFactory(), frozen_by_name="beheerder", figures=[],
                                       docx=b"PK", pdf=b"%PDF", content_hash=HASH)


def refused(sql: str, *params) -> str:
    with pytest.raises(DatabaseError) as refusal, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
    return str(refusal.value)


@pytest.mark.postgres
class TestTheAppRoleCannot:
    def test_truncate(self, frozen):
        require_restricted_role()
        for table in ("reports_frozenanswer", "grants_finalreportline", "reports_datayearversion"):
            assert "permission denied" in refused(f"TRUNCATE {table} CASCADE")
        assert FrozenAnswer.objects.filter(pk=frozen.pk).exists()

    def test_alter_a_table_or_switch_its_triggers_off(self, frozen):
        require_restricted_role()
        for statement in ("ALTER TABLE reports_frozenanswer DISABLE TRIGGER ALL",
                          "ALTER TABLE reports_frozenanswer DISABLE TRIGGER reports_frozenanswer_immutable",
                          "ALTER TABLE grants_finalreportline DISABLE TRIGGER USER",
                          "ALTER TABLE reports_frozenanswer ADD COLUMN note text",
                          "DROP TRIGGER reports_frozenanswer_immutable ON reports_frozenanswer",
                          "DROP TABLE reports_frozenanswer"):
            assert "must be owner" in refused(statement), statement
        assert "permission denied" in refused(
            "CREATE TRIGGER probe BEFORE UPDATE ON reports_frozenanswer FOR EACH ROW "
            "EXECUTE FUNCTION suppress_redundant_updates_trigger()")
        assert "permission denied" in refused("SET session_replication_role = replica")

    def test_update_or_delete_a_frozen_answer_or_a_history_row(self, frozen):
        require_restricted_role()
        for statement in ("UPDATE reports_frozenanswer SET year = 2021 WHERE id = %s",
                          "DELETE FROM reports_frozenanswer WHERE id = %s",
                          "UPDATE grants_historicalfinalreportline SET participants = 0 WHERE history_id = %s",
                          "DELETE FROM grants_historicalaward WHERE history_id = %s"):
            assert "permission denied" in refused(statement, frozen.pk), statement
        assert FrozenAnswer.objects.get(pk=frozen.pk).year == 2022

    def test_hold_any_privilege_beyond_rows_on_any_table(self, db):
        require_restricted_role()
        append_only = set(append_only_tables())
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT c.relname, p.privilege FROM pg_class c CROSS JOIN unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', "
                "'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']) AS p(privilege) "
                "WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') "
                "AND has_table_privilege(c.oid, p.privilege)")
            held = {}
            for table, privilege in cursor.fetchall():
                held.setdefault(table, set()).add(privilege)
            cursor.execute("SELECT count(*) FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace "
                           "AND c.relkind IN ('r', 'p') AND pg_get_userbyid(c.relowner) = current_user")
            owned = cursor.fetchone()[0]
        assert owned == 0
        assert {table for table in held if held[table] != {"SELECT", "INSERT", "UPDATE", "DELETE"}} == append_only
        assert all(held[table] == {"SELECT", "INSERT"} for table in append_only)
        assert set(connection.introspection.django_table_names(only_existing=True)) <= set(held)


@pytest.mark.postgres
def test_grants_are_idempotent_and_cover_a_table_a_later_migration_adds(database_owner, db):
    require_restricted_role()
    app_role = settings.DATABASE_APP_ROLE
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE dbroles_probe (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY)")
        cursor.execute("SELECT has_table_privilege(%s, 'dbroles_probe', 'UPDATE'), "
                       "has_table_privilege(%s, 'dbroles_probe', 'TRUNCATE')", [app_role, app_role])
        assert cursor.fetchone() == (True, False)  # ALTER DEFAULT PRIVILEGES, before any new grant
        grant_app_role(using="default", app_role=app_role)
        grant_app_role(using="default", app_role=app_role)
        cursor.execute("SELECT has_table_privilege(%s, 'reports_frozenanswer', 'INSERT'), "
                       "has_table_privilege(%s, 'reports_frozenanswer', 'UPDATE'), "
                       "has_sequence_privilege(%s, pg_get_serial_sequence('dbroles_probe', 'id'), 'USAGE'), "
                       "has_sequence_privilege(%s, pg_get_serial_sequence('dbroles_probe', 'id'), 'UPDATE')",
                       [app_role] * 4)
        assert cursor.fetchone() == (True, False, True, True)
        cursor.execute("SELECT has_sequence_privilege(%s, pg_get_serial_sequence('reports_frozenanswer', 'id'), "
                       "'UPDATE')", [app_role])
        assert cursor.fetchone() == (False,)


def url_of(role: dict) -> str:
    params = connection.settings_dict
    password = f":{role['PASSWORD']}" if role["PASSWORD"] else ""
    return f"postgres://{role['USER']}{password}@{params['HOST']}:{params['PORT']}/{params['NAME']}"


@pytest.mark.postgres
def test_migrate_connects_as_the_owner_and_grants_again(database_owner, transactional_db):
    """`manage.py migrate` as a release job runs it: both URLs set, the app role's privileges restored at its end."""
    require_restricted_role()
    app_role = settings.DATABASE_APP_ROLE
    privilege = "SELECT has_table_privilege(%s, 'academies_province', 'SELECT')"
    with connection.cursor() as cursor:
        cursor.execute(f"REVOKE SELECT ON academies_province FROM {connection.ops.quote_name(app_role)}")
        cursor.execute(privilege, [app_role])
        assert cursor.fetchone() == (False,)
    try:
        env = {**os.environ, "DATABASE_URL": url_of(APP_ROLE), "DATABASE_OWNER_URL": url_of(OWNER)}
        result = subprocess.run([sys.executable, "manage.py", "migrate", "--noinput"], cwd=settings.BASE_DIR,
                                env=env, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stdout + result.stderr
        with connection.cursor() as cursor:
            cursor.execute(privilege, [app_role])
            assert cursor.fetchone() == (True,)
    finally:
        grant_app_role(using="default", app_role=app_role)
