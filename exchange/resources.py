"""The bridge between django-import-export (admin preview, confirm, export) and the batch import kinds.

`import_data()` does not go row by row: it hands the whole dataset to the kind (one query per referenced table,
bulk writes with history, one transaction) and turns the outcome into an import_export Result for the admin's
preview. Errors come back as invalid rows with their spreadsheet row number and column name."""

from collections import defaultdict

import tablib
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from import_export import resources
from import_export.results import Result, RowResult

from academies.models import Academy, Event
from exchange.errors import ImportFailed
from exchange.importing import get_kind
from exchange.services import import_table
from exchange.tables import Table, _is_blank
from grants.models import Award, Call, FinalReport


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
        result.diff_headers = headers
        result.total_rows = len(table)
        values_by_row = {number: dict(zip(headers, values, strict=False)) for number, values in table.rows}
        try:
            summary = import_table(kind=self.exchange_kind, table=table, dry_run=dry_run, user=kwargs.get("user"))
        except ImportFailed as failure:
            if raise_errors:
                raise
            by_row = defaultdict(lambda: defaultdict(list))
            for error in failure.row_errors:
                by_row[error.row or 1][error.column or NON_FIELD_ERRORS].append(error.message)
            for number, messages in sorted(by_row.items()):
                result.append_invalid_row(number, values_by_row.get(number, {}), ValidationError(
                    {column: list(texts) for column, texts in messages.items()}))
                result.totals[RowResult.IMPORT_TYPE_INVALID] += 1
            return result
        for outcome in summary.rows:
            row_result = RowResult()
            row_result.import_type = {"new": RowResult.IMPORT_TYPE_NEW, "update": RowResult.IMPORT_TYPE_UPDATE}.get(
                outcome.outcome, RowResult.IMPORT_TYPE_SKIP)
            row_result.object_repr = outcome.label
            row_values = values_by_row.get(outcome.row, {})
            row_result.diff = ["" if row_values.get(h) is None else str(row_values.get(h)) for h in headers]
            result.append_row_result(row_result)
            result.increment_row_result_total(row_result)
        return result

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
