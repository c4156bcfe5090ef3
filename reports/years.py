"""Which years the report pages offer and open on. Kept apart from `reports.selectors` (the figures)."""

from grants.models import Award


def years_with_data() -> set[int]:
    """Call years with at least one award: the years for which a report has figures. One query."""
    return set(Award.objects.order_by().values_list("application__call__year", flat=True).distinct())


def latest_year_with_data() -> int | None:
    """The newest call year with at least one award, or None when nothing has been awarded yet."""
    return max(years_with_data(), default=None)
