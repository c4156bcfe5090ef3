"""The answer's maps (annexes 2-7) and their text equivalents, stored apart from the answer: the page links each map
as an image and reads only its title and legend."""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from reports import selectors
from reports.documents.model import MapAnnex, ordered_provinces, province_order
from reports.map_images import choropleth_svg
from reports.maps import Measure, choropleth_of, stored_boundaries
from reports.selectors import stored


@dataclass
class AnswerMapFigure:
    """A map of `answer_maps` as the answer page shows it: its annex number and title, and a text that says what
    the map shows (its legend with the number of municipalities in each class), for the image's alt text."""

    number: int
    title: str
    description: str
    has_boundaries: bool


def answer_map_figures(*, year: int, as_of: date) -> list[AnswerMapFigure]:
    """The six maps of `answer_maps` without their shapes, stored apart: the answer page reads a few strings and
    links each map as an image (`answer_map_svg`)."""
    return stored("answer_map_figures", _answer_map_figures, years=[year], year=year, as_of=as_of)


def _answer_map_figures(*, year: int, as_of: date) -> list[AnswerMapFigure]:
    return [AnswerMapFigure(annex.number, annex.title, map_description(annex.choropleth),
                            annex.choropleth.has_boundaries)
            for annex in answer_maps(year=year, as_of=as_of)]


def map_description(choropleth) -> str:
    """The text equivalent of a map (`Choropleth.description`)."""
    return choropleth.description


def answer_map_svg(*, year: int, number: int, as_of: date) -> str | None:
    """Annex `number` of `answer_maps` drawn as an SVG document (`choropleth_svg`), stored apart; None for a
    number that is not one of the maps."""
    return stored("answer_map_svg", _answer_map_svg, years=[year], year=year, number=number, as_of=as_of)


def _answer_map_svg(*, year: int, number: int, as_of: date) -> str | None:
    annex = next((annex for annex in answer_maps(year=year, as_of=as_of) if annex.number == number), None)
    return None if annex is None else str(choropleth_svg(annex.choropleth))


def answer_maps(*, year: int, as_of: date) -> list[MapAnnex]:
    """Annexes 2-7: the maps of reach (final reports) of Flanders and of each province in the order of
    `province_order` (the published answer's), stored while the year's data and the outlines are unchanged."""
    return stored("answer_maps", _answer_maps, years=[year], year=year, as_of=as_of, order=province_order())


def _answer_maps(*, year: int, as_of: date, order: list[str]) -> list[MapAnnex]:
    """One selector call and one boundary query for the six maps."""
    from academies.models import Province

    measure = dict(Measure.CHOICES)[Measure.CONFIRMED]
    rows = list(selectors.reach_by_municipality(year=year).rows)  # built once for the six maps
    boundaries = stored_boundaries(year=year)
    provinces = ordered_provinces(list(Province.objects.values_list("nis_code", "name_nl")), code=lambda row: row[0])
    areas = [(None, _("Flanders")), *provinces]
    return [MapAnnex(number, area, choropleth_of(
        [row for row in rows if code is None or row.province_code == code], boundaries, year=year,
        measure=Measure.CONFIRMED, as_of=as_of,
        title=_("%(area)s %(year)s: %(measure)s") % {"area": area, "year": year, "measure": measure}))
        for number, (code, area) in enumerate(areas, start=2)]
