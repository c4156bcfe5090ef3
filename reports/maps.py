"""Server-side SVG choropleths: projection of GeoJSON outlines at load time and classing of values at render time.

Coordinates are projected once (equirectangular, x scaled by cos of Flanders' mean latitude), so a map page only
reads stored paths. One unit is 1/1000 degree of latitude (about 111 m).
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from academies.belgian import format_count
from reports.models import MunicipalityBoundary
from reports.selectors import municipalities_of_year, reach_by_municipality

ORIGIN_LON = 2.5
TOP_LAT = 51.6
X_SCALE = math.cos(math.radians(51.0))
UNITS_PER_DEGREE = 1000.0
MARGIN = 5.0


def project(lon: float, lat: float) -> tuple[float, float]:
    return (round((lon - ORIGIN_LON) * X_SCALE * UNITS_PER_DEGREE, 1),
            round((TOP_LAT - lat) * UNITS_PER_DEGREE, 1))


def _rings(geometry: dict) -> Iterable[list]:
    if geometry["type"] == "Polygon":
        yield from geometry["coordinates"]
    elif geometry["type"] == "MultiPolygon":
        for polygon in geometry["coordinates"]:
            yield from polygon
    else:
        raise ValueError(f"Unsupported geometry type {geometry['type']!r}")


@dataclass(frozen=True)
class ProjectedShape:
    path: str
    min_x: float
    min_y: float
    max_x: float
    max_y: float


def project_geometry(geometry: dict) -> ProjectedShape:
    """An SVG path (one closed subpath per ring; even-odd holes) and its bounding box."""
    parts = []
    xs, ys = [], []
    for ring in _rings(geometry):
        points = []
        previous = None
        for lon, lat, *_rest in ring:
            point = project(lon, lat)
            if point != previous:
                points.append(point)
                previous = point
        if len(points) < 3:
            continue
        xs.extend(x for x, _y in points)
        ys.extend(y for _x, y in points)
        first, rest = points[0], points[1:]
        parts.append(f"M{first[0]:g} {first[1]:g}L" + " ".join(f"{x:g} {y:g}" for x, y in rest) + "Z")
    if not parts:
        raise ValueError("Geometry without any ring of three points")
    return ProjectedShape("".join(parts), min(xs), min(ys), max(xs), max(ys))


class Measure:
    PLANNED = "planned"
    CONFIRMED = "confirmed"
    ACADEMIES = "academies"
    PARTICIPANTS = "participants"

    CHOICES = [
        (CONFIRMED, _("reached (final reports received)")),
        (PLANNED, _("reached (awards)")),
        (ACADEMIES, _("number of academies (awards)")),
        (PARTICIPANTS, _("participants (final reports)")),
    ]


NOT_REACHED_FILL = "#eeeeee"
NO_DATA_FILL = "#fdd9a0"
SEQUENTIAL_FILLS = ["#c6dbef", "#6baed6", "#3182bd", "#08519c"]
ACADEMY_BINS = [(1, 1), (2, 2), (3, 4), (5, None)]
PARTICIPANT_BINS = [(1, 99), (100, 249), (250, 499), (500, None)]


@dataclass(frozen=True)
class LegendEntry:
    css_class: str
    fill: str
    label: str


def _bin_label(low: int, high: int | None) -> str:
    if high is None:
        return f"≥ {format_count(low)}"
    if low == high:
        return format_count(low)
    return f"{format_count(low)}–{format_count(high)}"


def legend(measure: str) -> list[LegendEntry]:
    if measure in (Measure.PLANNED, Measure.CONFIRMED):
        return [LegendEntry("map-reached", SEQUENTIAL_FILLS[2], str(_("reached"))),
                LegendEntry("map-not-reached", NOT_REACHED_FILL, str(_("not reached")))]
    bins = ACADEMY_BINS if measure == Measure.ACADEMIES else PARTICIPANT_BINS
    entries = [LegendEntry(f"map-bin-{index}", fill, _bin_label(low, high))
               for index, ((low, high), fill) in enumerate(zip(bins, SEQUENTIAL_FILLS, strict=True), start=1)]
    entries.insert(0, LegendEntry("map-bin-0", NOT_REACHED_FILL, "0"))
    if measure != Measure.ACADEMIES:
        entries.insert(0, LegendEntry("map-no-data", NO_DATA_FILL, str(_("not reported"))))
    return entries


def classify(measure: str, value, entries: dict[str, LegendEntry] | None = None) -> LegendEntry:
    """The legend entry (class and fill) of one municipality's value for `measure`; pass `entries` (legend by
    class) when classifying many values."""
    entries = entries or {entry.css_class: entry for entry in legend(measure)}
    if measure in (Measure.PLANNED, Measure.CONFIRMED):
        return entries["map-reached" if value else "map-not-reached"]
    if value is None:
        return entries["map-no-data"]
    if value == 0:
        return entries["map-bin-0"]
    bins = ACADEMY_BINS if measure == Measure.ACADEMIES else PARTICIPANT_BINS
    for index, (low, high) in enumerate(bins, start=1):
        if value >= low and (high is None or value <= high):
            return entries[f"map-bin-{index}"]
    raise ValueError(value)


def view_box(boxes: Iterable[tuple[float, float, float, float]]) -> str:
    boxes = list(boxes)
    if not boxes:
        return "0 0 100 100"
    min_x = min(box[0] for box in boxes) - MARGIN
    min_y = min(box[1] for box in boxes) - MARGIN
    max_x = max(box[2] for box in boxes) + MARGIN
    max_y = max(box[3] for box in boxes) + MARGIN
    return f"{min_x:g} {min_y:g} {max_x - min_x:g} {max_y - min_y:g}"


@dataclass(frozen=True)
class MapShape:
    nis_code: str
    name: str
    path: str
    css_class: str
    fill: str
    label: str


@dataclass(frozen=True)
class PlacedLegendEntry:
    entry: LegendEntry
    x: float
    y: float
    text_x: float
    text_y: float


@dataclass
class Choropleth:
    title: str
    year: int
    measure: str
    shapes: list[MapShape]
    legend: list[PlacedLegendEntry]
    view_box: str
    swatch: float
    font_size: float
    stroke_width: float
    missing: list[str]

    @property
    def has_boundaries(self) -> bool:
        return bool(self.shapes)

    @property
    def svg_paths(self) -> str:
        """All shapes as SVG paths with their titles, built in Python: a template loop is too slow for thousands
        of shapes. Names, labels and paths are escaped; classes and fills are generated here."""
        return mark_safe("\n".join(
            f'<path class="map-shape {shape.css_class}" data-nis="{escape(shape.nis_code)}" fill="{shape.fill}" '
            f'd="{escape(shape.path)}"><title>{escape(shape.name)}: {escape(shape.label)}</title></path>'
            for shape in self.shapes))


def _value_and_label(measure: str, row) -> tuple[object, str]:
    if measure == Measure.PLANNED:
        return row.planned, str(_("reached") if row.planned else _("not reached"))
    if measure == Measure.CONFIRMED:
        return row.confirmed, str(_("reached") if row.confirmed else _("not reached"))
    if measure == Measure.ACADEMIES:
        return row.academies_planned, format_count(row.academies_planned)
    if row.participants is not None:
        return row.participants, format_count(row.participants)
    if row.confirmed:
        return None, str(_("not reported"))
    return 0, str(_("not reached"))


def build_choropleth(*, year: int, measure: str, title: str, province: str | None = None,
                     call_kind: str | None = None, organisation_type: str | None = None) -> Choropleth:
    """A choropleth of the municipalities of `year` (optionally one province) for `measure`, from
    `reach_by_municipality` and the stored boundaries. The selector's queries plus one."""
    reach = reach_by_municipality(year=year, province=province, call_kind=call_kind,
                                  organisation_type=organisation_type)
    stored = MunicipalityBoundary.objects.filter(
        municipality__in=municipalities_of_year(year=year, province=province)).order_by()
    boundaries = {code: (path, (min_x, min_y, max_x, max_y)) for code, path, min_x, min_y, max_x, max_y in
                  stored.values_list("municipality_id", "path", "min_x", "min_y", "max_x", "max_y")}
    shapes, missing, boxes = [], [], []
    entries_by_class = {entry.css_class: entry for entry in legend(measure)}
    for row in reach.rows:
        if row.nis_code not in boundaries:
            missing.append(row.name)
            continue
        path, box = boundaries[row.nis_code]
        boxes.append(box)
        value, label = _value_and_label(measure, row)
        entry = classify(measure, value, entries_by_class)
        shapes.append(MapShape(row.nis_code, row.name, path, entry.css_class, entry.fill, label))
    box = view_box(boxes)
    min_x, min_y, width, height = (float(part) for part in box.split())
    font_size = round(max(width, height) / 55, 1)
    swatch = font_size
    entries = legend(measure)
    legend_height = len(entries) * swatch * 1.5
    placed = []
    for index, entry in enumerate(entries):
        y = min_y + height + swatch + index * swatch * 1.5
        placed.append(PlacedLegendEntry(entry, round(min_x + swatch, 1), round(y, 1),
                                        round(min_x + swatch * 2.6, 1), round(y + swatch * 0.85, 1)))
    full_box = f"{min_x:g} {min_y:g} {width:g} {height + legend_height + swatch * 2:g}"
    return Choropleth(title=title, year=year, measure=measure, shapes=shapes, legend=placed, view_box=full_box,
                      swatch=swatch, font_size=font_size,
                      stroke_width=round(max(width, height) / 1500, 2), missing=missing)
