"""Every CSV and XLSX export of the app opens as columns in a Belgian-locale spreadsheet: each export is read back with
the importer's own reader (delimiter, decimal comma) and with openpyxl (numbers stay numbers, number formats,
frozen header)."""

import io
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from academies.models import Event
from exchange.importing import KINDS
from exchange.services import export_file
from exchange.tables import detect_delimiter, read_table
from tests.factories import FinalReportFactory, FinalReportLineFactory, YearBudgetFactory
from tests.reports.factories import call_of, funded_award, report

REPORT_EXPORTS = ["/rapporten/bereik/provincies/?year=2022", "/rapporten/bereik/gemeenten/?year=2022",
                  "/rapporten/deelnemers/?year=2022", "/rapporten/middelen/", "/rapporten/evolutie/?basis=today"]
POINT_DECIMAL = re.compile(r"^-?\d+\.\d+$")
YEAR_HEADERS = {"jaar", "year"}


@pytest.fixture
def exported_data(awarded_academies):
    FinalReportLineFactory(report=FinalReportFactory(award=awarded_academies[0], unattributed_participants=1234),
                           municipality_id="44021", participants=1500, boys=900, girls=600)
    Event.objects.create(uit_id="e1", name="Robotkamp", labels=["STEM-academie"])
    call = call_of(2022, amount_per_municipality=Decimal("2500.50"))
    report(award=funded_award(call=call, funded=["44021", "11002"], amount=Decimal("12345.67")),
           lines=[("44021", 3000, 2000, 1000, None)], participants=7)
    YearBudgetFactory(year=2023)


def check_belgian_csv(data: bytes) -> list[list]:
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM"
    text = data.decode("utf-8-sig")
    assert detect_delimiter(text.split("\n", 1)[0]) == ";"
    table = read_table(data)
    assert len(table.headers) > 1, "opens as columns"
    for number, values in table.rows:
        assert not [value for value in values if POINT_DECIMAL.match(value)], f"decimal point on row {number}"
    return [table.headers, *(values for _number, values in table.rows)]


def check_xlsx(data: bytes) -> None:
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook.worksheets[0]
    assert sheet.freeze_panes == "A2", "frozen header row"
    headers = [str(cell.value).casefold() for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        for header, cell in zip(headers, row, strict=False):
            if isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool) \
                    and header not in YEAR_HEADERS and abs(cell.value) >= 1000:
                assert "#,##0" in cell.number_format, f"{cell.coordinate} ({header}) has no thousands separator"
            if isinstance(cell.value, float) and not cell.value.is_integer():
                assert "#,##0.0" in cell.number_format, cell.coordinate


@pytest.mark.django_db
class TestExchangeExports:
    @pytest.mark.parametrize("kind", sorted(KINDS))
    def test_csv(self, exported_data, kind):
        stream = io.BytesIO()
        export_file(kind=kind, stream=stream, file_format="csv")
        rows = check_belgian_csv(stream.getvalue())
        assert rows[0] == KINDS[kind].header()

    def test_csv_amounts_use_a_decimal_comma(self, exported_data):
        stream = io.BytesIO()
        export_file(kind="awards", stream=stream, file_format="csv")
        assert "12345,67" in stream.getvalue().decode("utf-8-sig")

    @pytest.mark.parametrize("kind", sorted(KINDS))
    def test_xlsx(self, exported_data, kind):
        stream = io.BytesIO()
        export_file(kind=kind, stream=stream, file_format="xlsx")
        check_xlsx(stream.getvalue())

    def test_xlsx_amounts_are_numbers_with_a_money_format(self, exported_data):
        stream = io.BytesIO()
        export_file(kind="awards", stream=stream, file_format="xlsx")
        sheet = load_workbook(io.BytesIO(stream.getvalue())).worksheets[0]
        amounts = [row[2] for row in sheet.iter_rows(min_row=2)]
        assert {cell.value for cell in amounts} >= {Decimal("12345.67")} or 12345.67 in {c.value for c in amounts}
        assert all("#,##0.00" in cell.number_format for cell in amounts)


@pytest.mark.django_db
class TestReportExports:
    @pytest.fixture
    def reader_client(self, client):
        from django.contrib.auth.models import Group

        from grants.groups import READER_GROUP
        from tests.factories import StaffUserFactory

        user = StaffUserFactory()
        user.groups.add(Group.objects.get(name=READER_GROUP))
        client.force_login(user)
        return client

    @pytest.mark.parametrize("url", REPORT_EXPORTS)
    def test_csv(self, reader_client, exported_data, url):
        response = reader_client.get(url + ("&" if "?" in url else "?") + "_export=csv")
        assert response.status_code == 200
        check_belgian_csv(response.content)

    @pytest.mark.parametrize("url", REPORT_EXPORTS)
    def test_xlsx(self, reader_client, exported_data, url):
        response = reader_client.get(url + ("&" if "?" in url else "?") + "_export=xlsx")
        assert response.status_code == 200
        check_xlsx(response.content)


def test_libreoffice_opens_the_xlsx_exports_and_shows_belgian_numbers(libreoffice, exported_data):
    """The app's XLSX files opened in real LibreOffice and saved as the CSV a Belgian user gets (cells as shown):
    the number formats, dates and the apostrophe of formula-like text are what a user sees."""
    import datetime

    from academies.spreadsheets import export_bytes

    made = export_bytes([
        ["Jaar", "gemeenten", "bedrag", "aandeel", "datum", "moment", "tekst", "klein"],
        [2023, 37376, Decimal("464500.00"), 64.4, datetime.date(2023, 1, 2), datetime.datetime(2023, 1, 2, 3, 4),
         "=HYPERLINK(1)", 999],
    ], "xlsx", title="bereik-per-gemeente-2022")
    stream = io.BytesIO()
    export_file(kind="awards", stream=stream, file_format="xlsx")
    made_csv, awards_csv = libreoffice.xlsx_as_belgian_csv([made, stream.getvalue()])
    lines = made_csv.decode("utf-8-sig").splitlines()
    assert lines[0] == "Jaar;gemeenten;bedrag;aandeel;datum;moment;tekst;klein"
    shown = lines[1].split(";")
    # Separators are those of soffice's own locale (nl-BE on a Belgian desktop, en-US on a bare server).
    thousands, decimal = (".", ",") if shown[3] == "64,4" else (",", ".")
    assert shown == ["2023", f"37{thousands}376", f"464{thousands}500{decimal}00", f"64{decimal}4", "2023-01-02",
                     "2023-01-02 03:04", "'=HYPERLINK(1)", "999"]
    awards = read_table(awards_csv)
    assert awards.headers == KINDS["awards"].header()
    assert f"12{thousands}345{decimal}67" in awards_csv.decode("utf-8-sig")
