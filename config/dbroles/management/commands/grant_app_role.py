from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from config.dbroles.grants import ROW_PRIVILEGES, SEQUENCE_PRIVILEGES, append_only_tables, grant_app_role


class Command(BaseCommand):
    help = ("Grant the app role (the user of DATABASE_URL) row privileges on every table and sequence, SELECT and "
            "INSERT only on the frozen answers and history tables; run as the owner (DATABASE_OWNER_URL). "
            "`migrate` does this at its end.")

    def add_arguments(self, parser):
        parser.add_argument("--database", default="owner" if "owner" in settings.DATABASES else "default",
                            help="The connection of the owner role (default: 'owner' when DATABASE_OWNER_URL is set).")
        parser.add_argument("--role", default=settings.DATABASE_APP_ROLE,
                            help="The app role (default: the user of DATABASE_URL when DATABASE_OWNER_URL is set).")

    def handle(self, *args, database, role, **options):
        if connections[database].vendor != "postgresql":
            raise CommandError("Database roles are a PostgreSQL matter; this database is "
                               f"{connections[database].vendor}.")
        if not role:
            raise CommandError("No app role: set DATABASE_OWNER_URL (the app role is then DATABASE_URL's user) "
                               "or give --role.")
        statements = grant_app_role(using=database, app_role=role)
        for statement in statements:
            self.stdout.write(statement, self.style.SQL_KEYWORD)
        self.stdout.write(f"{role}: {len(append_only_tables())} append-only tables SELECT, INSERT; every other table "
                          f"{ROW_PRIVILEGES}; sequences {SEQUENCE_PRIVILEGES} (not UPDATE of the append-only ones).")
