"""UiTdatabank (publiq) events as the Search API v3 returns them: a JSON list of events, or a response object with
`member`. Kept: id, name, dates, location postcode -> municipality (by postalCode, never by the locality text,
which can read "Sint-Pieters-Rode (Holsbeek)"), organiser, age range and labels (visible and hidden).

The municipality is resolved for the year of the start date; a postcode outside Flanders, or one shared by two
municipalities (1804), leaves the municipality empty and is counted in the summary. An event is linked to an academy
when its organiser name equals the academy's name, or its organiser id equals the academy's code."""

import datetime
import json
import re
import unicodedata

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from academies.belgian import FieldError
from academies.models import Academy
from academies.municipalities import MunicipalityResolver
from academies.text import printable_line
from exchange.errors import ImportFailed, RowError
from exchange.importing.base import ImportSummary
from exchange.importing.events import EventRecord, upsert_events, write_events

AGE_RANGE = re.compile(r"^(\d*)-(\d*)$")


def _localized(value, main_language: str = "nl") -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        for language in (main_language, "nl", *value):
            if isinstance(value.get(language), str) and value[language].strip():
                return value[language]
    return ""


def _identifier(value) -> str:
    """The uuid at the end of an @id URI (https://io.uitdatabank.be/event/<uuid>)."""
    return str(value or "").rstrip("/").rsplit("/", 1)[-1]


def _date(value) -> datetime.date | None:
    if not isinstance(value, str) or not value:
        return None
    moment = parse_datetime(value)
    if moment is None:
        try:
            return datetime.date.fromisoformat(value[:10])
        except ValueError:
            return None
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment.date()


def _name_key(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    return " ".join(folded.split())


def _postcode(event: dict) -> str:
    """`location.address.<language>.postalCode`, Dutch first ("" when there is none)."""
    location = event.get("location") if isinstance(event.get("location"), dict) else {}
    address = location.get("address") if isinstance(location.get("address"), dict) else {}
    if "postalCode" in address:
        address = {"nl": address}
    for language in ("nl", *address):
        if isinstance(address.get(language), dict) and address[language].get("postalCode"):
            return str(address[language]["postalCode"]).strip()[:10]
    return ""


def _age_range(event: dict) -> tuple[int | None, int | None]:
    """`typicalAgeRange` (`6-12`, `-12`, `6-`) as (minimum, maximum); a reversed range gives neither."""
    age_min = age_max = None
    match = AGE_RANGE.match(str(event.get("typicalAgeRange") or ""))
    if match:
        age_min = int(match.group(1)) if match.group(1) and len(match.group(1)) < 4 else None
        age_max = int(match.group(2)) if match.group(2) and len(match.group(2)) < 4 else None
        if age_min is not None and age_max is not None and age_max < age_min:
            age_min = age_max = None
    return age_min, age_max


def _labels(event: dict) -> list[str]:
    """The visible and hidden labels, each once, in order."""
    labels = []
    for label in [*(event.get("labels") or []), *(event.get("hiddenLabels") or [])]:
        if isinstance(label, str) and label.strip() and label.strip() not in labels:
            labels.append(label.strip()[:255])
    return labels


def parse_events(payload) -> list[dict]:
    if isinstance(payload, dict):
        payload = payload.get("member", [payload] if "@id" in payload else [])
    if not isinstance(payload, list):
        raise ImportFailed([RowError(None, None, _("Expected a list of events or a response with 'member'."))])
    return [event for event in payload if isinstance(event, dict)]


def import_uit_events(payload, *, dry_run: bool = False, user=None) -> tuple[ImportSummary, dict]:
    """Create or update events (keyed on the UiTdatabank id). Returns the summary and counters
    (`without_municipality`, `linked_to_academy`). Invalid events (no id or no name) are errors: nothing is written."""
    events = parse_events(payload)
    resolver = MunicipalityResolver()
    academies_by_name = {_name_key(name): pk for pk, name in Academy.objects.values_list("pk", "name")}
    academies_by_code = dict(Academy.objects.values_list("code", "pk"))
    errors, records = [], []
    counters = {"without_municipality": 0, "linked_to_academy": 0}
    for number, event in enumerate(events, start=1):
        uit_id = _identifier(event.get("@id") or event.get("id"))
        main_language = event.get("mainLanguage") or "nl"
        name = printable_line(_localized(event.get("name"), main_language)).strip()
        if not uit_id or len(uit_id) > 100:
            errors.append(RowError(number, "@id", _("the event has no usable id")))
            continue
        if not name:
            errors.append(RowError(number, "name", _("the event has no name")))
            continue
        start, end = _date(event.get("startDate")), _date(event.get("endDate"))
        if start and end and end < start:
            end = start
        postcode = _postcode(event)
        municipality = None
        if postcode:
            try:
                municipality = resolver.resolve(postcode, start.year if start else None)
            except FieldError:
                municipality = None
        if municipality is None:
            counters["without_municipality"] += 1
        organiser = event.get("organizer") if isinstance(event.get("organizer"), dict) else {}
        organiser_id = _identifier(organiser.get("@id") or organiser.get("id"))[:100]
        organiser_name = printable_line(_localized(organiser.get("name"), main_language)).strip()[:300]
        academy_id = academies_by_name.get(_name_key(organiser_name)) if organiser_name else None
        academy_id = academy_id or academies_by_code.get(organiser_id)
        if academy_id:
            counters["linked_to_academy"] += 1
        age_min, age_max = _age_range(event)
        labels = _labels(event)
        records.append(EventRecord(number, uit_id, {
            "name": name[:300], "start_date": start, "end_date": end, "postcode": postcode,
            "municipality_id": municipality, "organiser_id": organiser_id, "organiser_name": organiser_name,
            "age_min": age_min, "age_max": age_max, "labels": labels, "academy_id": academy_id,
        }))
    if errors:
        raise ImportFailed(errors)
    summary = ImportSummary(kind="events", total_rows=len(events), dry_run=dry_run)
    with transaction.atomic():
        plan = upsert_events(records, summary)
        if not dry_run:
            write_events(plan, user)
    return summary, counters


def load_json(data: bytes):
    try:
        return json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ImportFailed([RowError(None, None, _("The file is not valid JSON: %(error)s") % {"error": error})]) \
            from error
