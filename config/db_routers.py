"""Reports from a read replica: active only when DATABASE_REPLICA_URL is set (see docs/deploy.md).

The report pages (/rapporten/) read the domain data (academies, grants, reports, exchange) from the "replica"
database; everything else - every write, sessions, users and permissions, and any read inside a transaction -
goes to "default". A replica that lags a few seconds behind is fine for reports; a login or a submission never
depends on it."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
REPLICA_APPS = {"academies", "grants", "reports", "exchange"}
REPORT_PATH_PREFIX = "/rapporten/"

_reports_request: ContextVar[bool] = ContextVar("reports_request", default=False)


@contextmanager
def reads_from_replica() -> Iterator[None]:
    token = _reports_request.set(True)
    try:
        yield
    finally:
        _reports_request.reset(token)


class ReportReplicaRouter:
    def db_for_read(self, model, **hints) -> str | None:
        if (
            _reports_request.get()
            and model._meta.app_label in REPLICA_APPS
            and not transaction.get_connection().in_atomic_block
        ):
            return REPLICA
        return None

    def db_for_write(self, model, **hints) -> str | None:
        return None

    def allow_relation(self, obj1, obj2, **hints) -> bool | None:
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db: str, app_label: str, **hints) -> bool | None:
        return db != REPLICA


class ReportReplicaMiddleware:
    """Marks GET/HEAD requests under /rapporten/ as report reads for ReportReplicaRouter."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in ("GET", "HEAD") and request.path.startswith(REPORT_PATH_PREFIX):
            with reads_from_replica():
                return self.get_response(request)
        return self.get_response(request)
