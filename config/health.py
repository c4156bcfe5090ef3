"""What a load balancer or an orchestrator asks of a process: can it reach the database, and is the database at the
schema this code expects. Answers name the problem, never a detail of it (no host, no error text)."""

import logging
from functools import cache

from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

logger = logging.getLogger(__name__)

DATABASE_UNAVAILABLE = "unavailable"
MIGRATIONS_PENDING = "pending"


@cache
def known_migrations() -> frozenset[tuple[str, str]]:
    """Every migration of this code (squashed ones as their squash), read from disk once per process."""
    return frozenset(MigrationLoader(None, ignore_no_migrations=True).graph.nodes)


def database_problems() -> dict[str, str | int]:
    """{} when the database answers and every migration is applied; otherwise {"database": "unavailable"} or
    {"migrations": "pending", "pending": <count>}. One query for the migrations (django_migrations)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        applied = set(MigrationRecorder(connection).applied_migrations())
    except Exception as error:  # noqa: BLE001 - any database failure means unhealthy
        logger.error("Health check failed: database unavailable (%s)", type(error).__name__)
        return {"database": DATABASE_UNAVAILABLE}
    pending = known_migrations() - applied
    if pending:
        logger.error("Health check failed: %d migrations not applied", len(pending))
        return {"migrations": MIGRATIONS_PENDING, "pending": len(pending)}
    return {}
