"""Frozen answers; the database refuses UPDATE and DELETE on them (PostgreSQL and SQLite triggers)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


IMMUTABLE_SQL = {
    "postgresql": [
        """CREATE FUNCTION reports_frozenanswer_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'a frozen answer cannot be changed or deleted (%)', TG_OP USING ERRCODE = 'raise_exception';
        END $$""",
        """CREATE TRIGGER reports_frozenanswer_immutable BEFORE UPDATE OR DELETE ON reports_frozenanswer
        FOR EACH ROW EXECUTE FUNCTION reports_frozenanswer_immutable()""",
    ],
    "sqlite": [
        """CREATE TRIGGER reports_frozenanswer_no_update BEFORE UPDATE ON reports_frozenanswer
        BEGIN SELECT RAISE(ABORT, 'a frozen answer cannot be changed or deleted (UPDATE)'); END""",
        """CREATE TRIGGER reports_frozenanswer_no_delete BEFORE DELETE ON reports_frozenanswer
        BEGIN SELECT RAISE(ABORT, 'a frozen answer cannot be changed or deleted (DELETE)'); END""",
    ],
}
DROP_SQL = {
    "postgresql": ["DROP TRIGGER IF EXISTS reports_frozenanswer_immutable ON reports_frozenanswer",
                   "DROP FUNCTION IF EXISTS reports_frozenanswer_immutable()"],
    "sqlite": ["DROP TRIGGER IF EXISTS reports_frozenanswer_no_update",
               "DROP TRIGGER IF EXISTS reports_frozenanswer_no_delete"],
}


def _run(statements):
    def run(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement, params=None)
    return run




class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0001_boundaries'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='FrozenAnswer',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(db_index=True, verbose_name='year')),
                ('frozen_at', models.DateTimeField(verbose_name='frozen at')),
                ('as_of', models.DateField(verbose_name='status on')),
                ('frozen_by_name', models.CharField(max_length=150, verbose_name='frozen by (name)')),
                ('figures', models.JSONField(verbose_name='figures')),
                ('docx', models.BinaryField(verbose_name='DOCX')),
                ('pdf', models.BinaryField(verbose_name='PDF')),
                ('content_hash', models.CharField(max_length=64, verbose_name='content hash (SHA-256)')),
                ('frozen_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='frozen by')),
            ],
            options={
                'verbose_name': 'frozen answer',
                'verbose_name_plural': 'frozen answers',
                'ordering': ['-frozen_at', '-pk'],
                'constraints': [models.CheckConstraint(condition=models.Q(('content_hash__regex', '^[0-9a-f]{64}$')), name='frozenanswer_hash_is_sha256')],
            },
        ),
        migrations.RunPython(_run(IMMUTABLE_SQL), _run(DROP_SQL)),
    ]
