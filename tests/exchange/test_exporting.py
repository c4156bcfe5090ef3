"""Exports streamed from the database (exchange.exporting): the final-report export read by COPY on PostgreSQL
writes the same file as its rows written by the app's CSV writer, text rules included."""

import io

import pytest

from academies.models import Academy
from academies.spreadsheets import iter_csv
from exchange.importing import get_kind
from exchange.services import export_file
from tests.factories import AcademyFactory, CallFactory, FinalReportFactory, FinalReportLineFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reports():
    call = CallFactory(code="oproep-2022", year=2022)
    first = FinalReportFactory(award__application__call=call, unattributed_participants=12, unattributed_boys=5,
                               award__application__academy=AcademyFactory(code="b-academie"))
    FinalReportLineFactory(report=first, municipality_id="44021", participants=40, boys=20, girls=18, other=2)
    FinalReportLineFactory(report=first, municipality_id="11002", participants=None)
    FinalReportFactory(award__application__call=call, award__application__academy=AcademyFactory(code="a-academie"))
    dangerous = FinalReportFactory(award__application__call=call,
                                   award__application__academy=AcademyFactory(code="c-academie"))
    FinalReportLineFactory(report=dangerous, municipality_id="71022", participants=3)
    # Text stored before the rules: a formula and control characters (written past the validators).
    Academy.objects.filter(code="c-academie").update(code='=HYPERLINK("x";"y")\x01\u202e')


def exported(file_format: str, **options) -> bytes:
    stream = io.BytesIO()
    export_file(kind="finalreports", stream=stream, file_format=file_format, **options)
    return stream.getvalue()


def test_csv_is_what_the_csv_writer_writes_for_the_rows(reports):
    rows = list(get_kind("finalreports").export_rows())
    assert exported("csv") == "".join(iter_csv(rows)).encode("utf-8")
    lines = exported("csv").decode("utf-8-sig").splitlines()
    assert lines[1] == 'oproep-2022;"\'=HYPERLINK(""x"";""y"")";submitted;71022;4;3;;;;;;;'  # "=" sorts first
    assert lines[2].startswith("oproep-2022;a-academie;submitted;;")
    assert lines[3] == "oproep-2022;b-academie;submitted;11002;4;;;;;12;5;;"
    assert lines[4] == "oproep-2022;b-academie;;44021;4;40;20;18;2;;;;"


def test_one_year_and_a_queryset(reports):
    from grants.models import FinalReport

    assert exported("csv", year=2023).decode("utf-8-sig").count("\n") == 1
    only = FinalReport.objects.filter(award__application__academy__code="a-academie")
    assert exported("csv", queryset=only).decode("utf-8-sig").count("\n") == 2


def test_xlsx_from_the_same_query(reports):
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(exported("xlsx"))).worksheets[0]
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[1][1] == "'=HYPERLINK(\"x\";\"y\")"
    assert values[3][:5] == ["oproep-2022", "b-academie", "submitted", "11002", 4]
    assert values[4][2] is None and values[4][5] == 40
