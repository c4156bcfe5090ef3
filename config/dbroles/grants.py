"""The app role's privileges, (re)applied by the owner role: idempotent, for every table of the schema."""

from django.apps import apps
from django.conf import settings
from django.db import connections, transaction
from simple_history.models import HistoricalChanges

# Rows that are written once and never changed or removed; the history tables of django-simple-history join them.
APPEND_ONLY_MODELS = ["reports.FrozenAnswer"]
ROW_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE"
# USAGE for nextval; UPDATE for setval, which loaddata runs after loading rows with their ids (the reference data).
SEQUENCE_PRIVILEGES = "USAGE, SELECT, UPDATE"
# The sequences that number the append-only tables' rows.
SEQUENCES_OF_TABLES = (
    "SELECT s.relname FROM pg_class s JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = s.oid "
    "AND d.refclassid = 'pg_class'::regclass JOIN pg_class t ON t.oid = d.refobjid "
    "WHERE s.relkind = 'S' AND s.relnamespace = current_schema()::regnamespace AND t.relname = ANY(%s) "
    "ORDER BY s.relname"
)


def append_only_tables() -> list[str]:
    """The frozen answers and every history table (including those of many-to-many fields)."""
    models = [apps.get_model(label) for label in APPEND_ONLY_MODELS]
    models += [model for model in apps.get_models() if issubclass(model, HistoricalChanges)]
    return sorted({model._meta.db_table for model in models})


def grant_statements(*, app_role: str, owner_role: str, schema: str, append_only: list[str],
                     append_only_sequences: list[str], quote) -> list[str]:
    """REVOKE then GRANT, so that running them again (or after a table changed hands) gives the same privileges.
    ALTER DEFAULT PRIVILEGES gives a table that a later migration creates the row privileges at once; the next
    grant_app_role (after that migrate) takes UPDATE and DELETE off it if it is append-only, and setval off its
    sequence."""
    app, owner, schema = quote(app_role), quote(owner_role), quote(schema)
    statements = [
        f"GRANT USAGE ON SCHEMA {schema} TO {app}",
        f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {app}",
        f"GRANT {ROW_PRIVILEGES} ON ALL TABLES IN SCHEMA {schema} TO {app}",
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM {app}",
        f"GRANT {SEQUENCE_PRIVILEGES} ON ALL SEQUENCES IN SCHEMA {schema} TO {app}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {schema} GRANT {ROW_PRIVILEGES} ON TABLES TO {app}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {schema} GRANT {SEQUENCE_PRIVILEGES} ON SEQUENCES "
        f"TO {app}",
    ]
    if append_only:
        statements.append(f"REVOKE UPDATE, DELETE ON TABLE {', '.join(map(quote, append_only))} FROM {app}")
    if append_only_sequences:
        statements.append(f"REVOKE UPDATE ON SEQUENCE {', '.join(map(quote, append_only_sequences))} FROM {app}")
    return statements


def grant_app_role(*, using: str, app_role: str) -> list[str]:
    """Apply the app role's privileges as the owner connected on `using`; returns the statements run."""
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute("SELECT current_user, current_schema()")
        owner_role, schema = cursor.fetchone()
        append_only = [table for table in append_only_tables() if table in existing]
        cursor.execute(SEQUENCES_OF_TABLES, [append_only])
        statements = grant_statements(app_role=app_role, owner_role=owner_role, schema=schema, append_only=append_only,
                                      append_only_sequences=[row[0] for row in cursor.fetchall()],
                                      quote=connection.ops.quote_name)
        for statement in statements:
            cursor.execute(statement)
    return statements


def connect_as(connection, params: dict, keys=("USER", "PASSWORD")) -> dict:
    """Point `connection` at the `keys` of another DATABASES entry (closing it and its pool; the next query
    reconnects); returns the values it had, to connect back."""
    connection.close()
    if hasattr(connection, "close_pool"):
        connection.close_pool()
    previous = {key: connection.settings_dict[key] for key in keys}
    connection.settings_dict.update({key: params[key] for key in keys})
    return previous


def grant_after_migrate(sender, using: str, **kwargs) -> None:
    """post_migrate: a migrate run as the owner role ends by granting the app role (settings.DATABASE_APP_ROLE, set
    when DATABASE_OWNER_URL is). A migrate as the app role itself, or on SQLite, grants nothing."""
    connection = connections[using]
    app_role = settings.DATABASE_APP_ROLE
    if connection.vendor == "postgresql" and app_role and connection.settings_dict["USER"] != app_role:
        grant_app_role(using=using, app_role=app_role)
