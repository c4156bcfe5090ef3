"""Dates as Dutch-speaking people write them: `4 mei 2022`, `4 mrt. 2022`, `04-mei-22`, `dinsdag 4 mei 2022`, and
two-digit years (`04/05/22`, read as 2022: the application's years are 2000-2100)."""

import re
import unicodedata

MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "febr": 2, "maart": 3, "mrt": 3, "maa": 3, "april": 4,
    "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augustus": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
_WEEKDAY = r"(?:(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|ma|di|wo|do|vr|za|zo)\.?,?\s+)?"
_WRITTEN = re.compile(rf"^{_WEEKDAY}(\d{{1,2}})[\s./-]*([a-z]+)\.?[\s./-]*(\d{{4}}|\d{{2}})$")
_NUMERIC = re.compile(r"^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})$")


def full_year(written: str) -> int:
    return 2000 + int(written) if len(written) == 2 else int(written)


def day_month_year(raw: str) -> tuple[int, int, int] | None:
    """(day, month, year) of a day-first date with a Dutch month name or a numeric month and a two- or four-digit
    year; None when `raw` is not such a date (the caller reports it)."""
    text = unicodedata.normalize("NFKC", raw).strip().casefold()
    numeric = _NUMERIC.match(text)
    if numeric:
        return int(numeric.group(1)), int(numeric.group(3)), full_year(numeric.group(4))
    written = _WRITTEN.match(text)
    if written and written.group(2) in MONTHS:
        return int(written.group(1)), MONTHS[written.group(2)], full_year(written.group(3))
    return None
