"""The benchmark's floors: for every report page, hand-written SQL (PostgreSQL) computing the figures the page
shows, and the same figures read from the page's own rendering context, so `bench_reports` can time the floor and
check that it agrees with the page.

A floor is a list of statements with the fewest joins that give the figures; it is the live computation done by
hand, not an upper bound of what stored figures could reach. Figures are normalised to plain tuples: counts, money
in cents, shares rounded to 8 places. Only the unfiltered pages (no call kind or organisation type) have floors;
that is what the benchmark requests.
"""

from dataclasses import dataclass

from bench.floors.floors import (
    map_floor,
    money_floor,
    municipality_floor,
    participation_floor,
    province_floor,
    trend_floor,
)
from bench.floors.pages import (
    map_figures,
    money_figures,
    municipality_figures,
    participation_figures,
    province_figures,
    trend_figures,
)


@dataclass
class Floor:
    """A page's floor: `compute()` runs the hand-written SQL and returns the figures; `figures(context)` reads
    the same figures from the page's rendering context."""

    compute: object
    figures: object


def answer_reach_figures(reach: dict) -> dict:
    """The answer's reach figures from a province floor ({province code or "total": figures tuple})."""
    figures = {"municipalities_planned": reach["total"][1], "municipalities_confirmed": reach["total"][2]}
    figures.update({f"province_{code}_confirmed": values[2] for code, values in reach.items()
                    if code not in ("total", "unattributed")})
    return figures


def answer_reach_keys(shown: dict) -> list[str]:
    return [key for key in shown if key.startswith("municipalities_") or
            (key.startswith("province_") and key.endswith("_confirmed"))]


def floor_for(page: str, params: dict, basis_year: int | None) -> Floor:
    """The floor of a page of `bench_reports.PAGES`, for the selector keyword arguments the page used."""
    unfiltered = not params.get("call_kind") and not params.get("organisation_type")
    assert unfiltered, "floors exist for the unfiltered pages"
    year = params.get("year")
    if page == "answer-sheet":
        def compute():
            return answer_reach_figures(province_floor(year=year))

        def figures(context):
            """The reach figures of the `AnswerContent` the page renders."""
            shown = {figure.key: figure.value for figure in context["answer"].figures}
            return {key: shown[key] for key in answer_reach_keys(shown)}

        return Floor(compute, figures)
    if page == "reach-by-province":
        assert basis_year is None
        return Floor(lambda: province_floor(year=year), lambda context: province_figures(context["reach"]))
    if page.startswith("reach-by-municipality"):
        assert basis_year is None
        return Floor(lambda: municipality_floor(year=year, province=params.get("province")),
                     lambda context: municipality_figures(context["reach"]))
    if page == "participation":
        return Floor(lambda: participation_floor(year=year),
                     lambda context: participation_figures(context["participation"], context["request"].LANGUAGE_CODE))
    if page == "money":
        return Floor(lambda: money_floor(year=year), lambda context: money_figures(context["money_years"]))
    if page.startswith("trend"):
        return Floor(lambda: trend_floor(basis_year=basis_year), lambda context: trend_figures(context["trend"]))
    if page.startswith("map"):
        return Floor(lambda: map_floor(year=year, measure=params["measure"], province=params.get("province")),
                     lambda context: map_figures(context["view"].map_arguments()))
    raise KeyError(page)


def differences(floor: dict, page: dict, prefix: str = "") -> list[str]:
    """Every key where the floor's figures and the page's differ, as readable lines."""
    found = []
    for key in sorted(set(floor) | set(page), key=str):
        left, right = floor.get(key), page.get(key)
        if isinstance(left, dict) and isinstance(right, dict):
            found.extend(differences(left, right, f"{prefix}{key}/"))
        elif left != right:
            found.append(f"{prefix}{key}: floor {left!r} != page {right!r}")
    return found
