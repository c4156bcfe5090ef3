"""Synthetic UiT events for the demo (2019-2023), so the answer sheet's event sentence, the trend's event columns and
the events map are filled out of the box. 2021 and 2022 reproduce the published counts (../shared/DOMAIN.md:
1.739 events of which 1.158 with the label STEM-academie; 1.882 and 1.252); the other years are invented.

Labelled events are organised by an academy funded that year, in one of the municipalities its award funds; the
other events by invented STEM providers in a municipality of that year. Ids start with "demo-uit-"; everything comes
from one `random.Random(seed)`, so a second run changes nothing."""

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction

from academies.models import Event, Municipality, Postcode
from grants.models import Award

ID_PREFIX = "demo-uit-"
LABEL = "STEM-academie"
# year: (all events, events with the label)
EVENT_COUNTS = {2019: (1204, 731), 2020: (968, 602), 2021: (1739, 1158), 2022: (1882, 1252), 2023: (1947, 1311)}
_ACTIVITIES = ("Robotica-workshop", "Codeerclub", "Maakatelier", "Proefjesnamiddag", "3D-printen voor beginners",
               "Sterrenkijkavond", "Elektronica solderen", "Bouw je eigen drone", "Natuurwetenschappen op stap",
               "Minecraft Education", "Lasersnijden", "Bruggen bouwen")
_PROVIDERS = ("Bibliotheek", "Jeugddienst", "Wetenschapswinkel", "Technopolis op verplaatsing", "Scouts",
              "Speelpleinwerking", "Academie voor Beeldende Kunst", "Natuurpunt")


@dataclass
class DemoEventsSummary:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    events: int = 0


def _plan(seed: int) -> dict[str, dict]:
    rng = random.Random(seed + 7)
    funded = defaultdict(list)  # year -> [(academy id, academy name, municipality)]
    rows = (Award.objects.filter(application__call__year__in=EVENT_COUNTS)
            .values_list("application__call__year", "application__academy_id", "application__academy__name",
                         "funded_municipalities").order_by("application__call__year", "pk", "funded_municipalities"))
    for year, academy_id, academy_name, code in rows:
        if code:
            funded[year].append((academy_id, academy_name, code))
    postcodes = {}
    for code, municipality_id in Postcode.objects.order_by("code").values_list("code", "municipality_id"):
        postcodes.setdefault(municipality_id, code)
    plan = {}
    for year, (total, labelled) in EVENT_COUNTS.items():
        if not funded[year]:
            continue
        places = sorted(Municipality.objects.for_year(year).values_list("nis_code", flat=True))
        days = (datetime.date(year, 12, 31) - datetime.date(year, 1, 1)).days
        for number in range(total):
            has_label = number < labelled
            if has_label:
                academy_id, organiser, code = rng.choice(funded[year])
            else:
                code = rng.choice(places)
                academy_id, organiser = None, f"{rng.choice(_PROVIDERS)} {rng.randint(1, 40)}"
            start = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randint(0, days))
            age_min = rng.choice((6, 8, 10, 12))
            plan[f"{ID_PREFIX}{year}-{number + 1:04d}"] = {
                "name": f"{rng.choice(_ACTIVITIES)} ({year})", "start_date": start,
                "end_date": start + datetime.timedelta(days=rng.choice((0, 0, 0, 1, 4))),
                "postcode": postcodes.get(code, ""), "municipality_id": code, "organiser_id": "",
                "organiser_name": organiser, "academy_id": academy_id, "age_min": age_min, "age_max": age_min + 4,
                "labels": [LABEL] if has_label else ["STEM"], "has_stem_label": has_label,
            }
    return plan


@transaction.atomic
def build_demo_events(*, seed: int) -> DemoEventsSummary:
    """Create, update or delete the demo events to match the plan (run after the demo awards exist)."""
    plan = _plan(seed)
    fields = list(next(iter(plan.values()), {}))
    summary = DemoEventsSummary(events=len(plan))
    existing = {event.uit_id: event for event in Event.objects.filter(uit_id__startswith=ID_PREFIX)}
    creates, updates = [], []
    for uit_id, values in plan.items():
        event = existing.pop(uit_id, None)
        if event is None:
            creates.append(Event(uit_id=uit_id, **values))
        elif any(getattr(event, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(event, name, value)
            updates.append(event)
    Event.objects.bulk_create(creates, batch_size=1000)
    if updates:
        Event.objects.bulk_update(updates, fields, batch_size=1000)
    Event.objects.filter(pk__in=[event.pk for event in existing.values()]).delete()
    summary.created, summary.updated, summary.deleted = len(creates), len(updates), len(existing)
    return summary
