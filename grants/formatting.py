"""Belgian number and money formatting (37.376; € 464.500,00), following the active language."""

from decimal import ROUND_HALF_UP, Decimal

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


def format_percent(value: Decimal | float | None, decimal_pos: int = 0, empty: str = "") -> str:
    """`value` is a fraction, shown as a percentage rounded half up (0.72 -> '72%', 0.276 -> '28%');
    Django's number_format alone would truncate."""
    if value is None or value == "":
        return empty
    percentage = (Decimal(str(value)) * 100).quantize(Decimal(1).scaleb(-decimal_pos), rounding=ROUND_HALF_UP)
    return f"{number_format(percentage, decimal_pos=decimal_pos, use_l10n=True)}%"
