"""The delimiter of a CSV file, as Belgian Excel and LibreOffice write it: a semicolon file whose cells hold
unquoted commas (a list of municipalities, decimal-comma amounts) is still read with ';' (issue 22, finding 2)."""

import datetime

import pytest

from exchange.services import import_file
from exchange.tables import detect_delimiter, read_table
from grants.models import Award
from tests.exchange.office import BELGIAN_CSV_FILTER, fods

AWARD_HEADER = "oproep;academie;bedrag;beslist_op;gemeenten;motivering_bedrag"
SEVEN = "Gent, Niel, Boom, Mol, Geel, Lier, Aalst"


def excel_csv(lines: list[str]) -> bytes:
    """What Belgian Excel writes with "CSV (gescheiden door lijstscheidingsteken)": Windows-1252, CRLF, ';',
    a cell with commas but no semicolon left unquoted."""
    return "\r\n".join(lines).encode("cp1252") + b"\r\n"


@pytest.mark.parametrize("lines, expected", [
    (["naam;gemeenten;bedrag", "A;23045, 33029, Niel;1.234,50"], ";"),
    (["naam;bedrag_1;bedrag_2", "A;1,5;2,5", "B;3,25;4,75"], ";"),
    (["Toekenningen 2022, versie 2", "naam;gemeenten;bedrag", "A;Gent, Niel, Boom, Mol;4.000,00"], ";"),
    (["naam,gemeenten,bedrag", 'A,"Gent, Niel",4000', "B,Mol,2000"], ","),
    (["naam\tgemeenten\tbedrag", "A\tGent, Niel\t4.000,00"], "\t"),
    (["naam;bedrag", "A;4000"], ";"),
    (["naam,bedrag", "A,4000"], ","),
    (["a;b,c", "d;e,f"], ";"),
    (["alleen een titel"], ","),
])
def test_detect_delimiter(lines, expected):
    assert detect_delimiter("\r\n".join(lines)) == expected


def test_a_quoted_semicolon_in_a_comma_file_does_not_decide():
    assert detect_delimiter('naam,omschrijving,bedrag\r\nA,"robotica; drones; code",4000\r\n') == ","


@pytest.mark.django_db
class TestBelgianExcelAwards:
    def test_unquoted_municipality_list_is_one_cell(self, awarded_academies):
        data = excel_csv([AWARD_HEADER,
                          "oproep-2022;academie-a;4.000,00;4/05/2022;" + SEVEN + ";zeven gemeenten, één bedrag",
                          "oproep-2022;academie-b;4.000,00;4/05/2022;Mol, Boom;"])
        table = read_table(data)
        assert table.headers == AWARD_HEADER.split(";")
        assert table.rows[0][1][4] == SEVEN
        import_file(kind="awards", data=data)
        funded = {award.application.academy.code: sorted(award.funded_municipalities.values_list(
            "name_nl", flat=True)) for award in Award.objects.all()}
        assert funded["academie-a"] == ["Aalst", "Boom", "Geel", "Gent", "Lier", "Mol", "Niel"]
        assert funded["academie-b"] == ["Boom", "Mol"]

    def test_libreoffice_csv_with_a_municipality_list(self, awarded_academies, libreoffice):
        sheet = fods([AWARD_HEADER.split(";"),
                      ["oproep-2022", "academie-a", 4000, datetime.date(2022, 5, 4), SEVEN, ""],
                      ["oproep-2022", "academie-b", 4000, datetime.date(2022, 5, 4), "Mol, Boom", ""]])
        data = libreoffice.convert_many([sheet], BELGIAN_CSV_FILTER)[0]
        assert f";{SEVEN};".encode() in data
        table = read_table(data)
        assert [values[4] for _number, values in table] == [SEVEN, "Mol, Boom"]
