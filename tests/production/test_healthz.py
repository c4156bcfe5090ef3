import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.db import OperationalError, connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from config import health


@pytest.mark.django_db
class TestHealthz:
    def test_ok_when_the_database_answers(self, client):
        response = client.get("/healthz")
        assert response.status_code == 200
        assert response.json() == {"status": "ok"}
        assert "no-cache" in response["Cache-Control"]

    def test_unavailable_when_the_database_is_down(self, client, monkeypatch):
        def broken_cursor():
            raise OperationalError("connection refused")

        monkeypatch.setattr(health.connection, "cursor", broken_cursor)
        response = client.get("/healthz")
        assert response.status_code == 503
        assert response.json() == {"status": "error", "database": "unavailable"}
        assert "connection refused" not in response.content.decode()

    def test_read_only(self, client):
        assert client.post("/healthz").status_code == 405
        assert client.head("/healthz").status_code == 200

    def test_unavailable_while_a_migration_is_not_applied(self, client):
        """Issue 22: /healthz said 200 on a database with unapplied migrations, and the login then answered 500."""
        MigrationRecorder(connection).record_unapplied("identity", "0001_acm_idm_account")
        response = client.get("/healthz")
        assert response.status_code == 503
        assert response.json() == {"status": "error", "migrations": "pending", "pending": 1}

    def test_unavailable_on_an_empty_database(self, client, monkeypatch):
        monkeypatch.setattr(health, "MigrationRecorder", lambda connection: type(
            "Empty", (), {"applied_migrations": lambda self: {}})())
        response = client.get("/healthz")
        assert response.status_code == 503 and response.json()["migrations"] == "pending"


def worker_alive(*args) -> tuple[int, dict]:
    """The exit code and the JSON of `manage.py worker_alive`."""
    output = io.StringIO()
    try:
        call_command("worker_alive", *args, stdout=output)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, json.loads(output.getvalue())


def enqueue(*, waiting_for: datetime.timedelta) -> DBTaskResult:
    task = DBTaskResult.objects.create(task_path="exchange.tasks.run_import", args_kwargs={"args": [], "kwargs": {}},
                                       backend_name="default", queue_name="default", run_after=get_date_max())
    DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=timezone.now() - waiting_for)
    return task


@pytest.mark.django_db
class TestWorkerAlive:
    def test_alive_with_an_empty_queue(self):
        assert worker_alive() == (0, {"status": "ok"})

    def test_a_task_that_just_arrived_is_no_problem(self):
        enqueue(waiting_for=datetime.timedelta(minutes=1))
        assert worker_alive()[0] == 0

    def test_a_task_waiting_too_long_means_no_worker_takes_them(self):
        enqueue(waiting_for=datetime.timedelta(minutes=20))
        assert worker_alive() == (1, {"status": "error", "tasks": "stalled", "stalled": 1})
        assert worker_alive("--max-wait", "30")[0] == 0

    def test_pending_migrations_fail_the_worker_too(self):
        MigrationRecorder(connection).record_unapplied("identity", "0001_acm_idm_account")
        assert worker_alive() == (1, {"status": "error", "migrations": "pending", "pending": 1})
