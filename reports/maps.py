"""Server-side SVG choropleths: projection of GeoJSON outlines at load time and classing of values at render time.

Coordinates are projected once (equirectangular, x scaled by cos of Flanders' mean latitude), so a map page only
reads stored paths. One unit is 1/1000 degree of latitude (about 111 m).
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property

from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from academies.belgian import format_count, format_date
from reports.models import MunicipalityBoundary
from reports.selectors import events_by_municipality, municipalities_of_year, reach_by_municipality, stored
from reports.selectors.base import PicklesPositionally

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
    EVENTS = "events"

    CHOICES = [
        (CONFIRMED, _("reached (final reports received)")),
        (PLANNED, _("reached (awards)")),
        (ACADEMIES, _("number of academies (awards)")),
        (PARTICIPANTS, _("participants (final reports)")),
        (EVENTS, _("UiT events per municipality")),
    ]


NOT_REACHED_FILL = "#eeeeee"
NO_DATA_FILL = "#fdd9a0"
ZERO_REPORTED_FILL = "#fff7bc"
SEQUENTIAL_FILLS = ["#c6dbef", "#6baed6", "#3182bd", "#08519c"]
ACADEMY_BINS = [(1, 1), (2, 2), (3, 4), (5, None)]
PARTICIPANT_BINS = [(1, 99), (100, 249), (250, 499), (500, None)]
EVENT_BINS = [(1, 4), (5, 9), (10, 24), (25, None)]


def _bins(measure: str) -> list[tuple[int, int | None]]:
    return {Measure.ACADEMIES: ACADEMY_BINS, Measure.EVENTS: EVENT_BINS}.get(measure, PARTICIPANT_BINS)
SOURCE = _("Source: VLAIO, STEM-academies (awards and final reports); boundaries: Statbel via provincies.incijfers.be")


@dataclass(frozen=True)
class LegendEntry:
    """One class of a map: its CSS class and fill (shared by the SVG and the PNG), its label and, once a map is
    built, how many municipalities fall in it."""

    css_class: str
    fill: str
    label: str
    count: int | None = None

    @property
    def label_with_count(self) -> str:
        return self.label if self.count is None else f"{self.label} ({format_count(self.count)})"


def _bin_label(low: int, high: int | None) -> str:
    if high is None:
        return f"≥ {format_count(low)}"
    if low == high:
        return format_count(low)
    return f"{format_count(low)}–{format_count(high)}"


def legend(measure: str) -> list[LegendEntry]:
    """The classes of `measure`, in legend order: the one definition of classes and colours for SVG and PNG."""
    if measure in (Measure.PLANNED, Measure.CONFIRMED):
        return [LegendEntry("map-reached", SEQUENTIAL_FILLS[2], str(_("reached"))),
                LegendEntry("map-not-reached", NOT_REACHED_FILL, str(_("not reached")))]
    bins = _bins(measure)
    entries = [LegendEntry(f"map-bin-{index}", fill, _bin_label(low, high))
               for index, ((low, high), fill) in enumerate(zip(bins, SEQUENTIAL_FILLS, strict=True), start=1)]
    if measure == Measure.ACADEMIES:
        return [LegendEntry("map-bin-0", NOT_REACHED_FILL, str(_("0 (not reached)"))), *entries]
    if measure == Measure.EVENTS:
        return [LegendEntry("map-bin-0", NOT_REACHED_FILL, "0"), *entries]
    return [LegendEntry("map-bin-0", NOT_REACHED_FILL, str(_("not reached"))),
            LegendEntry("map-no-data", NO_DATA_FILL, str(_("reached, not reported"))),
            LegendEntry("map-reached-zero", ZERO_REPORTED_FILL, str(_("reached, 0 reported"))),
            *entries]


def classify(measure: str, value, entries: dict[str, LegendEntry] | None = None, *,
             reached: bool = False) -> LegendEntry:
    """The legend entry (class and fill) of one municipality's value for `measure`; pass `entries` (legend by
    class) when classifying many values. For participants, `reached` tells "reached, 0 reported" from "not
    reached"; None is "reached, not reported"."""
    entries = entries or {entry.css_class: entry for entry in legend(measure)}
    if measure in (Measure.PLANNED, Measure.CONFIRMED):
        return entries["map-reached" if value else "map-not-reached"]
    if value is None:
        return entries["map-no-data"]
    if value == 0:
        return entries["map-reached-zero" if reached and measure == Measure.PARTICIPANTS else "map-bin-0"]
    bins = _bins(measure)
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
class MapShape(PicklesPositionally):
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


@dataclass(frozen=True)
class PlacedText:
    """A line of text inside the image (title, source, date), at its baseline; `size` in map units."""

    text: str
    x: float
    y: float
    size: float
    bold: bool = False


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
    texts: list[PlacedText] = field(default_factory=list)
    as_of: date | None = None

    @property
    def has_boundaries(self) -> bool:
        return bool(self.shapes)

    @property
    def box(self) -> tuple[float, float, float, float]:
        """The view box as numbers: min x, min y, width, height."""
        min_x, min_y, width, height = (float(part) for part in self.view_box.split())
        return min_x, min_y, width, height

    @property
    def description(self) -> str:
        """The text equivalent of the map (an image's alt text): its title and each class of its legend with its
        number of municipalities."""
        classes = "; ".join(placed.entry.label_with_count for placed in self.legend)
        return gettext("%(title)s. Municipalities per class: %(classes)s.") % {"title": self.title,
                                                                               "classes": classes}

    @cached_property
    def svg_paths(self) -> str:
        """All shapes as SVG paths with their titles, built in Python: a template loop is too slow for thousands
        of shapes. Names, labels and paths are escaped; classes and fills are generated here. Built once per map,
        so a stored map (`reports.selectors.stored`) keeps it."""
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


def classify_row(measure: str, row, entries: dict[str, LegendEntry] | None = None,
                 events: dict[str, tuple[int, int]] | None = None) -> tuple[LegendEntry, str]:
    """The legend entry and the hover label of one row of `reach_by_municipality` for `measure`; for
    `Measure.EVENTS`, `events` is `events_by_municipality` of the year."""
    if measure == Measure.EVENTS:
        value, labelled = (events or {}).get(row.nis_code, (0, 0))
        label = ngettext("%(events)s event, %(labelled)s with the STEM-academie label",
                         "%(events)s events, %(labelled)s with the STEM-academie label", value) % {
            "events": format_count(value), "labelled": format_count(labelled)}
        return classify(measure, value, entries), str(label)
    value, label = _value_and_label(measure, row)
    return classify(measure, value, entries, reached=row.confirmed), label


def stored_boundaries(*, year: int, province: str | None = None) -> dict[str, tuple[str, tuple]]:
    """{NIS code: (SVG path, bounding box)} of the municipalities of `year` (optionally one province). One query."""
    stored = MunicipalityBoundary.objects.filter(
        municipality__in=municipalities_of_year(year=year, province=province)).order_by()
    return {code: (path, (min_x, min_y, max_x, max_y)) for code, path, min_x, min_y, max_x, max_y in
            stored.values_list("municipality_id", "path", "min_x", "min_y", "max_x", "max_y")}


def build_choropleth(*, year: int, measure: str, title: str, province: str | None = None,
                     call_kind: str | None = None, organisation_type: str | None = None,
                     as_of: date | None = None) -> Choropleth:
    """A choropleth of the municipalities of `year` (optionally one province) for `measure`, from
    `reach_by_municipality` and the stored boundaries. The selector's queries plus one."""
    reach = reach_by_municipality(year=year, province=province, call_kind=call_kind,
                                  organisation_type=organisation_type)
    events = events_by_municipality(year=year) if measure == Measure.EVENTS else None
    return choropleth_of(reach.rows, stored_boundaries(year=year, province=province), year=year, measure=measure,
                         title=title, as_of=as_of, events=events)


def stored_choropleth(*, year: int, measure: str, title: str, as_of: date, province: str | None = None,
                      call_kind: str | None = None, organisation_type: str | None = None) -> Choropleth:
    """`build_choropleth`, stored while the year's data and the outlines are unchanged (`reports.selectors.stored`);
    `as_of` is part of what is stored, so pass the date the map must show. The map page and its SVG read the
    stored drawing instead (`reports.map_images.stored_map_drawing`); this is for the PNG."""
    return stored("choropleth", build_choropleth, years=[year], year=year, measure=measure, title=str(title),
                  as_of=as_of, province=province, call_kind=call_kind, organisation_type=organisation_type)


@dataclass(frozen=True)
class MapFigures:
    """What the map page shows around the map: its title, measure, text equivalent (legend with counts) and the
    municipalities without an outline."""

    title: str
    measure: str
    description: str
    has_boundaries: bool
    missing: list[str]


@dataclass(frozen=True)
class MapDrawing:
    """A map drawn once per data version: its figures and the SVG document, as UTF-8 bytes ready to send."""

    figures: MapFigures
    svg: bytes


def choropleth_of(rows, boundaries: dict, *, year: int, measure: str, title: str,
                  as_of: date | None = None, events: dict[str, tuple[int, int]] | None = None) -> Choropleth:
    """The choropleth of `rows` (of `reach_by_municipality`) drawn with `boundaries` (`stored_boundaries`), with
    its title, legend (counts per class), source and "stand op" date (`as_of`, today by default) placed inside the
    image. No query: several maps can share one selector call."""
    as_of = as_of or timezone.localdate()
    shapes, missing, boxes = [], [], []
    entries_by_class = {entry.css_class: entry for entry in legend(measure)}
    counts: dict[str, int] = dict.fromkeys(entries_by_class, 0)
    for row in rows:
        if row.nis_code not in boundaries:
            missing.append(row.name)
            continue
        path, box = boundaries[row.nis_code]
        boxes.append(box)
        entry, label = classify_row(measure, row, entries_by_class, events)
        counts[entry.css_class] += 1
        shapes.append(MapShape(row.nis_code, row.name, path, entry.css_class, entry.fill, label))
    min_x, min_y, width, height = (float(part) for part in view_box(boxes).split())
    font_size = round(max(width, height) / 55, 1)
    swatch = font_size
    line = swatch * 1.5
    header = line * 2
    entries = [replace(entry, count=counts[entry.css_class]) for entry in legend(measure)]
    placed = []
    for index, entry in enumerate(entries):
        y = min_y + height + swatch + index * line
        placed.append(PlacedLegendEntry(entry, round(min_x + swatch, 1), round(y, 1),
                                        round(min_x + swatch * 2.6, 1), round(y + swatch * 0.85, 1)))
    footer_y = min_y + height + swatch + len(entries) * line + line
    texts = [
        PlacedText(title, round(min_x + swatch, 1), round(min_y - header + line, 1), round(font_size * 1.3, 1),
                   bold=True),
        PlacedText(str(SOURCE), round(min_x + swatch, 1), round(footer_y, 1), round(font_size * 0.8, 1)),
        PlacedText(str(_("Status on %(date)s")) % {"date": format_date(as_of)}, round(min_x + swatch, 1),
                   round(footer_y + line * 0.8, 1), round(font_size * 0.8, 1)),
    ]
    total_height = header + height + swatch + len(entries) * line + line * 2.2
    full_box = f"{min_x:g} {round(min_y - header, 1):g} {width:g} {round(total_height, 1):g}"
    return Choropleth(title=title, year=year, measure=measure, shapes=shapes, legend=placed, view_box=full_box,
                      swatch=swatch, font_size=font_size,
                      stroke_width=round(max(width, height) / 1500, 2), missing=missing, texts=texts, as_of=as_of)
