"""Which years the report pages offer and open on. Kept apart from `reports.selectors` (the figures)."""

from grants.models import Award
from reports.selectors.stored import EVERY_YEAR, stored


def award_years() -> set[int]:
    """Computed live: the call years of every award. One query."""
    return set(Award.objects.order_by().values_list("application__call__year", flat=True).distinct())


def years_with_data() -> set[int]:
    """Call years with at least one award: the years for which a report has figures. Stored while no year's data
    changes (`reports.selectors.stored`)."""
    return stored("years_with_data", award_years, years=EVERY_YEAR)


def latest_year_with_data() -> int | None:
    """The newest call year with at least one award, or None when nothing has been awarded yet."""
    return max(years_with_data(), default=None)
