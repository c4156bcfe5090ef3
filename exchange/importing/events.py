"""The `events` format and the upsert shared with the UiTdatabank import."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from academies.belgian import (
    MAX_SMALL,
    is_empty,
    parse_count,
    parse_date,
    text,
)
from academies.models import Academy, Event
from academies.municipalities import MunicipalityResolver
from exchange import messages
from exchange.importing.base import Column, ImportSummary, Kind, UpsertPlan, changed_fields, record
from exchange.importing.cells import INVALID, flag_duplicate


@dataclass
class EventRecord:
    row: int
    uit_id: str
    values: dict


def stem_labels() -> set[str]:
    return {label.casefold() for label in getattr(settings, "UIT_STEM_LABELS", ["STEM-academie"])}


def upsert_events(records: Iterable[EventRecord], summary: ImportSummary,
                  field_columns: dict[str, str] | None = None) -> UpsertPlan:
    """Plan creates and updates for events keyed on `uit_id` (one query); `has_stem_label` follows the labels
    (when they are given)."""
    records = list(records)
    wanted = stem_labels()
    existing = {event.uit_id: event for event in Event.objects.filter(uit_id__in=[r.uit_id for r in records])}
    plan, updated = UpsertPlan(), set()
    for item in records:
        values = dict(item.values)
        if "labels" in values:
            values["has_stem_label"] = any(label.casefold() in wanted for label in values["labels"])
        event = existing.get(item.uit_id)
        if event is None:
            event = Event(uit_id=item.uit_id, **values)
            existing[item.uit_id] = event
            plan.creates.append(event)
            record(summary, item.row, "new", item.uit_id)
        elif changed := changed_fields(event, values):
            if event.pk and event.pk not in updated:
                updated.add(event.pk)
                plan.updates.append(event)
            plan.update_fields.update(changed)
            summary.note_change(item.row, item.uit_id, changed, values, field_columns or {})
            record(summary, item.row, "update", item.uit_id)
        else:
            record(summary, item.row, "skip", item.uit_id)
    return plan


def write_events(plan: UpsertPlan, user) -> None:
    plan.write(Event, user, always=("updated_at",))


class EventKind(Kind):
    key = "events"
    model = Event
    columns = (
        Column("uit_id", ("id",), required=True),
        Column("naam", ("name",), required=True),
        Column("startdatum", ("start_date",)),
        Column("einddatum", ("end_date",)),
        Column("postcode"),
        Column("gemeente", ("municipality",)),
        Column("organisator", ("organiser_name", "organiser")),
        Column("organisator_id", ("organiser_id",)),
        Column("leeftijd_min", ("age_min",)),
        Column("leeftijd_max", ("age_max",)),
        Column("labels"),
        Column("academie", ("academy",)),
    )
    field_columns = {
        "name": "naam", "start_date": "startdatum", "end_date": "einddatum", "postcode": "postcode",
        "municipality_id": "gemeente", "organiser_name": "organisator", "organiser_id": "organisator_id",
        "age_min": "leeftijd_min", "age_max": "leeftijd_max", "labels": "labels", "academy_id": "academie",
        "has_stem_label": "labels",
    }

    def load(self, table, columns, errors, summary, progress, writing=None):
        resolver = MunicipalityResolver()
        rows = list(self.rows(table, columns, errors, progress))
        academies = dict(Academy.objects.filter(code__in={text(cells.raw("academie")) for cells in rows})
                         .values_list("code", "id"))
        records, seen = [], {}
        for cells in rows:
            uit_id = cells.get_text("uit_id", max_length=100, required=True)
            start, end = cells.get("startdatum", parse_date), cells.get("einddatum", parse_date)
            municipality = None
            if not is_empty(cells.raw("gemeente")) and start is not INVALID:
                municipality = cells.get("gemeente", resolver.resolve, year=start.year if start else None)
            academy_code = cells.get("academie")
            academy_id = academies.get(academy_code) if academy_code else None
            if academy_code and academy_id is None:
                cells.error("academie", messages.unknown_academy(academy_code))
            age_min = cells.get("leeftijd_min", parse_count, maximum=MAX_SMALL)
            age_max = cells.get("leeftijd_max", parse_count, maximum=MAX_SMALL)
            cells.clean_model(Event, {"start_date": start, "end_date": end, "age_min": age_min, "age_max": age_max},
                              {"end_date": "einddatum", "age_max": "leeftijd_max"})
            labels = [label.strip() for label in text(cells.raw("labels")).split(";") if label.strip()]
            if any(len(label) > 255 for label in labels):
                cells.error("labels", _("a label is longer than 255 characters"))
            values = {
                "name": cells.get_text("naam", max_length=300, required=True),
                "start_date": start, "end_date": end,
                "postcode": cells.get_text("postcode", max_length=10),
                "municipality_id": municipality,
                "organiser_name": cells.get_text("organisator", max_length=300),
                "organiser_id": cells.get_text("organisator_id", max_length=100),
                "age_min": age_min, "age_max": age_max, "labels": labels, "academy_id": academy_id,
            }
            if uit_id is not INVALID:
                flag_duplicate(cells, "uit_id", seen, uit_id, uit_id)
            if cells.ok:
                records.append(EventRecord(cells.number, uit_id, self.present(values, columns)))
        if errors:
            return None
        return upsert_events(records, summary, self.field_columns)

    def write(self, plan, user):
        write_events(plan, user)

    def export_rows(self, *, year=None, queryset=None):
        queryset = Event.objects.all() if queryset is None else queryset
        if year is not None:
            queryset = queryset.for_year(year)
        yield self.header()
        for row in queryset.order_by("start_date", "uit_id").values_list(
                "uit_id", "name", "start_date", "end_date", "postcode", "municipality_id", "organiser_name",
                "organiser_id", "age_min", "age_max", "labels", "academy__code"):
            row = list(row)
            row[10] = "; ".join(row[10] or [])
            yield row
