import copy
import datetime
import io
import json

import pytest
from django.conf import settings
from django.core.management import call_command

from academies.models import Event
from exchange.uit import import_uit_events
from tests.factories import AcademyFactory

EXAMPLE = settings.SHARED_DATA_DIR / "uitdatabank_search_api_v3_example_event_response.json"


@pytest.fixture
def response() -> dict:
    return json.loads(EXAMPLE.read_text("utf-8"))


@pytest.mark.django_db
class TestImportUit:
    def test_example_event_lands_in_holsbeek_by_postcode(self, tmp_path, response):
        path = tmp_path / "events.json"
        path.write_text(json.dumps(response), "utf-8")
        out = io.StringIO()
        call_command("import_uit", str(path), stdout=out)
        event = Event.objects.get()
        assert event.uit_id == "f5db5ff3-6010-4fbb-9eeb-fb70da9fdfce"
        assert event.name == "Ontdek het Kasteel van Horst - familieparcours!"
        assert event.postcode == "3220"
        assert event.municipality_id == "24043"  # Holsbeek, not the locality text "Sint-Pieters-Rode (Holsbeek)"
        assert (event.start_date, event.end_date) == (datetime.date(2017, 11, 28), datetime.date(2018, 11, 28))
        assert (event.age_min, event.age_max) == (4, 14)
        assert event.organiser_name == "Herita vzw"
        assert event.organiser_id == "2af6ad52-c019-4095-a60d-f926ebf26fc6"
        assert event.labels == ["kasteel", "zoektocht"]
        assert not event.has_stem_label
        assert list(Event.objects.for_year(2017)) == [event]
        assert "1 " in out.getvalue()

    def test_reimport_updates_and_never_duplicates(self, response):
        import_uit_events(response)
        summary, _counters = import_uit_events(response)
        assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 1)
        changed = copy.deepcopy(response)
        changed["member"][0]["name"]["nl"] = "Nieuwe naam"
        changed["member"][0]["labels"].append("stem-ACADEMIE")
        summary, _counters = import_uit_events(changed["member"])  # a plain list of events works too
        assert (summary.created, summary.updated) == (0, 1)
        event = Event.objects.get()
        assert event.name == "Nieuwe naam"
        assert event.has_stem_label  # labels match case-insensitively

    def test_links_the_academy_by_organiser_name(self, response):
        academy = AcademyFactory(code="herita", name="Herita VZW")
        _summary, counters = import_uit_events(response)
        assert Event.objects.get().academy == academy
        assert counters["linked_to_academy"] == 1

    def test_configured_stem_labels(self, response, settings):
        settings.UIT_STEM_LABELS = ["Zoektocht"]
        import_uit_events(response)
        assert Event.objects.with_stem_label().count() == 1

    def test_a_merged_municipality_follows_the_event_year(self, response):
        event = response["member"][0]
        event["location"]["address"]["nl"]["postalCode"] = "2070"
        event["startDate"], event["endDate"] = "2025-03-01T10:00:00+01:00", "2025-03-01T12:00:00+01:00"
        import_uit_events(response)
        assert Event.objects.get().municipality_id == "46030"

    def test_a_postcode_outside_flanders_leaves_the_municipality_empty(self, response):
        response["member"][0]["location"]["address"]["nl"]["postalCode"] = "1000"
        _summary, counters = import_uit_events(response)
        assert Event.objects.get().municipality is None
        assert counters["without_municipality"] == 1
