"""The municipalities behind each version of a year moved by a final report or one of its lines.

The triggers of migration 0003 move a year's data version on every write. For writes to final reports and their
lines they now also record, with the version they made, the municipalities whose figures the write can change
(`YearChange`): a line's municipality (before and after); for a report, the municipalities its award funds and those
on its lines. A stored figure that knows how can then recompute only those municipalities
(`reports.selectors.storage`). A version without such rows (any other write) means "anything may have changed".
The SQL is written out here, not imported, so that this migration stays as it was run."""

from django.db import migrations, models

VERSIONS = "reports_datayearversion"
CHANGES = "reports_yearchange"
TO_CALL = ("JOIN grants_award a ON a.id = {award} JOIN grants_application ap ON ap.id = a.application_id "
           "JOIN grants_call c ON c.id = ap.call_id")

# (year, municipality) pairs a changed row of each table can move, `{rows}` standing for the changed rows.
REPORT_TO_CALL = TO_CALL.format(award="r.award_id")
LINE_CHANGES = ("SELECT c.year AS y, l.municipality_id AS m FROM {rows} l "
                "JOIN grants_finalreport r ON r.id = l.report_id " + REPORT_TO_CALL)
REPORT_CHANGES = ("SELECT c.year AS y, f.municipality_id AS m FROM {rows} r "
                  "JOIN grants_award_funded_municipalities f ON f.award_id = r.award_id " + REPORT_TO_CALL
                  + " UNION SELECT c.year AS y, l.municipality_id AS m FROM {rows} r "
                  "JOIN grants_finalreportline l ON l.report_id = r.id " + REPORT_TO_CALL)
TABLES = {"grants_finalreportline": LINE_CHANGES, "grants_finalreport": REPORT_CHANGES}
# The years of 0003's triggers, for the reverse migration.
YEAR_0003 = {"grants_finalreportline": ("SELECT c.year AS y FROM {rows} l "
                                        "JOIN grants_finalreport r ON r.id = l.report_id " + REPORT_TO_CALL),
             "grants_finalreport": "SELECT c.year AS y FROM {rows} r " + REPORT_TO_CALL}


def _bump_and_record_pg(changes: str) -> str:
    return (f"WITH changed AS ({changes}), bumped AS (INSERT INTO {VERSIONS} (year, version, changed_at) "
            f"SELECT DISTINCT y, 1, now() FROM changed WHERE y IS NOT NULL ORDER BY y ON CONFLICT (year) DO UPDATE "
            f"SET version = {VERSIONS}.version + 1, changed_at = EXCLUDED.changed_at RETURNING year, version) "
            f"INSERT INTO {CHANGES} (year, version, municipality_id, changed_at) SELECT DISTINCT b.year, b.version, "
            f"changed.m, now() FROM bumped b JOIN changed ON changed.y = b.year")


def _bump_pg(years: str) -> str:
    return (f"INSERT INTO {VERSIONS} (year, version, changed_at) SELECT DISTINCT s.y, 1, now() FROM ({years}) s "
            f"WHERE s.y IS NOT NULL ORDER BY s.y ON CONFLICT (year) DO UPDATE SET "
            f"version = {VERSIONS}.version + 1, changed_at = EXCLUDED.changed_at")


# A statement changing more rows than this (an import) only moves the versions, as in 0003: recounting most
# municipalities costs more than computing the figure, and the import does not pay for the record.
MOST_RECORDED_ROWS = 1000


def _operation_pg(table: str, transition: str, *, record: bool) -> str:
    """The statement of one operation: `transition` names the changed rows ("new_rows", "old_rows" or both)."""
    names = transition.split()
    years = " UNION ".join(YEAR_0003[table].format(rows=name) for name in names)
    if not record:
        return f"{_bump_pg(years)};"
    changes = " UNION ".join(TABLES[table].format(rows=name) for name in names)
    return (f"IF (SELECT count(*) FROM {names[0]}) <= {MOST_RECORDED_ROWS} THEN {_bump_and_record_pg(changes)}; "
            f"ELSE {_bump_pg(years)}; END IF;")


def _function_pg(table: str, *, record: bool) -> str:
    return f"""CREATE OR REPLACE FUNCTION reports_versions_{table}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'INSERT' THEN {_operation_pg(table, "new_rows", record=record)}
            ELSIF TG_OP = 'UPDATE' THEN {_operation_pg(table, "new_rows old_rows", record=record)}
            ELSE {_operation_pg(table, "old_rows", record=record)}
            END IF;
            RETURN NULL;
        END $$"""


def _postgresql():
    return [_function_pg(table, record=True) for table in TABLES]


def _undo_postgresql():
    return [_function_pg(table, record=False) for table in TABLES]


def _bump_and_record_sqlite(changes: str) -> str:
    return (f"INSERT INTO {VERSIONS} (year, version, changed_at) SELECT DISTINCT s.y, 1, datetime('now') "
            f"FROM ({changes}) s WHERE s.y IS NOT NULL ON CONFLICT (year) DO UPDATE SET version = version + 1, "
            f"changed_at = excluded.changed_at; "
            f"INSERT INTO {CHANGES} (year, version, municipality_id, changed_at) SELECT DISTINCT s.y, v.version, s.m, "
            f"datetime('now') FROM ({changes}) s JOIN {VERSIONS} v ON v.year = s.y;")


def _bump_sqlite(years: str) -> str:
    return (f"INSERT INTO {VERSIONS} (year, version, changed_at) SELECT s.y, 1, datetime('now') FROM ({years}) s "
            f"WHERE s.y IS NOT NULL ON CONFLICT (year) DO UPDATE SET version = version + 1, "
            f"changed_at = excluded.changed_at;")


def _triggers_sqlite(rows_of: dict, statement) -> list[str]:
    statements = []
    for table, sql in rows_of.items():
        for operation, rows in (("INSERT", ["NEW"]), ("UPDATE", ["NEW", "OLD"]), ("DELETE", ["OLD"])):
            name = f"reports_versions_{table}_{operation.lower()}"
            selects = " UNION ".join(sql.format(rows=_one_row_sqlite(table, row)) for row in rows)
            statements += [f"DROP TRIGGER IF EXISTS {name}",
                           f"CREATE TRIGGER {name} AFTER {operation} ON {table} BEGIN {statement(selects)} END"]
    return statements


def _one_row_sqlite(table: str, row: str) -> str:
    """The row NEW or OLD of a SQLite row trigger as a one-row table with the columns the SQL above reads."""
    columns = {"grants_finalreportline": ("report_id", "municipality_id"), "grants_finalreport": ("id", "award_id")}
    return "(SELECT " + ", ".join(f"{row}.{column} AS {column}" for column in columns[table]) + ")"


def _sqlite():
    return _triggers_sqlite(TABLES, _bump_and_record_sqlite)


def _undo_sqlite():
    return _triggers_sqlite(YEAR_0003, _bump_sqlite)


def _run(statements_of):
    def run(apps, schema_editor):
        statements = statements_of.get(schema_editor.connection.vendor)
        for statement in statements() if statements else []:
            schema_editor.execute(statement, params=None)
    return run


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0004_research_report_and_frozen_annexes'),
    ]

    operations = [
        migrations.CreateModel(
            name='YearChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                ('version', models.PositiveBigIntegerField(verbose_name='version')),
                ('municipality_id', models.CharField(max_length=5, verbose_name='municipality (NIS code)')),
                ('changed_at', models.DateTimeField(verbose_name='changed at')),
            ],
            options={
                'verbose_name': 'change of a year',
                'verbose_name_plural': 'changes of the years',
                'indexes': [models.Index(fields=['year', 'version'], name='yearchange_year_version')],
            },
        ),
        migrations.RunPython(_run({"postgresql": _postgresql, "sqlite": _sqlite}),
                             _run({"postgresql": _undo_postgresql, "sqlite": _undo_sqlite})),
    ]
