"""Belgian numbers, amounts and dates, both ways: the one home of their formatting and rounding. Numbers follow the
active language (37.376; € 464.500,00), dates are 04/05/2022 and 04/05/2022 09:30 (Brussels time) in every language.
Parsing, for the portal forms and the importer alike: amounts as 464500.00, 464.500,00, € 464.500,00 or 12.500
(a dot followed by exactly three digits is a thousands separator); dates as 2022-05-04 or 04/05/2022; counts as
1234 or 1.234. Each parser raises FieldError with a Dutch (translated) message."""

import datetime
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from academies.dutch_dates import day_month_year

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
"""Text starting with one of these is run as a formula by a spreadsheet; exports put an apostrophe before it."""
MAX_COUNT = 2_147_483_647
MAX_SMALL = 32_767
MONEY_LIMIT = Decimal("10000000000")  # max_digits=12, decimal_places=2
FLOAT_NOISE = Decimal("0.00001")  # a thousandth of a cent: what a formula's binary arithmetic leaves behind
_ZERO_DASHES = {"-", "\u2013", "\u2014"}

_THOUSANDS_INT = re.compile(r"^\d{1,3}([. \u00a0\u202f]\d{3})+$")
_THOUSANDS_DOTS = re.compile(r"^-?[1-9]\d{0,2}(\.\d{3})+$")
NBSP = "\u00a0"


class FieldError(ValueError):
    """Raised by a parser; a form turns it into a ValidationError, the importer adds row and column."""


def neutralise_formula(value):
    """Text that a spreadsheet would run as a formula gets a leading apostrophe; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")
_DATE_AND_TIME = re.compile(r"^(.+?)\s+(\d{1,2}:\d{2}\S*)$")


def text(value) -> str:
    """The cell as text; undoes the apostrophe our exports put before formula-like text ('=…, '+32…)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    result = str(value).strip()
    if len(result) > 1 and result[0] == "'" and result[1] in FORMULA_PREFIXES:
        result = result[1:]
    return result


def is_empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_count(value, *, maximum: int = MAX_COUNT) -> int | None:
    """A non-negative whole number, or None for an empty cell (= not reported, never 0)."""
    if is_empty(value):
        return None
    if isinstance(value, bool):
        raise FieldError(_("'%(value)s' is not a whole number") % {"value": value})
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise FieldError(_("'%(value)s' is not a whole number") % {"value": value})
        number = int(value)
    else:
        raw = str(value).strip()
        if raw.isascii() and raw.isdigit():
            number = int(raw)
        elif _THOUSANDS_INT.match(raw):
            number = int(re.sub(r"\D", "", raw))
        elif raw.startswith("-") and raw[1:].isascii() and raw[1:].isdigit():
            raise FieldError(_("'%(value)s' is negative; a count cannot be negative") % {"value": raw})
        else:
            raise FieldError(_("'%(value)s' is not a whole number") % {"value": raw})
    if number < 0:
        raise FieldError(_("'%(value)s' is negative; a count cannot be negative") % {"value": value})
    if number > maximum:
        raise FieldError(_("'%(value)s' is too large (at most %(maximum)s)") % {"value": value, "maximum": maximum})
    return number


def parse_decimal(value, *, places: int = 2, limit: Decimal = MONEY_LIMIT) -> Decimal | None:
    """An amount: 464500.00, 464500, 464.500,00, 464 500,00, € 464.500,00 or EUR 464.500,00. Empty -> None.

    With both separators the last one is the decimal separator; a lone comma is a decimal comma. Dots alone are
    thousands separators when each is followed by exactly three digits (12.500, 1.234.567: an amount never has
    three decimals), otherwise a single dot is a decimal point (12.50); dots in other places are refused."""
    if is_empty(value):
        return None
    if isinstance(value, bool):
        raise FieldError(_("'%(value)s' is not an amount") % {"value": value})
    if isinstance(value, (int, Decimal)):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
        nearest = round_half_up(number, places) if number.is_finite() else number
        if number.is_finite() and abs(number - nearest) <= FLOAT_NOISE:
            number = nearest  # 21595.000000000004 from a formula is 21595.00
    else:
        raw = str(value).strip()
        cleaned = _SPACES.sub("", raw.replace("€", "").replace("EUR", "").replace("eur", ""))
        if cleaned in _ZERO_DASHES and cleaned != raw:
            cleaned = "0"  # "€ -": zero in the accounting format
        if cleaned.count(",") and cleaned.count("."):
            if cleaned.rfind(",") > cleaned.rfind("."):
                cleaned = cleaned.replace(".", "").replace(",", ".")
            else:
                cleaned = cleaned.replace(",", "")
        elif cleaned.count(",") == 1:
            cleaned = cleaned.replace(",", ".")
        elif _THOUSANDS_DOTS.match(cleaned):
            cleaned = cleaned.replace(".", "")
        if not re.fullmatch(r"-?\d+(\.\d+)?", cleaned):
            raise FieldError(_("'%(value)s' is not an amount") % {"value": raw})
        try:
            number = Decimal(cleaned)
        except InvalidOperation as error:
            raise FieldError(_("'%(value)s' is not an amount") % {"value": raw}) from error
    if not number.is_finite():
        raise FieldError(_("'%(value)s' is not an amount") % {"value": value})
    if number < 0:
        raise FieldError(_("'%(value)s' is negative; an amount cannot be negative") % {"value": value})
    if number >= limit:
        raise FieldError(_("'%(value)s' is too large") % {"value": value})
    rounded = round_half_up(number, places)
    if rounded != number:
        raise FieldError(_("'%(value)s' has more than %(places)s decimals") % {"value": value, "places": places})
    return rounded


def parse_date(value) -> datetime.date | None:
    """2022-05-04, 04/05/2022, 4-5-2022, 04.05.2022 (day first), 04/05/22 (20yy), 4 mei 2022, or a date cell from
    Excel/LibreOffice."""
    if is_empty(value):
        return None
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.date()
    if isinstance(value, datetime.date):
        return value
    raw = str(value).strip()
    date_part = raw[:10] if raw[10:11] in ("", "T", " ") else raw
    iso = _ISO_DATE.match(date_part)
    belgian = None if iso else day_month_year(raw)
    if iso:
        year, month, day = (int(part) for part in iso.groups())
    elif belgian:
        day, month, year = belgian
    else:
        raise FieldError(_("'%(value)s' is not a date (use 2022-05-04 or 04/05/2022)") % {"value": raw})
    try:
        return datetime.date(year, month, day)
    except ValueError as error:
        raise FieldError(_("'%(value)s' is not a date (use 2022-05-04 or 04/05/2022)") % {"value": raw}) from error


def parse_datetime(value) -> datetime.datetime | None:
    """A date with an optional time (04/05/2022 09:30, 2022-05-04T09:30); local (Brussels) time when naive."""
    if is_empty(value):
        return None
    if isinstance(value, datetime.datetime):
        moment = value
    elif isinstance(value, datetime.date):
        moment = datetime.datetime(value.year, value.month, value.day)
    else:
        raw = str(value).strip()
        if _ISO_DATE.match(raw[:10]) and raw[10:11] == "T":
            raw = raw[:10] + " " + raw[11:]
        timed = _DATE_AND_TIME.match(raw)
        date_part, time_part = timed.groups() if timed else (raw, "")
        day = parse_date(date_part)
        hour = minute = second = 0
        if time_part:
            time_part = time_part.strip()
            for suffix in ("+01:00", "+02:00", "Z"):
                if time_part.endswith(suffix):
                    raise FieldError(_("'%(value)s': give the time without a time zone (Brussels time)")
                                     % {"value": raw})
            match = _TIME.match(time_part)
            if not match:
                raise FieldError(_("'%(value)s' is not a date and time (use 04/05/2022 09:30)") % {"value": raw})
            hour, minute = int(match.group(1)), int(match.group(2))
            second = int(match.group(3) or 0)
            if hour > 23 or minute > 59 or second > 59:
                raise FieldError(_("'%(value)s' is not a date and time (use 04/05/2022 09:30)") % {"value": raw})
        moment = datetime.datetime(day.year, day.month, day.day, hour, minute, second)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _local(value: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


def format_date(value: datetime.date | None, empty: str = "") -> str:
    """The one way a day is shown (pages, e-mails, documents, tables): 04/05/2022. A moment is shown as its day in
    Brussels time."""
    if value is None or value == "":
        return empty
    if isinstance(value, datetime.datetime):
        value = _local(value).date()
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def format_datetime(value: datetime.datetime | None, empty: str = "") -> str:
    """The one way a moment is shown: 04/05/2022 09:30, Brussels time."""
    if value is None or value == "":
        return empty
    value = _local(value)
    return f"{format_date(value)} {value.hour:02d}:{value.minute:02d}"


def format_datetime_iso(value: datetime.datetime | None, empty: str = "") -> str:
    """A moment for an export that is read back: 2022-05-04 09:30, Brussels time (`parse_datetime` reads it)."""
    if value is None:
        return empty
    return _local(value).replace(tzinfo=None).isoformat(sep=" ", timespec="minutes")


def format_stamp(value: datetime.datetime) -> str:
    """A moment in a file name, sorting as text: 20220504-093000, Brussels time."""
    return _local(value).replace(tzinfo=None).isoformat(timespec="seconds").replace("-", "").replace(":", "") \
        .replace("T", "-")


def format_count(value: int | None, empty: str = "") -> str:
    if value is None:
        return empty
    return number_format(value, decimal_pos=0, use_l10n=True, force_grouping=True)


def format_amount(value: Decimal | int | None, empty: str = "") -> str:
    """An amount without the euro sign, as a form field shows it for editing (7.500,00); `parse_decimal` reads it
    back in either language."""
    if value is None:
        return empty
    return number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)


def format_euro(value: Decimal | int | None, empty: str = "") -> str:
    if value is None:
        return empty
    return f"€{NBSP}{number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)}"


def round_half_up(value: Decimal | Fraction | int | float, places: int = 0) -> Decimal:
    """The one rounding of the project: half up (away from zero) to `places` decimals. An exact `Fraction` (a sum
    of shares, a mean) is rounded exactly, once; a float goes through its shortest repr (0.1 stays 0.1)."""
    quantum = Decimal(1).scaleb(-places)
    if isinstance(value, Fraction):
        scaled = abs(value) * 10 ** places
        whole = int(scaled) + (1 if scaled - int(scaled) >= Fraction(1, 2) else 0)
        return Decimal(whole if value >= 0 else -whole).scaleb(-places).quantize(quantum)
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    return number.quantize(quantum, rounding=ROUND_HALF_UP)


def cents(amount: Decimal | Fraction | int | float) -> Decimal:
    """Money as a Decimal with two places, rounded half up once (31413.475 -> 31413.48; SQLite sums decimals with
    more places)."""
    return round_half_up(amount, 2)


def percentage(value: Decimal | Fraction | float, decimal_pos: int = 0) -> Decimal:
    """The one rounding of a share for pages, exports, maps and documents: the fraction `value` as a percentage
    rounded half up to `decimal_pos` decimals (0.0625 -> 6.3 with one decimal; `round()` would give 6.2). An exact
    `Fraction` (a mean of shares) is rounded exactly."""
    if isinstance(value, Fraction):
        return round_half_up(value * 100, decimal_pos)
    return round_half_up(Decimal(str(value)) * 100, decimal_pos)


def format_percent(value: Decimal | Fraction | float | None, decimal_pos: int = 0, empty: str = "") -> str:
    """`value` is a fraction, shown as a percentage rounded half up (0.72 -> '72%', 0.276 -> '28%');
    Django's number_format alone would truncate."""
    if value is None or value == "":
        return empty
    return f"{number_format(percentage(value, decimal_pos), decimal_pos=decimal_pos, use_l10n=True)}%"
