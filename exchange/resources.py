"""The bridge between django-import-export (admin preview, confirm, export) and the batch import kinds.

`import_data()` does not go row by row: it hands the whole dataset to the kind (one query per referenced table,
bulk writes with history, one transaction) and turns the outcome into an import_export Result for the admin's
preview. Errors come back as invalid rows with their spreadsheet row number and column name. The preview shows at
most PREVIEW_ROWS rows, PREVIEW_COLUMNS columns and PREVIEW_CELL_CHARS characters per cell (the import itself reads
everything); `result.exchange_cropped` says what was left out. A municipality cell shows the municipality's name
with the value as written (`exchange.preview`)."""

from collections import defaultdict

import tablib
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.text import Truncator
from import_export import resources
from import_export.results import Result, RowResult

from academies.models import Academy, Event
from exchange.errors import ImportFailed
from exchange.importing import get_kind
from exchange.preview import with_municipality_names
from exchange.services import import_table
from exchange.tables import Table, _is_blank
from grants.models import Award, Call, FinalReport

PREVIEW_ROWS = 100
PREVIEW_COLUMNS = 20
PREVIEW_CELL_CHARS = 100


def _shown(value) -> str:
    return "" if value is None else Truncator(str(value)).chars(PREVIEW_CELL_CHARS)


class ExchangeResource(resources.ModelResource):
    """Subclasses set `exchange_kind` (a key of exchange.importing.KINDS) and `Meta.model`."""

    exchange_kind: str = ""

    @classmethod
    def kind(cls):
        return get_kind(cls.exchange_kind)

    def get_user_visible_fields(self):
        return [resources.Field(attribute=name, column_name=name) for name in self.kind().header()]

    def import_data(self, dataset, dry_run=False, raise_errors=False, use_transactions=None,
                    collect_failed_rows=False, rollback_on_validation_errors=False, **kwargs):
        headers = [str(header) for header in (dataset.headers or [])]
        table = Table(headers=headers)
        for index, values in enumerate(dataset, start=2):
            if not _is_blank(list(values)):
                table.rows.append((index, list(values)))
        result = Result()
        shown_headers = headers[:PREVIEW_COLUMNS]
        result.diff_headers = [_shown(header) for header in shown_headers]
        result.total_rows = len(table)
        shown_rows = with_municipality_names(self.kind(), headers, table.rows[:PREVIEW_ROWS])
        values_by_row = {number: {_shown(header): _shown(value) for header, value in zip(
            shown_headers, values, strict=False)} for number, values in shown_rows}
        result.exchange_summary, result.exchange_errors = None, []
        result.exchange_cropped = None
        try:
            summary = import_table(kind=self.exchange_kind, table=table, dry_run=dry_run, user=kwargs.get("user"),
                                   strict=kwargs.get("strict", False))
        except ImportFailed as failure:
            if raise_errors:
                raise
            result.exchange_errors = failure.row_errors
            by_row = defaultdict(lambda: defaultdict(list))
            for error in failure.row_errors:
                by_row[error.row or 1][error.column or NON_FIELD_ERRORS].append(error.message)
            for number, messages in sorted(by_row.items())[:PREVIEW_ROWS]:
                result.append_invalid_row(number, values_by_row.get(number, {}), ValidationError(
                    {column: list(texts) for column, texts in messages.items()}))
            result.totals[RowResult.IMPORT_TYPE_INVALID] += len(by_row)
            result.exchange_cropped = self._cropped(len(by_row), len(headers))
            return result
        result.exchange_summary = summary
        for index, outcome in enumerate(summary.rows):
            row_result = RowResult()
            row_result.import_type = {"new": RowResult.IMPORT_TYPE_NEW, "update": RowResult.IMPORT_TYPE_UPDATE}.get(
                outcome.outcome, RowResult.IMPORT_TYPE_SKIP)
            if index < PREVIEW_ROWS:
                row_result.object_repr = _shown(outcome.label)
                row_values = values_by_row.get(outcome.row, {})
                row_result.diff = [row_values.get(header, "") for header in result.diff_headers]
                result.append_row_result(row_result)
            result.increment_row_result_total(row_result)
        result.exchange_cropped = self._cropped(len(summary.rows), len(headers))
        return result

    @staticmethod
    def _cropped(rows: int, columns: int) -> dict | None:
        """What the preview leaves out, or None when it shows everything."""
        if rows <= PREVIEW_ROWS and columns <= PREVIEW_COLUMNS:
            return None
        return {"rows": rows, "columns": columns, "shown_rows": min(rows, PREVIEW_ROWS),
                "shown_columns": min(columns, PREVIEW_COLUMNS)}

    def export(self, queryset=None, **kwargs):
        rows = self.kind().export_rows(queryset=queryset)
        dataset = tablib.Dataset(headers=next(rows))
        for row in rows:
            dataset.append(row)
        return dataset


class AcademyResource(ExchangeResource):
    exchange_kind = "academies"

    class Meta:
        model = Academy
        import_id_fields = ("code",)
        fields = ("code", "name", "organisation_type", "seat_municipality", "contact_email")


class EventResource(ExchangeResource):
    exchange_kind = "events"

    class Meta:
        model = Event
        import_id_fields = ("uit_id",)
        fields = ("uit_id", "name", "start_date", "end_date", "postcode", "municipality", "organiser_name",
                  "organiser_id", "age_min", "age_max", "labels", "academy")


class CallResource(ExchangeResource):
    exchange_kind = "calls"

    class Meta:
        model = Call
        import_id_fields = ("code",)


class AwardResource(ExchangeResource):
    exchange_kind = "awards"

    class Meta:
        model = Award


class FinalReportResource(ExchangeResource):
    exchange_kind = "finalreports"

    class Meta:
        model = FinalReport
