"""Which years the report pages offer and open on, and which years an answer can be asked for. Kept apart from
`reports.selectors` (the figures): the years with data are a stored figure of theirs."""

from django.conf import settings
from django.utils import timezone

from grants.models import Call
from reports.selectors import award_years, years_with_data

__all__ = ["award_years", "is_programme_year", "latest_year_with_data", "years_with_data"]


def latest_year_with_data() -> int | None:
    """The newest call year with at least one award, or None when nothing has been awarded yet."""
    return max(years_with_data(), default=None)


def is_programme_year(year: int) -> bool:
    """Whether the answer for `year` can be asked for, shown and frozen: from the first year of the programme
    (settings.PROGRAMME_START_YEAR) to next year, or further to the year of the newest call when one was opened
    further ahead. No query up to next year; one beyond it."""
    if year < settings.PROGRAMME_START_YEAR:
        return False
    if year <= timezone.localdate().year + 1:
        return True
    return Call.objects.filter(year__gte=year).exists()
