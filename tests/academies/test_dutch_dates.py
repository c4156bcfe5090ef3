import pytest

from academies.dutch_dates import day_month_year


@pytest.mark.parametrize("written, expected", [
    ("4 mei 2022", (4, 5, 2022)), ("4 Mei 2022", (4, 5, 2022)), ("04-mei-22", (4, 5, 2022)),
    ("dinsdag 4 mei 2022", (4, 5, 2022)), ("4 mrt. 2022", (4, 3, 2022)), ("31 december 2021", (31, 12, 2021)),
    ("04/05/22", (4, 5, 2022)), ("4-5-22", (4, 5, 2022)), ("04.05.2022", (4, 5, 2022)),
])
def test_dutch_dates(written, expected):
    assert day_month_year(written) == expected


@pytest.mark.parametrize("written", ["4 xyz 2022", "2022-05-04", "04/05-2022", "mei 2022"])
def test_not_a_dutch_date(written):
    assert day_month_year(written) is None
