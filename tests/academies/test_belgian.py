"""One money parser for the portal forms and the importer (issue 11 item 1): a dot followed by exactly three
digits is a thousands separator, because an amount never has three decimals."""

import datetime
from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError

from academies.belgian import (
    FieldError,
    cents,
    format_date,
    format_datetime,
    format_datetime_iso,
    format_stamp,
    neutralise_formula,
    parse_date,
    parse_datetime,
    parse_decimal,
    percentage,
    round_half_up,
)
from exchange.errors import ErrorCollector
from exchange.importing.cells import Cells
from grants.forms import AmountField

AMOUNTS = [
    ("12.500", "12500.00"),
    ("€ 12.500", "12500.00"),
    ("€\u00a012.500", "12500.00"),
    ("1.234.567", "1234567.00"),
    ("12.500,50", "12500.50"),
    ("€ 464.500,00", "464500.00"),
    ("464500.00", "464500.00"),
    ("12.50", "12.50"),
    ("12.5", "12.50"),
    ("12,5", "12.50"),
    ("4000", "4000.00"),
]


@pytest.mark.parametrize(("typed", "amount"), AMOUNTS)
def test_parse_decimal(typed, amount):
    assert parse_decimal(typed) == Decimal(amount)


@pytest.mark.parametrize(("typed", "amount"), AMOUNTS)
def test_the_portal_reads_an_amount_as_the_parser_does(typed, amount):
    assert AmountField().clean(typed) == Decimal(amount)


@pytest.mark.parametrize(("typed", "amount"), AMOUNTS)
def test_the_importer_reads_an_amount_as_the_parser_does(typed, amount):
    cells = Cells(2, [typed], {"bedrag": (0, "bedrag")}, ErrorCollector())
    assert cells.get("bedrag", parse_decimal) == Decimal(amount)


@pytest.mark.parametrize("typed", ["0.125", "12,505", "1.23.456", "abc"])
def test_three_decimals_or_garbage_is_refused_everywhere(typed):
    with pytest.raises(FieldError):
        parse_decimal(typed)
    with pytest.raises(ValidationError):
        AmountField().clean(typed)


def test_formula_text_is_neutralised_numbers_are_not():
    assert neutralise_formula("=1+1") == "'=1+1"
    assert neutralise_formula("+32 2 553 00 00") == "'+32 2 553 00 00"
    assert neutralise_formula(-5) == -5
    assert neutralise_formula("Gent") == "Gent"


class TestOneRounding:
    @pytest.mark.parametrize(("amount", "expected"), [
        (Fraction(3141347_5, 1000), Decimal("31413.48")), (Fraction(-3141347_5, 1000), Decimal("-31413.48")),
        (Decimal("2.125"), Decimal("2.13")), (Decimal("2.135"), Decimal("2.14")),
        (Decimal("1350185.050000000"), Decimal("1350185.05")), (7, Decimal("7.00")), (0.1, Decimal("0.10")),
    ])
    def test_cents_round_half_up_once(self, amount, expected):
        assert str(cents(amount)) == str(expected)

    def test_a_mean_score_rounds_half_up_to_one_decimal(self):
        assert round_half_up(Decimal("72.25"), 1) == Decimal("72.3")
        assert round_half_up(Fraction(1445, 20), 1) == Decimal("72.3")

    def test_percentage_is_round_half_up_of_a_hundred_times(self):
        assert percentage(Fraction(1, 16), 1) == Decimal("6.3")
        assert percentage(Decimal("0.0625"), 1) == round_half_up(Decimal("6.25"), 1)


class TestOneDateFormat:
    def test_days_and_moments_are_belgian_in_brussels_time(self):
        moment = datetime.datetime(2022, 5, 4, 7, 30, 5, tzinfo=datetime.UTC)  # 09:30 in Brussels (summer)
        assert format_date(datetime.date(2022, 5, 4)) == "04/05/2022"
        assert format_date(moment) == "04/05/2022"
        assert format_datetime(moment) == "04/05/2022 09:30"
        assert format_datetime_iso(moment) == "2022-05-04 09:30"
        assert format_stamp(moment) == "20220504-093005"
        assert format_date(None, "–") == "–"

    def test_what_is_written_is_read_back(self):
        moment = datetime.datetime(2022, 12, 31, 23, 15, tzinfo=datetime.UTC)
        assert parse_datetime(format_datetime(moment)) == moment
        assert parse_datetime(format_datetime_iso(moment)) == moment
        assert parse_date(format_date(datetime.date(2022, 1, 2))) == datetime.date(2022, 1, 2)
