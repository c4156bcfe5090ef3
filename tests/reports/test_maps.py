import re
import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command
from django.urls import reverse

from academies.models import Municipality, Province
from reports import selectors
from reports.maps import Measure, classify, project_geometry
from tests.conftest import shared_data_path
from tests.reports.factories import call_of, funded_award, report

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"
BOUNDARY_FILES = ["flanders_municipalities_2019_2024.geojson", "flanders_municipalities_2025.geojson"]


@pytest.fixture
def boundaries():
    paths = [shared_data_path(name) for name in BOUNDARY_FILES]
    for path in paths:
        call_command("load_boundaries", str(path), stdout=None)


@pytest.fixture
def reached():
    call = call_of(2022)
    report(award=funded_award(call=call, funded=["44021", "11002", "71022"]),
           lines=[("44021", 600, None, None, None), ("11002", None, None, None, None)])
    report(award=funded_award(call=call, funded=["44021"]), lines=[("44021", 10, None, None, None)])
    report(award=funded_award(call=call_of(2025), funded=["46030"]), lines=[("46030", 5, None, None, None)])


def shapes(svg_text: str) -> dict[str, list[str]]:
    root = ET.fromstring(svg_text)
    assert root.get("role") == "img" and root.get("aria-label")
    assert root.find(f"{SVG}title") is not None
    found: dict[str, list[str]] = {}
    for path in root.iter(f"{SVG}path"):
        assert path.find(f"{SVG}title").text
        found.setdefault(path.get("data-nis"), []).append(path.get("class"))
    return found


def test_projection_closes_rings_and_computes_a_bounding_box():
    shape = project_geometry({"type": "MultiPolygon", "coordinates": [
        [[[3.0, 51.0], [3.1, 51.0], [3.1, 51.1], [3.0, 51.0]]],
        [[[4.0, 51.0], [4.1, 51.0], [4.1, 51.1], [4.0, 51.0]]]]})
    assert shape.path.count("M") == 2 and shape.path.count("Z") == 2
    assert shape.min_x < shape.max_x and shape.min_y < shape.max_y


def test_load_boundaries_loads_every_municipality_of_both_periods(boundaries):
    from reports.models import MunicipalityBoundary

    for year in (2022, 2025):
        codes = set(Municipality.objects.for_year(year).values_list("nis_code", flat=True))
        assert codes <= set(MunicipalityBoundary.objects.values_list("municipality_id", flat=True))


@pytest.mark.parametrize("year", [2022, 2025])
@pytest.mark.parametrize("measure", [Measure.CONFIRMED, Measure.PARTICIPANTS])
def test_flanders_map_has_one_shape_per_municipality_with_the_right_fill_class(
        reader_client, boundaries, reached, year, measure):
    response = reader_client.get(reverse("reports:map") + f"?year={year}&measure={measure}&format=svg")
    assert response["Content-Type"].startswith("image/svg+xml")
    assert "attachment" in response["Content-Disposition"]
    found = shapes(response.content.decode())
    reach = {row.nis_code: row for row in selectors.reach_by_municipality(year=year).rows}
    assert set(found) == set(reach)
    for code, classes in found.items():
        assert len(classes) == 1, code
        row = reach[code]
        value = row.confirmed if measure == Measure.CONFIRMED else (
            row.participants if row.participants is not None else (None if row.confirmed else 0))
        assert classes[0] == f"map-shape {classify(measure, value, reached=row.confirmed).css_class}", code
    if year == 2022:
        assert found["44021"] == ["map-shape " + classify(measure, 610 if measure == Measure.PARTICIPANTS
                                                          else True).css_class]


@pytest.mark.parametrize("province_code", ["10000", "20001", "30000", "40000", "70000"])
def test_province_maps(reader_client, boundaries, reached, province_code):
    content = reader_client.get(reverse("reports:map") + f"?year=2022&province={province_code}").content.decode()
    source = re.search(r'<img class="report-map[^"]*" src="([^"]+)"', content).group(1).replace("&amp;", "&")
    svg = reader_client.get(reverse("reports:map") + source).content.decode()
    found = shapes(svg)
    expected = set(Municipality.objects.for_year(2022).filter(province_id=province_code)
                   .values_list("nis_code", flat=True))
    assert set(found) == expected
    reach = {row.nis_code: row for row in selectors.reach_by_municipality(year=2022, province=province_code).rows}
    for code, classes in found.items():
        assert classes == [f"map-shape {classify(Measure.CONFIRMED, reach[code].confirmed).css_class}"], code
    assert Province.objects.get(nis_code=province_code).name_nl in content
    assert "<script>" not in svg and "style=" not in svg


def test_merged_municipality_is_on_the_2025_map_only_as_its_successor(reader_client, boundaries, reached):
    found_2022 = shapes(reader_client.get(reverse("reports:map") + "?year=2022&format=svg").content.decode())
    found_2025 = shapes(reader_client.get(reverse("reports:map") + "?year=2025&format=svg").content.decode())
    assert "11056" in found_2022 and "46030" not in found_2022
    assert "46030" in found_2025 and "11056" not in found_2025
    assert found_2025["46030"] == ["map-shape map-reached"]


def test_names_are_escaped_in_the_svg(reader_client, boundaries, reached):
    Municipality.objects.filter(nis_code="44021").update(name_nl='Gent<script>alert("x")</script>')
    content = reader_client.get(reverse("reports:map") + "?year=2022&format=svg").content.decode()
    assert "<script>" not in content
    assert "Gent&lt;script&gt;" in content
    shapes(content)


def test_map_image_has_title_source_date_and_counts_per_class(reader_client, boundaries, reached):
    from django.utils import timezone

    svg = reader_client.get(reverse("reports:map") + "?year=2022&measure=participants&format=svg").content.decode()
    texts = [element.text for element in ET.fromstring(svg).iter(f"{SVG}text")]
    assert texts[-3].startswith("Vlaanderen 2022: deelnemers")
    assert texts[-2].startswith("Bron: VLAIO") and texts[-1] == f"Stand op {timezone.localdate():%d/%m/%Y}"
    counts = dict(re.fullmatch(r"(.*) \((\d+)\)", text).groups() for text in texts[:-3])
    assert counts["≥ 500"] == "1" and counts["bereikt, niet gerapporteerd"] == "1"
    assert counts["niet bereikt"] == str(300 - 2) and counts["bereikt, 0 gerapporteerd"] == "0"


def test_reached_with_0_reported_is_its_own_class(reader_client, boundaries):
    report(award=funded_award(call=call_of(2022), funded=["44021"]), lines=[("44021", 0, None, None, None)])
    found = shapes(reader_client.get(reverse("reports:map") + "?year=2022&measure=participants&format=svg")
                   .content.decode())
    assert found["44021"] == ["map-shape map-reached-zero"] and found["11002"] == ["map-shape map-bin-0"]
    assert classify(Measure.PARTICIPANTS, 0, reached=True).fill != classify(Measure.PARTICIPANTS, 0).fill


def test_png_download_from_the_same_classes(reader_client, boundaries, reached):
    import io

    from PIL import Image

    from reports.maps import legend

    response = reader_client.get(reverse("reports:map") + "?year=2022&province=40000&format=png")
    assert response["Content-Type"] == "image/png"
    assert 'filename="kaart-2022-40000-confirmed.png"' in response["Content-Disposition"]
    image = Image.open(io.BytesIO(response.content)).convert("RGB")
    assert image.width == 1200
    colours = {colour for _count, colour in image.getcolors(maxcolors=1 << 16)}
    for entry in legend(Measure.CONFIRMED):
        fill = tuple(int(entry.fill[index:index + 2], 16) for index in (1, 3, 5))
        assert fill in colours, entry.label
    page = reader_client.get(reverse("reports:map") + "?year=2022").content.decode()
    assert "format=png" in page and "Deze kaart downloaden als PNG" in page


def test_answer_page_shows_its_maps_as_images_with_their_legend_as_text(reader_client, boundaries, reached):
    page = reader_client.get(reverse("reports:answer-sheet", args=[2022])).content.decode()
    images = re.findall(r'<img class="report-map" src="([^"]+)" alt="([^"]+)"', page)
    assert [src for src, _alt in images] == [reverse("reports:answer-map", args=[2022, number])
                                            for number in range(2, 8)]
    flanders = images[0][1]
    assert flanders.startswith("Vlaanderen 2022: bereikt (ontvangen eindrapportages). Gemeenten per klasse:")
    not_reached = Municipality.objects.for_year(2022).count() - len(
        {row.nis_code for row in selectors.reach_by_municipality(year=2022).rows if row.confirmed})
    assert f"niet bereikt ({not_reached})" in flanders and "bijlage 1" in page


def test_answer_map_is_the_maps_svg_revalidated_by_its_etag(reader_client, boundaries, reached):
    url = reverse("reports:answer-map", args=[2022, 2])
    response = reader_client.get(url)
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert "Content-Disposition" not in response and response["Cache-Control"] == "private, no-cache"
    assert shapes(response.content.decode()) == shapes(
        reader_client.get(reverse("reports:map") + "?year=2022&format=svg").content.decode())
    assert reader_client.get(url, headers={"if-none-match": response["ETag"]}).status_code == 304

    report(award=funded_award(call=call_of(2022), funded=["71022"]), lines=[("71022", 3, None, None, None)])
    changed = reader_client.get(url, headers={"if-none-match": response["ETag"]})
    assert changed.status_code == 200 and changed["ETag"] != response["ETag"]
    assert shapes(changed.content.decode())["71022"] == ["map-shape map-reached"]


@pytest.mark.parametrize("number", [1, 8])
def test_an_answer_map_that_is_not_an_annex_is_not_found(reader_client, boundaries, number):
    assert reader_client.get(reverse("reports:answer-map", args=[2022, number])).status_code == 404


def test_answer_maps_are_for_staff_only(client, academy_user, boundaries):
    url = reverse("reports:answer-map", args=[2022, 2])
    assert client.get(url).status_code == 302
    client.force_login(academy_user)
    assert client.get(url).status_code == 403


def test_map_page_shows_the_stored_drawing_as_an_image_revalidated_by_its_etag(reader_client, boundaries, reached):
    page = reader_client.get(reverse("reports:map") + "?year=2022&measure=participants").content.decode()
    assert "<path" not in page
    source, alt = re.search(r'<img class="report-map[^"]*" src="([^"]+)" alt="([^"]+)"', page).groups()
    assert alt.startswith("Vlaanderen 2022: deelnemers") and "≥ 500 (1)" in alt
    url = reverse("reports:map") + source.replace("&amp;", "&")
    response = reader_client.get(url)
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8" and "Content-Disposition" not in response
    assert shapes(response.content.decode()) == shapes(
        reader_client.get(reverse("reports:map") + "?year=2022&measure=participants&format=svg").content.decode())
    assert reader_client.get(url, headers={"if-none-match": response["ETag"]}).status_code == 304
    report(award=funded_award(call=call_of(2022), funded=["71022"]), lines=[("71022", 3, None, None, None)])
    changed = reader_client.get(url, headers={"if-none-match": response["ETag"]})
    assert changed.status_code == 200 and shapes(changed.content.decode())["71022"] == ["map-shape map-bin-1"]
