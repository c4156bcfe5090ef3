from django.conf import settings
from django.core.management.commands.migrate import Command as DjangoMigrate
from django.db import DEFAULT_DB_ALIAS, connections

from config.dbroles.grants import connect_as

OWNER_KEYS = ("NAME", "USER", "PASSWORD", "HOST", "PORT", "OPTIONS")


class Command(DjangoMigrate):
    help = (DjangoMigrate.help + " With DATABASE_OWNER_URL the default database is migrated as that owner role, "
            "which then grants the app role (DATABASE_URL's user) its row privileges (config.dbroles).")

    def handle(self, *args, **options):
        """Every migration, including third-party data migrations that write through the default connection, runs on
        the default connection, connected as the owner for the duration of the command."""
        owner, default = settings.DATABASES.get("owner"), connections[DEFAULT_DB_ALIAS]
        if (options["database"] != DEFAULT_DB_ALIAS or not owner or default.settings_dict["USER"] == owner["USER"]
                or default.in_atomic_block):
            return super().handle(*args, **options)
        app = connect_as(default, owner, OWNER_KEYS)
        try:
            return super().handle(*args, **options)
        finally:
            connect_as(default, app, OWNER_KEYS)
