"""`manage.py worker_alive`: the liveness probe of the background-task worker (`manage.py db_worker`), run beside it
in its container. Exit 0 when the database answers, has every migration, and no task has waited longer than
--max-wait minutes for a worker; exit 1 otherwise. Prints one JSON object saying which, without details."""

import datetime
import json

from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, TaskResultStatus, get_date_max

from config.health import database_problems


def stalled_tasks(*, max_wait: datetime.timedelta) -> int:
    """Tasks ready to run for longer than `max_wait`: no worker takes them (none runs, or it hangs)."""
    since = timezone.now() - max_wait
    return DBTaskResult.objects.filter(status=TaskResultStatus.READY).filter(
        Q(run_after=get_date_max(), enqueued_at__lte=since) | Q(run_after__lte=since)).count()


class Command(BaseCommand):
    help = "Liveness of the background-task worker: exit 0 when alive, 1 otherwise (JSON on stdout)."

    def add_arguments(self, parser):
        parser.add_argument("--max-wait", type=float, default=15,
                            help="Minutes a ready task may wait for a worker (default 15).")

    def handle(self, *args, max_wait: float, **options):
        problems = database_problems()
        if not problems:
            stalled = stalled_tasks(max_wait=datetime.timedelta(minutes=max_wait))
            if stalled:
                problems = {"tasks": "stalled", "stalled": stalled}
        self.stdout.write(json.dumps({"status": "error", **problems} if problems else {"status": "ok"}))
        if problems:
            raise SystemExit(1)
