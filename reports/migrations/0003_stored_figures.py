"""Stored figures, and the triggers that keep a version per call year of the data behind them.

Every write to a table the report figures read adds one to the version of the years it touches, in the same
transaction, whatever wrote it (a form, the admin, an import with bulk statements, raw SQL): on PostgreSQL one
statement-level trigger per table and operation reads the changed rows from its transition tables, on SQLite row
triggers do the same per row. Year 0 is the data every year depends on. The SQL is written out here, not imported,
so that this migration stays as it was run."""

from django.db import migrations, models

VERSIONS = "reports_datayearversion"

# The year of a changed row: a column of the row itself, or the year of the call reached by following foreign keys.
TO_CALL = [("grants_application", "call_id"), ("grants_call", "year")]
TO_APPLICATION = [("grants_award", "application_id"), *TO_CALL]
TO_AWARD = [("grants_finalreport", "award_id"), *TO_APPLICATION]
YEAR_OF_ROW = {
    "grants_call": ("year", []),
    "grants_yearbudget": ("year", []),
    "grants_application": ("call_id", TO_CALL[1:]),
    "grants_award": ("application_id", TO_CALL),
    "grants_award_funded_municipalities": ("award_id", TO_APPLICATION),
    "grants_finalreport": ("award_id", TO_APPLICATION),
    "grants_finalreportline": ("report_id", TO_AWARD),
}
EVENTS = "academies_event"
# Tables every year's figures read: any change is a change of year 0.
SHARED = ["academies_province", "academies_municipality", "academies_recognition", "reports_municipalityboundary"]


def _year_select(table, row):
    """SELECT of the year(s) of the rows `row` (a transition table on PostgreSQL, NEW/OLD on SQLite)."""
    column, path = YEAR_OF_ROW[table]
    sqlite = row in ("NEW", "OLD")
    if not path:
        return f"SELECT {row}.{column} AS y" + ("" if sqlite else f" FROM {row}")
    joins, previous = [], f"{row}.{column}"
    for index, (parent, next_column) in enumerate(path):
        alias = f"t{index}"
        joins.append((parent, alias, previous))
        previous = f"{alias}.{next_column}"
    if sqlite:
        (first, first_alias, first_key), *rest = joins
        sql = f"SELECT {previous} AS y FROM {first} {first_alias}"
        sql += "".join(f" JOIN {parent} {alias} ON {alias}.id = {key}" for parent, alias, key in rest)
        return sql + f" WHERE {first_alias}.id = {first_key}"
    return f"SELECT {previous} AS y FROM {row}" + "".join(
        f" JOIN {parent} {alias} ON {alias}.id = {key}" for parent, alias, key in joins)


def _bump_pg(years_sql):
    return (f"INSERT INTO {VERSIONS} (year, version, changed_at) SELECT DISTINCT s.y, 1, now() FROM ({years_sql}) s "
            f"WHERE s.y IS NOT NULL ORDER BY s.y ON CONFLICT (year) DO UPDATE SET "
            f"version = {VERSIONS}.version + 1, changed_at = EXCLUDED.changed_at")


def _bump_sqlite(years_sql):
    return (f"INSERT INTO {VERSIONS} (year, version, changed_at) SELECT s.y, 1, datetime('now') FROM ({years_sql}) s "
            f"WHERE s.y IS NOT NULL ON CONFLICT (year) DO UPDATE SET version = version + 1, "
            f"changed_at = excluded.changed_at;")


def _postgresql():
    statements = []
    for table in [*YEAR_OF_ROW, EVENTS]:
        if table == EVENTS:
            new, old = ("SELECT EXTRACT(YEAR FROM new_rows.start_date)::int AS y FROM new_rows",
                        "SELECT EXTRACT(YEAR FROM old_rows.start_date)::int AS y FROM old_rows")
        else:
            new, old = _year_select(table, "new_rows"), _year_select(table, "old_rows")
        function = f"reports_versions_{table}"
        statements.append(f"""CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'INSERT' THEN {_bump_pg(new)};
                ELSIF TG_OP = 'UPDATE' THEN {_bump_pg(f"{new} UNION {old}")};
                ELSE {_bump_pg(old)};
                END IF;
                RETURN NULL;
            END $$""")
        for operation, referencing in (("INSERT", "NEW TABLE AS new_rows"),
                                       ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
                                       ("DELETE", "OLD TABLE AS old_rows")):
            statements.append(f"CREATE TRIGGER {function}_{operation.lower()} AFTER {operation} ON {table} "
                              f"REFERENCING {referencing} FOR EACH STATEMENT EXECUTE FUNCTION {function}()")
    shared = "reports_versions_shared"
    statements.append(f"""CREATE FUNCTION {shared}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN {_bump_pg("SELECT 0 AS y")}; RETURN NULL; END $$""")
    for table in SHARED:
        statements.append(f"CREATE TRIGGER {shared}_{table} AFTER INSERT OR UPDATE OR DELETE ON {table} "
                          f"FOR EACH STATEMENT EXECUTE FUNCTION {shared}()")
    statements.append(f"CREATE TRIGGER {shared}_academies_academy AFTER UPDATE ON academies_academy FOR EACH ROW "
                      f"WHEN (OLD.organisation_type IS DISTINCT FROM NEW.organisation_type) "
                      f"EXECUTE FUNCTION {shared}()")
    return statements


def _sqlite():
    statements = []
    for table in [*YEAR_OF_ROW, EVENTS]:
        for operation, rows in (("INSERT", ["NEW"]), ("UPDATE", ["NEW", "OLD"]), ("DELETE", ["OLD"])):
            if table == EVENTS:
                selects = [f"SELECT CAST(strftime('%Y', {row}.start_date) AS INTEGER) AS y" for row in rows]
            else:
                selects = [_year_select(table, row) for row in rows]
            statements.append(f"CREATE TRIGGER reports_versions_{table}_{operation.lower()} AFTER {operation} ON "
                              f"{table} BEGIN {_bump_sqlite(' UNION '.join(selects))} END")
    for table in SHARED:
        for operation in ("INSERT", "UPDATE", "DELETE"):
            statements.append(f"CREATE TRIGGER reports_versions_{table}_{operation.lower()} AFTER {operation} ON "
                              f"{table} BEGIN {_bump_sqlite('SELECT 0 AS y')} END")
    statements.append("CREATE TRIGGER reports_versions_academies_academy_update AFTER UPDATE ON academies_academy "
                      "WHEN OLD.organisation_type IS NOT NEW.organisation_type "
                      f"BEGIN {_bump_sqlite('SELECT 0 AS y')} END")
    return statements


def _drop_postgresql():
    statements = [f"DROP FUNCTION IF EXISTS reports_versions_{table}() CASCADE" for table in [*YEAR_OF_ROW, EVENTS]]
    return [*statements, "DROP FUNCTION IF EXISTS reports_versions_shared() CASCADE"]


def _drop_sqlite():
    tables = [*YEAR_OF_ROW, EVENTS, *SHARED]
    return [*[f"DROP TRIGGER IF EXISTS reports_versions_{table}_{operation}" for table in tables
              for operation in ("insert", "update", "delete")],
            "DROP TRIGGER IF EXISTS reports_versions_academies_academy_update"]


def _run(statements_of):
    def run(apps, schema_editor):
        statements = statements_of.get(schema_editor.connection.vendor)
        for statement in statements() if statements else []:
            schema_editor.execute(statement, params=None)
    return run


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0002_frozen_answer'),
        ('academies', '0004_uit_snapshot'),
        ('grants', '0004_decision_review_and_invitation_actors'),
    ]

    operations = [
        migrations.CreateModel(
            name='DataYearVersion',
            fields=[
                ('year', models.PositiveSmallIntegerField(primary_key=True, serialize=False, verbose_name='year')),
                ('version', models.PositiveBigIntegerField(default=0, verbose_name='version')),
                ('changed_at', models.DateTimeField(verbose_name='changed at')),
            ],
            options={
                'verbose_name': 'data version of a year',
                'verbose_name_plural': 'data versions of the years',
                'ordering': ['year'],
            },
        ),
        migrations.CreateModel(
            name='StoredFigures',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('selector', models.CharField(max_length=60, verbose_name='selector')),
                ('key', models.CharField(max_length=400, verbose_name='arguments')),
                ('versions', models.JSONField(verbose_name='versions of the years')),
                ('payload', models.BinaryField(verbose_name='figures')),
                ('computed_at', models.DateTimeField(verbose_name='computed at')),
            ],
            options={
                'verbose_name': 'stored figures',
                'verbose_name_plural': 'stored figures',
                'constraints': [models.UniqueConstraint(fields=('selector', 'key'), name='storedfigures_one_per_call')],
            },
        ),
        migrations.RunPython(_run({"postgresql": _postgresql, "sqlite": _sqlite}),
                             _run({"postgresql": _drop_postgresql, "sqlite": _drop_sqlite})),
    ]
