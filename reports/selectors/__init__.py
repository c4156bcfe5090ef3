"""Every figure of the report pages, exports, maps, charts, documents and the API comes from one function here,
importable from `reports.selectors` and from nowhere else.

Definitions (docs/figures.md says each figure's definition and coverage in full):
- a year's awards and reports are those of calls of that `year`;
- planned reach = municipalities funded by awards; confirmed reach = municipalities on the lines of received
  (submitted or accepted) final reports;
- participant totals are lower bounds ("at least"): NULL counts are not reported, never 0;
- counts given only as report totals (`unattributed_*`) count in totals and in their own row, never per municipality.

Three layers, one way:
- `base`, `events`, `payments`: building blocks and figures that are always computed live;
- `live`: the figures that are stored, computed live (`live_reach_by_province`, `live_reach_by_municipality`,
  `live_participation`, `live_money`, `live_trend`), the reference definitions;
- `figures`: the one place that applies the stored layer (`stored`) to them. `reach_by_province`,
  `reach_by_municipality`, `participation`, `money`, `trend` and `years_with_data` exported here are those stored
  figures, read back while their years' data is unchanged.

The stored layer's own tools for figures derived elsewhere (maps, the answer's maps, ETags) are exported here too
(`stored`, `stored_figure`, `versions_tag`); an import-linter contract keeps every other module out of
`reports.selectors.storage`, `.figures` and `.live`.

Each selector runs a fixed number of queries whatever the size of the data.
"""

from reports.selectors.base import (
    CENT,
    AwardMunicipality,
    MunicipalityRef,
    PooledSplit,
    add_counts,
    awards_of,
    cents,
    confirmed_municipality_codes,
    current_year,
    funded_pairs_of,
    municipalities_of,
    municipalities_of_year,
    municipality_mapper,
    planned_municipality_codes,
    programme_start_year,
    received_lines_of,
    received_reports_of,
    share,
)
from reports.selectors.events import EventDashboard, EventGroup, event_dashboard
from reports.selectors.figures import (
    money,
    participation,
    reach_by_municipality,
    reach_by_province,
    trend,
    years_with_data,
)
from reports.selectors.live.money import CallMoney, YearMoney, money_by_kind
from reports.selectors.live.municipalities import Counts, MunicipalityReach, ReachByMunicipality
from reports.selectors.live.participation import Participation, ParticipationReport
from reports.selectors.live.reach import ProvinceReach, ReachByProvince, has_split
from reports.selectors.live.trend import (
    TrendYear,
    award_years,
    count_pairs_per_year,
    data_years,
    event_counts_by_year,
    events_by_municipality,
    report_years,
    trend_last_year,
)
from reports.selectors.storage import EVERY_YEAR, stored, stored_figure, versions_tag

__all__ = [
    "EVERY_YEAR",
    "AwardMunicipality",
    "CENT",
    "CallMoney",
    "Counts",
    "EventDashboard",
    "EventGroup",
    "MunicipalityReach",
    "MunicipalityRef",
    "Participation",
    "ParticipationReport",
    "PooledSplit",
    "ProvinceReach",
    "ReachByMunicipality",
    "ReachByProvince",
    "TrendYear",
    "YearMoney",
    "add_counts",
    "award_years",
    "awards_of",
    "cents",
    "confirmed_municipality_codes",
    "count_pairs_per_year",
    "current_year",
    "data_years",
    "event_counts_by_year",
    "event_dashboard",
    "events_by_municipality",
    "funded_pairs_of",
    "has_split",
    "money",
    "money_by_kind",
    "municipalities_of",
    "municipalities_of_year",
    "municipality_mapper",
    "participation",
    "planned_municipality_codes",
    "programme_start_year",
    "reach_by_municipality",
    "reach_by_province",
    "received_lines_of",
    "received_reports_of",
    "report_years",
    "share",
    "stored",
    "stored_figure",
    "trend",
    "trend_last_year",
    "versions_tag",
    "years_with_data",
]
