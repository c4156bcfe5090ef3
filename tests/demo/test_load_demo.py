"""`make run` keeps what someone entered: the demo is loaded only into an empty database (`load_demo --if-empty`),
and `make demo-reset` resets it on purpose."""

import io
import os
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

from academies.models import Academy
from grants.models import Call
from tests.factories import CallFactory

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_if_empty_keeps_a_database_with_entered_data():
    entered = CallFactory(title="Door een medewerker ingevoerd")
    out = io.StringIO()
    call_command("load_demo", "--if-empty", stdout=out)
    assert "not loaded" in out.getvalue() and "1 calls" in out.getvalue()
    assert list(Call.objects.values_list("title", flat=True)) == [entered.title]
    assert not Academy.objects.filter(code__startswith="demo-").exists()


def make(target: str, database: Path) -> str:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}"}
    result = subprocess.run(["make", "--no-print-directory", target, "SHARED_DATA=/nonexistent"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return result.stdout


def manage(database: Path, code: str) -> str:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}"}
    result = subprocess.run([str(ROOT / ".venv" / "bin" / "python"), "manage.py", "shell", "-c", code], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout.strip().splitlines()[-1]


@pytest.mark.slow
def test_make_setup_twice_keeps_what_a_user_entered_and_demo_reset_resets(tmp_path):
    database = tmp_path / "run.sqlite3"
    first = make("setup", database)
    assert "Demo data:" in first
    manage(database, "from academies.models import Academy; "
                     "Academy.objects.filter(code='demo-de-vonk').update(name='Door de gebruiker hernoemd')")
    second = make("setup", database)
    assert "the demo data is not loaded" in second
    assert manage(database, "from academies.models import Academy; "
                            "print(Academy.objects.get(code='demo-de-vonk').name)") == "Door de gebruiker hernoemd"
    make("demo-reset", database)
    assert manage(database, "from academies.models import Academy; "
                            "print(Academy.objects.get(code='demo-de-vonk').name)") != "Door de gebruiker hernoemd"
