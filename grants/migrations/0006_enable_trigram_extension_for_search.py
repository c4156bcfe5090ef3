from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class KeepTrigramExtension(TrigramExtension):
    """Unapplying leaves the extension in place (other code may use it) and does nothing outside PostgreSQL."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        pass


class Migration(migrations.Migration):
    """pg_trgm for the staff search's name matching (grants.search). A no-op on databases other than PostgreSQL;
    created here because migrations run as the database owner, the application's role may not create it."""

    dependencies = [
        ("grants", "0005_report_line_indexes"),
    ]

    operations = [
        KeepTrigramExtension(),
    ]
