"""Writing a final report's municipality lines in a constant number of statements, with their history."""

from collections.abc import Sequence

from django.db import connection
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from grants.models import FinalReport, FinalReportLine

COUNT_FIELDS = ("half_days", "participants", "boys", "girls", "other")


def replace_lines(*, report: FinalReport, lines: Sequence, existing: bool = True) -> None:
    """Make the report's lines the given ones (`ReportLineInput`s, one per municipality): new lines inserted,
    changed lines updated, the others deleted, each with one history row, in at most six statements.
    Every line is validated (`full_clean`: field ranges and the gender split) before anything is written;
    the report's identity and the municipalities come from the caller, so they are not looked up again."""
    current = {line.municipality_id: line for line in report.lines.all()} if existing else {}
    new, changed = [], []
    for item in lines:
        values = {field: getattr(item, field) for field in COUNT_FIELDS}
        line = current.pop(item.municipality.pk, None)
        if line is None:
            new.append(FinalReportLine(report=report, municipality=item.municipality, **values))
        elif any(getattr(line, field) != value for field, value in values.items()):
            for field, value in values.items():
                setattr(line, field, value)
            changed.append(line)
    for line in [*new, *changed]:
        line.full_clean(exclude=["report", "municipality"], validate_unique=False, validate_constraints=False)
    _delete_with_history(list(current.values()))
    if changed:
        bulk_update_with_history(changed, FinalReportLine, fields=list(COUNT_FIELDS))
    if new:
        bulk_create_with_history(new, FinalReportLine)


def _delete_with_history(lines: list[FinalReportLine]) -> None:
    """One '-' history row per line and one DELETE (`QuerySet.delete()` would write the history row by row)."""
    if not lines:
        return
    history = FinalReportLine.history.model
    moment = timezone.now()
    history.objects.bulk_create([
        history(history_date=moment, history_type="-", history_user=history.get_default_history_user(line),
                **{field.attname: getattr(line, field.attname) for field in history.tracked_fields})
        for line in lines])
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {connection.ops.quote_name(FinalReportLine._meta.db_table)} "  # noqa: S608
                       f"WHERE id IN ({', '.join(['%s'] * len(lines))})", [line.pk for line in lines])
