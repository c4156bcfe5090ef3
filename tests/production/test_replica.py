"""The read-replica router: report pages read the domain data from "replica", everything else from "default"."""

import json
import subprocess
import sys

import pytest
from django.contrib.sessions.models import Session
from django.db import transaction

from academies.models import Academy
from config.db_routers import ReportReplicaMiddleware, ReportReplicaRouter, reads_from_replica
from grants.models import Award
from tests.conftest import require_postgresql
from tests.factories import UserFactory
from tests.production.conftest import BASE_DIR, database_url_of_test_database, production_env

router = ReportReplicaRouter()


class TestRouter:
    def test_outside_report_requests_everything_uses_the_primary(self):
        assert router.db_for_read(Academy) is None
        assert router.db_for_write(Academy) is None

    def test_report_reads_of_domain_data_use_the_replica(self):
        with reads_from_replica():
            assert router.db_for_read(Academy) == "replica"
            assert router.db_for_read(Award) == "replica"
            assert router.db_for_read(Session) is None, "sessions and users always come from the primary"
            assert router.db_for_write(Award) is None

    @pytest.mark.django_db  # runs inside the test's transaction
    def test_reads_inside_a_transaction_stay_on_the_primary(self):
        with reads_from_replica(), transaction.atomic():
            assert router.db_for_read(Academy) is None

    def test_migrations_never_run_on_the_replica(self):
        assert router.allow_migrate("replica", "grants") is False
        assert router.allow_migrate("default", "grants") is True


class TestMiddleware:
    @pytest.mark.parametrize("method, path, expected", [
        ("GET", "/rapporten/bereik/provincies/", "replica"),
        ("HEAD", "/rapporten/", "replica"),
        ("POST", "/rapporten/", None),
        ("GET", "/portaal/", None),
        ("GET", "/admin/grants/award/", None),
    ])
    def test_only_report_reads_are_marked(self, rf, method, path, expected):
        seen = []
        middleware = ReportReplicaMiddleware(lambda request: seen.append(router.db_for_read(Academy)) or "response")
        assert middleware(rf.generic(method, path)) == "response"
        assert seen == [expected]
        assert router.db_for_read(Academy) is None, "the mark ends with the request"


SCRIPT = """
import json
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client()
client.force_login(__import__("django.contrib.auth", fromlist=["get_user_model"]).get_user_model()
                   .objects.get(username="replica-reader"))
with CaptureQueriesContext(connections["default"]) as primary, CaptureQueriesContext(connections["replica"]) as rep:
    status = client.get("/rapporten/bereik/provincies/?year=2022", HTTP_X_FORWARDED_PROTO="https").status_code
    portal = client.get("/portaal/", HTTP_X_FORWARDED_PROTO="https").status_code
print(json.dumps({"status": status, "primary": [q["sql"] for q in primary], "replica": [q["sql"] for q in rep]}))
"""


@pytest.mark.postgres
def test_report_pages_read_from_the_replica_when_configured(transactional_db, reference_data, request):
    """With DATABASE_REPLICA_URL set (here: the same test database under a second alias), a report page runs its
    report queries on the replica and its session and user queries on the primary."""
    require_postgresql()
    UserFactory(username="replica-reader", is_staff=True, is_superuser=True)
    url = database_url_of_test_database()
    static_root = request.getfixturevalue("collected_static")
    env = production_env(DATABASE_URL=url, DATABASE_REPLICA_URL=url, ALLOWED_HOSTS="testserver",
                         STATIC_ROOT=str(static_root), SECURE_SSL_REDIRECT="false", LOG_LEVEL="ERROR")
    result = subprocess.run([sys.executable, "manage.py", "shell", "--no-imports", "-c", SCRIPT], cwd=BASE_DIR,
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["status"] == 200
    assert any("academies_municipality" in sql for sql in outcome["replica"])
    assert not any("django_session" in sql or "auth_user" in sql for sql in outcome["replica"])
    assert any("django_session" in sql for sql in outcome["primary"])
