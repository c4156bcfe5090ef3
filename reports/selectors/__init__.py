"""Every figure of the report pages, exports, maps, charts, documents and the API comes from one function here,
in one module per family of figures (base: building blocks; reach; participation; money; trend), all importable
from `reports.selectors`.

Definitions (docs/figures.md says each figure's definition and coverage in full):
- a year's awards and reports are those of calls of that `year`;
- planned reach = municipalities funded by awards; confirmed reach = municipalities on the lines of received
  (submitted or accepted) final reports;
- participant totals are lower bounds ("at least"): NULL counts are not reported, never 0;
- counts given only as report totals (`unattributed_*`) count in totals and in their own row, never per municipality.

The figures of `reach_by_province`, `reach_by_municipality`, `participation`, `money` and `trend` exported here are
stored per year and read back while the year's data is unchanged (`year_figures`, `stored`); the live functions of
the same names in `reach`, `participation`, `money` and `trend` compute them and stay the reference.

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
from reports.selectors.money import (
    CallMoney,
    YearMoney,
    money_by_kind,
)
from reports.selectors.participation import (
    Participation,
    ParticipationReport,
)
from reports.selectors.reach import (
    Counts,
    MunicipalityReach,
    ProvinceReach,
    ReachByMunicipality,
    ReachByProvince,
    has_split,
)
from reports.selectors.trend import (
    TrendYear,
    count_pairs_per_year,
    data_years,
    event_counts_by_year,
    events_by_municipality,
    report_years,
    trend_last_year,
)
from reports.selectors.year_figures import (
    money,
    participation,
    reach_by_municipality,
    reach_by_province,
    trend,
)

__all__ = [
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
    "trend",
    "trend_last_year",
]
