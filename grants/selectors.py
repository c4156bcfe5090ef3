"""Reads for the grants pages (not report figures: those are in `reports.selectors`)."""

from dataclasses import dataclass

from academies.models import Municipality


@dataclass(frozen=True)
class FundingComparison:
    """A final report's municipalities against its award's: `reached` (funded and reported), `not_funded`
    (reported but not funded by the award) and `not_reached` (funded but on no line of the report)."""

    reached: list[Municipality]
    not_funded: list[Municipality]
    not_reached: list[Municipality]

    @property
    def matches(self) -> bool:
        return not self.not_funded and not self.not_reached


def funded_vs_reported(*, report) -> FundingComparison:
    """Two queries: the award's funded municipalities and the report lines' municipalities."""
    funded = {municipality.pk: municipality for municipality in report.award.funded_municipalities.all()}
    reported = {line.municipality_id: line.municipality for line in report.lines.select_related("municipality")}

    def by_name(municipalities):
        return sorted(municipalities, key=lambda municipality: (municipality.name_nl, municipality.pk))

    return FundingComparison(
        reached=by_name(funded[code] for code in funded.keys() & reported.keys()),
        not_funded=by_name(reported[code] for code in reported.keys() - funded.keys()),
        not_reached=by_name(funded[code] for code in funded.keys() - reported.keys()),
    )
