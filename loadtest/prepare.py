"""Prepare the load-test database: the report benchmark's synthetic data at a scale factor (reused from
`manage.py bench_reports`), a VLAIO reader and an academy contact, each logged in once. Writes the session cookies
to the file given as the only argument, as a Lua table for loadtest/mix.lua.

Run through loadtest/run.sh, which points DATABASE_URL at a database of its own (never the application's)."""

import os
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
django.setup()

from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from academies.models import Academy, AcademyMembership  # noqa: E402
from bench.management.commands.bench_reports import build  # noqa: E402
from grants.groups import READER_GROUP, sync_staff_groups  # noqa: E402
from tests.factories import UserFactory  # noqa: E402

SCALE = int(os.environ.get("LOADTEST_SCALE", "10"))
MARKER_ACADEMY = "bench-0"


def prepare_data() -> None:
    call_command("migrate", verbosity=0, interactive=False)
    if Academy.objects.filter(code=f"bench-{250 * SCALE - 1}").exists() and not Academy.objects.filter(
            code=f"bench-{250 * SCALE}").exists():
        print(f"loadtest: data at scale {SCALE} already present", file=sys.stderr)
        return
    print(f"loadtest: building the benchmark data at scale {SCALE} ...", file=sys.stderr)
    start = time.perf_counter()
    counts = build(SCALE)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"loadtest: built {counts} in {time.perf_counter() - start:.0f} s", file=sys.stderr)


def session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def main(out_path: str) -> None:
    prepare_data()
    sync_staff_groups()
    reader = UserFactory(username="loadtest-lezer", is_staff=True)
    reader.groups.add(Group.objects.get(name=READER_GROUP))
    contact = UserFactory(username="loadtest-contact")
    AcademyMembership.objects.get_or_create(user=contact, academy=Academy.objects.get(code=MARKER_ACADEMY))
    with open(out_path, "w") as out:
        out.write("return {\n")
        out.write(f'  reader = "{session_cookie(reader)}",\n')
        out.write(f'  contact = "{session_cookie(contact)}",\n')
        out.write("}\n")


if __name__ == "__main__":
    main(sys.argv[1])
