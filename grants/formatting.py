"""Belgian number and money formatting (37.376; € 464.500,00), following the active language."""

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.utils.formats import number_format

NBSP = "\u00a0"


def format_count(value: int | None, empty: str = "") -> str:
    if value is None:
        return empty
    return number_format(value, decimal_pos=0, use_l10n=True, force_grouping=True)


def format_euro(value: Decimal | int | None, empty: str = "") -> str:
    if value is None:
        return empty
    return f"€{NBSP}{number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)}"


def percentage(value: Decimal | Fraction | float, decimal_pos: int = 0) -> Decimal:
    """The one rounding of a share for pages, exports, maps and documents: the fraction `value` as a percentage
    rounded half up to `decimal_pos` decimals (0.0625 -> 6.3 with one decimal; `round()` would give 6.2). An exact
    `Fraction` (a mean of shares) is rounded exactly."""
    if isinstance(value, Fraction):
        scaled = abs(value) * 100 * 10 ** decimal_pos
        whole = int(scaled) + (1 if scaled - int(scaled) >= Fraction(1, 2) else 0)
        return Decimal(whole if value >= 0 else -whole).scaleb(-decimal_pos).quantize(Decimal(1).scaleb(-decimal_pos))
    return (Decimal(str(value)) * 100).quantize(Decimal(1).scaleb(-decimal_pos), rounding=ROUND_HALF_UP)


def format_percent(value: Decimal | float | None, decimal_pos: int = 0, empty: str = "") -> str:
    """`value` is a fraction, shown as a percentage rounded half up (0.72 -> '72%', 0.276 -> '28%');
    Django's number_format alone would truncate."""
    if value is None or value == "":
        return empty
    return f"{number_format(percentage(value, decimal_pos), decimal_pos=decimal_pos, use_l10n=True)}%"
