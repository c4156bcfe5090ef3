"""The `recognitions` format: one row per recognition period of an academy, keyed by `academie` + `geldig_vanaf`.
No permissions of its own: recognitions travel with the academies' import and export permissions."""

from academies.belgian import parse_date
from academies.models import Academy, Recognition, valid_in_year
from exchange import messages
from exchange.importing.base import Column, Kind, plan_upserts
from exchange.importing.cells import INVALID, distinct_texts, flag_duplicate


class RecognitionKind(Kind):
    key = "recognitions"
    model = Recognition
    columns = (
        Column("academie", ("academy",), required=True),
        Column("geldig_vanaf", ("valid_from",), required=True),
        Column("geldig_tot", ("valid_to",)),
        Column("referentie", ("reference",)),
    )

    @property
    def import_permission(self) -> str:
        return "academies.import_academy"

    @property
    def export_permission(self) -> str:
        return "academies.export_academy"

    def load(self, table, columns, errors, summary, progress, writing=None):
        rows = list(self.rows(table, columns, errors, progress))
        academies = dict(Academy.objects.filter(code__in=distinct_texts(table, columns, "academie"))
                         .values_list("code", "id"))
        existing = {(recognition.academy_id, recognition.valid_from): recognition
                    for recognition in Recognition.objects.filter(academy_id__in=academies.values())}
        parsed, seen = [], {}
        for cells in rows:
            code = cells.get("academie", required=True)
            academy_id = academies.get(code)
            if code is not INVALID and academy_id is None:
                cells.error("academie", messages.unknown_academy(code))
            valid_from = cells.get("geldig_vanaf", parse_date, required=True)
            values = {"valid_to": cells.get("geldig_tot", parse_date),
                      "reference": cells.get_text("referentie", max_length=100)}
            cells.clean_model(Recognition, {"valid_from": valid_from, "valid_to": values["valid_to"]},
                              {"valid_to": "geldig_tot", "valid_from": "geldig_vanaf"})
            if academy_id is not None and valid_from is not INVALID:
                flag_duplicate(cells, "geldig_vanaf", seen, (academy_id, valid_from), f"{code} {valid_from}")
            if not cells.ok:
                continue
            parsed.append((cells.number, (academy_id, valid_from), f"{code} {valid_from.isoformat()}", values))
        return plan_upserts(existing, parsed, summary, lambda key, values: Recognition(
            academy_id=key[0], valid_from=key[1], **values), {"valid_to": "geldig_tot", "reference": "referentie"})

    def write(self, plan, user):
        plan.write(Recognition, user)

    def export_rows(self, *, year=None, queryset=None):
        queryset = Recognition.objects.all() if queryset is None else queryset
        if year is not None:
            queryset = queryset.filter(valid_in_year(year))
        yield self.header()
        yield from (list(row) for row in queryset.order_by("academy__code", "valid_from").values_list(
            "academy__code", "valid_from", "valid_to", "reference"))
