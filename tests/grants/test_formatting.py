from decimal import Decimal

import pytest
from django.utils import translation

from academies.belgian import format_count, format_euro, format_percent


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl-be"):
        yield


def test_counts_are_grouped_with_a_dot():
    assert format_count(37376) == "37.376"
    assert format_count(None) == ""


def test_money_has_a_decimal_comma_and_euro_sign():
    assert format_euro(Decimal("464500.00")) == "€\u00a0464.500,00"
    assert format_euro(Decimal("885685.05")) == "€\u00a0885.685,05"


@pytest.mark.parametrize(("fraction", "places", "shown"), [
    (Decimal("0.72"), 0, "72%"),
    (Decimal("0.276"), 0, "28%"),
    (Decimal("0.2749"), 0, "27%"),
    (Decimal("0.725"), 0, "73%"),
    (Decimal("0.27999"), 1, "28,0%"),
    (0.6, 0, "60%"),
])
def test_percentages_round_half_up(fraction, places, shown):
    assert format_percent(fraction, decimal_pos=places) == shown


def test_english_uses_english_separators():
    with translation.override("en"):
        assert format_euro(Decimal("464500.00")) == "€\u00a0464,500.00"
