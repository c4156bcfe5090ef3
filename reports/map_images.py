"""A built choropleth as an SVG document or a PNG image: both drawn from the same shapes, classes, colours, legend
and texts (`reports.maps`), the PNG with Pillow, without a browser."""

import io
import re
from datetime import date
from functools import cache, lru_cache
from pathlib import Path

from django.template.loader import render_to_string
from PIL import Image, ImageDraw, ImageFont

from academies.text import printable, printable_line
from reports.maps import Choropleth, MapDrawing, MapFigures, Measure, build_choropleth, legend
from reports.selectors import stored

PNG_WIDTH = 1200
SUPERSAMPLE = 1
FONT_FILES = {
    False: ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "DejaVuSans.ttf"),
    True: ("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", "DejaVuSans-Bold.ttf"),
}
NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def choropleth_svg(choropleth: Choropleth) -> str:
    """The SVG document, without the characters XML cannot hold or that turn text around (`academies.text`),
    whatever the stored names hold."""
    return printable(render_to_string("reports/map.svg", {"map": choropleth}))


def stored_map_drawing(*, year: int, measure: str, title: str, as_of: date, province: str | None = None,
                       call_kind: str | None = None, organisation_type: str | None = None) -> MapDrawing:
    """The map of `build_choropleth` drawn as an SVG document once per data version: stored while the year's data
    and the outlines are unchanged (`reports.selectors.stored`), so a map page reads one stored drawing instead of
    building thousands of paths."""
    return stored("map_drawing", _map_drawing, years=[year], year=year, measure=measure, title=str(title),
                  as_of=as_of, province=province, call_kind=call_kind, organisation_type=organisation_type)


def _map_drawing(**arguments) -> MapDrawing:
    choropleth = build_choropleth(**arguments)
    figures = MapFigures(title=choropleth.title, measure=choropleth.measure, description=choropleth.description,
                         has_boundaries=choropleth.has_boundaries, missing=choropleth.missing)
    return MapDrawing(figures=figures, svg=choropleth_svg(choropleth).encode())


def stored_map_figures(*, year: int, **arguments) -> MapFigures:
    """The figures of `stored_map_drawing` (same arguments), stored apart: the map page reads a few strings and
    links the drawing as an image."""
    return stored("map_figures", _map_figures, years=[year], year=year, **arguments)


def _map_figures(**arguments) -> MapFigures:
    return stored_map_drawing(**arguments).figures


@cache
def _font(size: int, bold: bool) -> ImageFont.FreeTypeFont:
    for candidate in FONT_FILES[bold]:
        if Path(candidate).exists() or not candidate.startswith("/"):
            try:
                return ImageFont.truetype(candidate, size)
            except OSError:
                continue
    return ImageFont.load_default(size)


@lru_cache(maxsize=4096)
def _rings(path: str) -> tuple[tuple[tuple[float, float], ...], ...]:
    """The rings of a path written by `reports.maps.project_geometry` (M x y L x y ... Z per ring)."""
    rings = []
    for part in path.split("M")[1:]:
        numbers = [float(number) for number in NUMBER.findall(part)]
        rings.append(tuple(zip(numbers[0::2], numbers[1::2], strict=False)))
    return tuple(rings)


@cache
def _palette() -> Image.Image:
    """The legend fills of every measure exactly, white, the swatch outline and greys for antialiased text: a
    palette PNG is several times faster to write than RGB and keeps every class colour exact."""
    colours = {"#ffffff", "#6c757d", "#212529"}
    for measure, _label in Measure.CHOICES:
        colours.update(entry.fill for entry in legend(measure))
    rgb = [_hex(colour) for colour in sorted(colours)]
    rgb += [(level, level, level) for level in range(0x21, 0xff, 12)]
    palette = Image.new("P", (1, 1))
    palette.putpalette([channel for colour in rgb[:256] for channel in colour])
    return palette


def _hex(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)


def choropleth_png(choropleth: Choropleth, *, width: int = PNG_WIDTH) -> bytes:
    """The map as a PNG `width` pixels wide. Shapes are drawn largest first, so a municipality enclosed by another
    (a hole in its outline) is painted over it."""
    min_x, min_y, box_width, box_height = choropleth.box
    scale = width / box_width
    height = max(1, round(box_height * scale))
    fine = scale * SUPERSAMPLE
    canvas = Image.new("RGB", (width * SUPERSAMPLE, height * SUPERSAMPLE), "white")
    draw = ImageDraw.Draw(canvas)
    outline = max(1, round(choropleth.stroke_width * fine))

    def point(x: float, y: float, factor: float) -> tuple[float, float]:
        return (x - min_x) * factor, (y - min_y) * factor

    shapes = [(_rings(shape.path), shape.fill) for shape in choropleth.shapes]
    shapes.sort(key=lambda item: -max(_area(ring) for ring in item[0]) if item[0] else 0)
    for rings, fill in shapes:
        for ring in rings:
            points = [point(x, y, fine) for x, y in ring]
            draw.polygon(points, fill=_hex(fill))
            draw.line([*points, points[0]], fill="white", width=outline)
    image = canvas if SUPERSAMPLE == 1 else canvas.resize((width, height), Image.Resampling.LANCZOS)
    draw = ImageDraw.Draw(image)
    swatch = choropleth.swatch * scale
    text_size = max(8, round(choropleth.font_size * scale))
    for placed in choropleth.legend:
        left, top = point(placed.x, placed.y, scale)
        draw.rectangle([left, top, left + swatch, top + swatch], fill=_hex(placed.entry.fill), outline="#6c757d")
        draw.text(point(placed.text_x, placed.text_y, scale), placed.entry.label_with_count, fill="#212529",
                  font=_font(text_size, False), anchor="ls")
    for text in choropleth.texts:
        draw.text(point(text.x, text.y, scale), printable_line(text.text), fill="#212529",
                  font=_font(max(8, round(text.size * scale)), text.bold), anchor="ls")
    buffer = io.BytesIO()
    image.quantize(palette=_palette(), dither=Image.Dither.NONE).save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()


def _area(ring) -> float:
    xs = [x for x, _y in ring]
    ys = [y for _x, y in ring]
    return (max(xs) - min(xs)) * (max(ys) - min(ys)) if ring else 0.0
