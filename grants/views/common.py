"""Helpers shared by the portal and staff views."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from academies.models import Municipality


def add_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: field errors on known fields, the rest on the form."""
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error)


def flash_errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def history_rows(obj) -> list[dict]:
    """Who changed what and when, oldest first, from django-simple-history."""
    return history_rows_of(obj.history.all(), obj._meta)


def history_rows_of(records, meta) -> list[dict]:
    """Rows for the history table from historical records of one kind (`meta`: the tracked model's _meta).
    Each record is compared with the previous record of the same object; a record about a municipality names it
    as "Name (NIS code)" (`subject`)."""
    records = list(records.select_related("history_user").order_by("history_date", "history_id"))
    codes = {record.municipality_id for record in records if getattr(record, "municipality_id", None)}
    names = dict(Municipality.objects.filter(pk__in=codes).values_list("pk", "name_nl")) if codes else {}
    previous = {}
    rows = []
    for record in records:
        changes = []
        before = previous.get(record.id)
        if before is not None:
            delta = record.diff_against(before)
            changes = [str(meta.get_field(change.field).verbose_name) for change in delta.changes]
        previous[record.id] = record
        code = getattr(record, "municipality_id", None)
        subject = f"{names.get(code, '?')} ({code})" if code else ""
        rows.append({"record": record, "changes": changes, "label": meta.verbose_name, "subject": subject})
    return rows
