"""The map measure "UiT events per municipality": each municipality classed by its number of events of the year."""

import datetime

import pytest
from django.urls import reverse

from academies.models import Event
from reports import selectors
from reports.maps import Measure, build_choropleth, classify
from tests.reports.factories import call_of
from tests.reports.test_maps import boundaries, shapes  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def events():
    call_of(2022)  # the map offers the years that have calls
    for number in range(12):
        Event.objects.create(uit_id=f"gent-{number}", name="Codeerclub", start_date=datetime.date(2022, 4, 1),
                             municipality_id="44021", has_stem_label=number < 5)
    Event.objects.create(uit_id="hasselt", name="Robotica", start_date=datetime.date(2022, 4, 1),
                         municipality_id="71022")
    Event.objects.create(uit_id="gent-2021", name="Robotica", start_date=datetime.date(2021, 4, 1),
                         municipality_id="44021")


def test_selector_counts_events_of_the_year(events):
    assert selectors.events_by_municipality(year=2022) == {"44021": (12, 5), "71022": (1, 0)}


def test_classes_follow_the_event_bins():
    assert classify(Measure.EVENTS, 0).css_class == "map-bin-0"
    assert classify(Measure.EVENTS, 1).css_class == "map-bin-1"
    assert classify(Measure.EVENTS, 12).css_class == "map-bin-3"
    assert classify(Measure.EVENTS, 25).css_class == "map-bin-4"


def test_map_svg(events, boundaries, reader_client):  # noqa: F811
    response = reader_client.get(reverse("reports:map") + f"?year=2022&measure={Measure.EVENTS}&format=svg")
    assert response.status_code == 200
    found = shapes(response.content.decode())
    assert found["44021"] == ["map-shape map-bin-3"]
    assert found["71022"] == ["map-shape map-bin-1"]
    assert found["11002"] == ["map-shape map-bin-0"]


def test_label_says_how_many_carry_the_label(events, boundaries):  # noqa: F811
    choropleth = build_choropleth(year=2022, measure=Measure.EVENTS, title="Vlaanderen")
    gent = next(shape for shape in choropleth.shapes if shape.nis_code == "44021")
    assert gent.label.startswith("12 ") and " 5 " in gent.label
