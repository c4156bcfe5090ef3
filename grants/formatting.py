"""Belgian number and money formatting (37.376; € 464.500,00), following the active language."""

from decimal import Decimal

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
    """`value` is a fraction (0.72 -> '72%')."""
    if value is None:
        return empty
    return f"{number_format(Decimal(str(value)) * 100, decimal_pos=decimal_pos, use_l10n=True)}%"
