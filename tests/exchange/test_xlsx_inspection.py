"""XLSX files are inspected from their XML stream: rows are counted without loading the sheet, and a workbook that
would inflate beyond EXCHANGE_MAX_XLSX_INFLATED_BYTES is refused before openpyxl reads it."""

import io
import time
import zipfile

import pytest

from exchange.errors import ImportFailed
from exchange.services import import_file
from exchange.tables import count_data_rows
from exchange.xlsx_inspection import inspect_xlsx
from tests.exchange.helpers import xlsx_bytes

HEADER = ["oproep", "academie", "gemeente", "halve_dagen", "deelnemers"]


def inflated_workbook(rows: int) -> bytes:
    """A real workbook whose first sheet holds `rows` identical data rows: highly compressible, as a 1 MB upload
    that inflates to 200,000 rows is."""
    template = zipfile.ZipFile(io.BytesIO(xlsx_bytes([HEADER, ["oproep-2022", "academie-a", "44021", 2, 10]])))
    row = ('<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>oproep-2022</t></is></c><c r="B{n}" t="inlineStr"><is>'
           '<t>academie-a</t></is></c><c r="C{n}" t="inlineStr"><is><t>44021</t></is></c><c r="D{n}"><v>2</v></c>'
           '<c r="E{n}"><v>10</v></c></row>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in template.infolist():
            content = template.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                head, _rows, tail = content.decode().replace('ref="A1:E2"', f'ref="A1:E{rows + 1}"').partition(
                    "<sheetData>")
                body = "".join(row.format(n=n) for n in range(2, rows + 2))
                header = "".join(f'<c r="{chr(65 + i)}1" t="inlineStr"><is><t>{name}</t></is></c>'
                                 for i, name in enumerate(HEADER))
                content = (head + f'<sheetData><row r="1">{header}</row>{body}</sheetData>'
                           + tail.split("</sheetData>", 1)[1]).encode()
            target.writestr(item, content)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def big_workbook() -> bytes:
    return inflated_workbook(200_000)


def test_rows_are_counted_from_the_stream(big_workbook):
    started = time.perf_counter()
    assert count_data_rows(big_workbook) == 200_000
    elapsed = time.perf_counter() - started
    assert elapsed < 5, f"counting 200,000 rows took {elapsed:.2f} s"


def test_formula_cells_are_found_without_loading_the_sheet():
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(HEADER)
    workbook.active.append(["oproep-2022", "academie-a", "44021", "=1+1", 10])
    buffer = io.BytesIO()
    workbook.save(buffer)
    (formula,) = inspect_xlsx(buffer.getvalue()).formulas_without_value
    assert (formula.row, formula.column, formula.coordinate, formula.formula) == (2, 3, "D2", "=1+1")


@pytest.mark.django_db
def test_inflated_size_is_bounded(big_workbook, settings):
    settings.EXCHANGE_MAX_XLSX_INFLATED_BYTES = 10 * 1024 * 1024
    with pytest.raises(ImportFailed) as failure:
        import_file(kind="finalreports", data=big_workbook)
    (message,) = [str(error) for error in failure.value.row_errors]
    assert message.startswith("De XLSX-werkmap is uitgepakt ")
    assert "de limiet is 10 MB" in message
    assert "," in message.split(" MB")[0]  # a decimal comma in the size
