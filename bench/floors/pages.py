"""The same figures as the floors, read from a page's own rendering context."""

import re

from django.utils import translation

from academies.models import OrganisationType
from bench.floors.floors import money, rounded

# --- the same figures read from a page ---------------------------------------------------------------------------


def province_figures(reach) -> dict:
    def figures(p) -> tuple:
        return (p.municipality_count, p.planned_count, p.confirmed_count, p.participants, p.boys, p.girls, p.other,
                p.reports_expected, p.reports_received, p.reports_with_participants, p.reports_with_split)

    result = {p.province_code: figures(p) for p in reach.provinces}
    result["unattributed"] = figures(reach.unattributed)
    result["total"] = figures(reach.total)
    return result


def municipality_figures(reach) -> dict:
    figures = {row.nis_code: (row.awards, row.academies_planned, row.reports_received, money(row.amount_share),
                              row.academies_confirmed, row.participants, row.boys, row.girls, row.other)
               for row in reach.rows}
    assert all(row.reports_expected == row.awards for row in reach.rows)
    if reach.unattributed is not None:
        u = reach.unattributed
        figures["unattributed"] = (u.participants, u.boys, u.girls, u.other)
    return figures


def participation_figures(report, language: str) -> dict:
    """Keyed by organisation type: the page's groups carry the type's label in the page's language."""
    with translation.override(language):
        kinds = {str(label): kind for kind, label in OrganisationType.choices}

    def figures(p) -> tuple:
        return (p.reports_expected, p.reports_received, p.reports_with_participants, p.participants_attributed,
                p.participants_unattributed, p.reports_with_split, p.boys, p.girls, p.other, p.academies_with_split,
                rounded(p.mean_boys_share), rounded(p.mean_girls_share), rounded(p.mean_other_share))

    result = {kinds.get(p.label, p.label): figures(p) for p in report.by_organisation_type}
    result["total"] = figures(report.total)
    return result


def money_figures(years) -> dict:
    figures = {}
    for entry in years:
        figures.update({(call.year, call.code): (call.award_count, call.academy_count, call.awarded, call.budget)
                        for call in entry.calls})
        if entry.reserved is not None:
            figures[("reserved", entry.year)] = entry.reserved
    return figures


def trend_figures(trend) -> dict:
    return {row.year: (row.municipalities_planned, row.municipalities_confirmed, row.academies_recognised,
                       row.academies_funded, row.awards, row.amount_awarded, row.reports_received,
                       row.reports_with_participants, row.participants_attributed, row.participants_unattributed,
                       row.events, row.events_labelled) for row in trend}


MAP_SHAPE = re.compile(rb'<path class="map-shape ([^"]+)" data-nis="([^"]+)"')


def map_figures(arguments: dict) -> dict:
    """The class of every municipality drawn in the map's stored SVG document (the map page's image, for the
    page's map arguments)."""
    from reports.map_images import stored_map_drawing

    svg = stored_map_drawing(**arguments).svg
    return {nis_code.decode(): css_class.decode() for css_class, nis_code in MAP_SHAPE.findall(svg)}
