import pytest

from exchange.headers import closest_column, header_key

KNOWN = ["oproep", "academie", "gemeente", "halve_dagen", "deelnemers", "jongens", "meisjes", "andere",
         "niet_toewijsbaar_deelnemers"]


@pytest.mark.parametrize("header, expected", [
    ("Deelnemers (aantal)", "deelnemers"),
    ("Aantal meisjes", "meisjes"),
    ("Jongen", "jongens"),
    ("Halve dagen", "halve_dagen"),
    ("Niet toewijsbaar - deelnemers", "niet_toewijsbaar_deelnemers"),
    ("Opmerkingen", None),
])
def test_closest_column(header, expected):
    assert closest_column(header, KNOWN) == expected


def test_header_key_ignores_case_accents_spaces_and_dashes():
    assert header_key(" Gemeente-zetel ") == header_key("gemeente_zetel") == "gemeente_zetel"
    assert header_key("Créé") == "cree"
