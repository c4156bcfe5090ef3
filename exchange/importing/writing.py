
"""Bulk inserts that keep django-simple-history's records.

On PostgreSQL, large inserts go through COPY: primary keys are taken from the table's sequence in one query, then the
rows and their historical rows ('+', with user, date and reason) are copied in. Elsewhere (SQLite, small batches)
simple_history's bulk_create_with_history does the same more slowly."""

import datetime
import json

from django.db import connection
from django.db.models import DateField
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from exchange import messages

COPY_THRESHOLD = 500


_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(value) -> str:
    """One value in PostgreSQL's COPY text format."""
    if value is None:
        return "\\N"
    if value.__class__ is int:
        return str(value)
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, (list, dict)):
        value = json.dumps(value)
    elif isinstance(value, datetime.datetime | datetime.date):
        value = value.isoformat()
    return str(value).translate(_ESCAPES)


def _copy(cursor, table: str, columns: list[str], rows) -> None:
    """COPY in text format, written in chunks (faster than psycopg's row-by-row write_row)."""
    quote = connection.ops.quote_name
    statement = f"COPY {quote(table)} ({', '.join(quote(column) for column in columns)}) FROM STDIN"
    with cursor.cursor.copy(statement) as copy:
        chunk = []
        for row in rows:
            chunk.append("\t".join([_copy_text(value) for value in row]))
            if len(chunk) == 5000:
                copy.write("\n".join(chunk) + "\n")
                chunk = []
        if chunk:
            copy.write("\n".join(chunk) + "\n")


def insert_with_history(model, attnames: list[str], rows: list[tuple], *, user=None, reason: str = "") -> list[int]:
    """Insert `rows` (tuples of values for `attnames`, all concrete fields except the primary key) and their
    history; returns the new primary keys in order. Runs in the caller's transaction."""
    if not rows:
        return []
    if connection.vendor != "postgresql" or len(rows) < COPY_THRESHOLD:
        objects = [model(**dict(zip(attnames, row, strict=True))) for row in rows]
        create_all(model, objects, user)
        return [instance.pk for instance in objects]

    meta = model._meta
    now = timezone.now()
    fields = {field.attname: field for field in meta.concrete_fields if not field.primary_key}
    missing = [field for attname, field in fields.items() if attname not in attnames]
    extra_values = []
    for field in missing:
        if isinstance(field, DateField) and (field.auto_now or field.auto_now_add):
            extra_values.append(now if field.get_internal_type() == "DateTimeField" else now.date())
        else:
            extra_values.append(field.get_default())
    all_attnames = [*attnames, *(field.attname for field in missing)]

    def prepared(row):
        return [*row, *extra_values]

    with connection.cursor() as cursor:
        cursor.execute("SELECT array_agg(nextval(pg_get_serial_sequence(%s, %s))) FROM generate_series(1, %s)",
                       [meta.db_table, meta.pk.column, len(rows)])
        ids = cursor.fetchone()[0]
        full_rows = [(pk, *prepared(row)) for pk, row in zip(ids, rows, strict=True)]
        columns = [meta.pk.column, *(fields[attname].column for attname in all_attnames)]
        _copy(cursor, meta.db_table, columns, full_rows)

        if hasattr(model, "history"):
            history = model.history.model._meta
            position = {attname: index for index, attname in enumerate([meta.pk.attname, *all_attnames])}
            special = {"history_date": now, "history_change_reason": reason, "history_type": "+",
                       "history_user_id": getattr(user, "pk", None)}
            history_columns, getters = [], []
            for field in history.concrete_fields:
                if field.name == "history_id":
                    continue
                history_columns.append(field.column)
                if field.attname in position:
                    getters.append(position[field.attname])
                else:
                    getters.append(("constant", special.get(field.attname)))
            _copy(cursor, history.db_table, history_columns, (
                [row[getter] if isinstance(getter, int) else getter[1] for getter in getters] for row in full_rows))
    return ids


BATCH_SIZE = 2000


def has_history(model) -> bool:
    return hasattr(model, "history")


def create_all(model, objects: list, user) -> list:
    if not objects:
        return objects
    if has_history(model):
        return bulk_create_with_history(objects, model, batch_size=BATCH_SIZE, default_user=user,
                                        default_change_reason=messages.history_reason())
    return model.objects.bulk_create(objects, batch_size=BATCH_SIZE)


def update_all(model, objects: list, fields: list[str], user) -> None:
    if not objects:
        return
    if has_history(model):
        bulk_update_with_history(objects, model, fields, batch_size=BATCH_SIZE, default_user=user,
                                 default_change_reason=messages.history_reason())
    else:
        model.objects.bulk_update(objects, fields, batch_size=BATCH_SIZE)

