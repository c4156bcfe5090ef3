"""The answer's maps and charts drawn once per data version. Each image of an annex is stored
(`reports.selectors.stored`) under the year's data version, the annex number, the content's date and language, so
the Word and PDF answers, the annex ZIP and a frozen answer draw each map and chart once, not once per document and
request. The annexes' maps are `answer_maps(year, as_of)` and their charts the year's event dashboard (content.py),
both read from the year's data only."""

from django.utils import translation

from reports.documents.images import chart_png, chart_svg
from reports.documents.model import AnswerContent
from reports.map_images import choropleth_png, choropleth_svg
from reports.selectors import stored


def _drawings(content: AnswerContent, image_format: str) -> dict:
    """{(annex number, "map" or "charts"): drawing(s)} of every annex in `image_format` ("svg" or "png"), stored
    as one entry per format: a document reads its images in one stored read."""
    draw_map, draw_chart = {"svg": (lambda choropleth: str(choropleth_svg(choropleth)), chart_svg),
                            "png": (choropleth_png, chart_png)}[image_format]

    def draw(**_arguments) -> dict:
        drawn = {}
        for annex in content.annexes:
            if annex.choropleth is not None:
                drawn[annex.number, "map"] = draw_map(annex.choropleth)
            if annex.charts:
                drawn[annex.number, "charts"] = [draw_chart(chart) for chart in annex.charts]
        return drawn

    with translation.override(content.language):
        return stored("answer_drawings", draw, years=[content.year], year=content.year, image_format=image_format,
                      as_of=content.as_of)


def svgs(content: AnswerContent) -> dict:
    """The annexes' maps and charts as SVG documents: {(number, "map"): svg, (number, "charts"): [svg, ...]}."""
    return _drawings(content, "svg")


def pngs(content: AnswerContent) -> dict:
    """The annexes' maps and charts as PNG images, keyed as `svgs`."""
    return _drawings(content, "png")
