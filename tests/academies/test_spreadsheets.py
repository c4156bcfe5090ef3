"""The one XLSX writer (academies.spreadsheets.write_xlsx on academies.xlsx), read back with openpyxl: the cells,
their number formats, the bold frozen header, the sheet name, the text rules, and that it streams."""

import datetime
import io
import zipfile
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils.safestring import mark_safe
from openpyxl import load_workbook

from academies.spreadsheets import export_bytes, write_xlsx


def written(rows, **options):
    stream = io.BytesIO()
    count = write_xlsx(rows, stream, **options)
    return count, load_workbook(io.BytesIO(stream.getvalue())).worksheets[0]


def cells(sheet, row: int) -> list[tuple]:
    return [(cell.value, cell.number_format) for cell in sheet[row]]


class TestCells:
    def test_numbers_stay_numbers_with_belgian_formats(self):
        count, sheet = written([
            ["Jaar", "gemeenten", "bedrag", "aandeel", "klein", "geheel"],
            [2023, 37376, Decimal("464500.00"), 64.4, 999, 1500.0],
            [2024, -1000, Decimal("1666.67"), 0.5, -999, 3.0],
        ])
        assert count == 2
        assert cells(sheet, 2) == [(2023, "General"), (37376, "#,##0"), (464500, "#,##0.00"), (64.4, "#,##0.0"),
                                   (999, "General"), (1500, "#,##0")]
        assert cells(sheet, 3) == [(2024, "General"), (-1000, "#,##0"), (1666.67, "#,##0.00"), (0.5, "#,##0.0"),
                                   (-999, "General"), (3, "#,##0")]

    def test_dates_are_dates(self):
        brussels = ZoneInfo("Europe/Brussels")
        _count, sheet = written([
            ["datum", "moment", "met tijdzone"],
            [datetime.date(2023, 1, 2), datetime.datetime(2023, 1, 2, 3, 4, 5),
             datetime.datetime(2023, 7, 1, 8, 30, tzinfo=datetime.UTC)],
        ])
        assert cells(sheet, 2) == [
            (datetime.datetime(2023, 1, 2), "yyyy-mm-dd"), (datetime.datetime(2023, 1, 2, 3, 4, 5), "yyyy-mm-dd hh:mm"),
            (datetime.datetime(2023, 7, 1, 8, 30, tzinfo=datetime.UTC).astimezone(brussels).replace(tzinfo=None),
             "yyyy-mm-dd hh:mm")]

    def test_booleans_empty_cells_and_what_a_cell_cannot_hold(self):
        _count, sheet = written([["a", "b", "c", "d", "e"], [True, None, "", float("nan"), False]])
        assert [cell.value for cell in sheet[2]] == [True, None, None, None, False]

    def test_header_is_bold_and_frozen_and_the_sheet_named(self):
        _count, sheet = written([["naam", None, 7], ["x"]], title="bereik-per-gemeente-2022-en-nog-veel-meer")
        assert sheet.title == "bereik-per-gemeente-2022-en-nog"
        assert sheet.freeze_panes == "A2"
        assert [(cell.value, cell.font.b) for cell in sheet[1]] == [("naam", True), (None, True), (7, True)]
        assert sheet["A2"].font.b is False

    def test_a_sheet_name_excel_refuses_is_refused(self):
        with pytest.raises(ValueError, match="sheet name"):
            write_xlsx([["a"]], io.BytesIO(), title="a/b")

    def test_rows_longer_than_the_header_and_an_empty_export(self):
        _count, sheet = written([["a"], [1, 2, 3, "d"]])
        assert [cell.value for cell in sheet[2]] == [1, 2, 3, "d"]
        assert written([])[0] == 0


class TestText:
    def test_formula_text_gets_the_documented_apostrophe(self):
        _count, sheet = written([["=kop", "b"], ["=HYPERLINK(1)", "+32 2 553 00 00"], ["-", "@a"], ["\tx", "\ry"],
                                 [mark_safe("=veilig"), "gewoon"]])
        assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [
            ["'=kop", "b"], ["'=HYPERLINK(1)", "'+32 2 553 00 00"], ["'-", "'@a"], ["'\tx", "'\ry"],
            ["'=veilig", "gewoon"]]

    def test_markup_white_space_and_line_breaks_survive(self):
        text = ' a <b> & "c" \r\nd '
        _count, sheet = written([["t"], [text]])
        assert sheet["A2"].value == text

    def test_control_characters_xml_cannot_hold_are_left_out_and_long_text_is_cut(self):
        _count, sheet = written([["t", "u"], ["a\x0bb\x00c", "x" * 40_000]])
        assert sheet["A2"].value == "abc"
        assert len(sheet["B2"].value) == 32_767


def test_rows_are_streamed_not_held():
    """The zip receives compressed rows while later rows are still to come."""
    stream = io.BytesIO()
    sizes = []

    def rows():
        yield ["naam", "aantal"]
        for index in range(60_000):
            if index % 20_000 == 0:
                sizes.append(stream.tell())
            yield [f"academie {index}", index]

    assert write_xlsx(rows(), stream) == 60_000
    assert sizes[0] < sizes[1] < sizes[2]


def test_the_package_opens_as_an_xlsx_workbook():
    content = export_bytes([["a"], [1]], "xlsx", title="blad")
    names = zipfile.ZipFile(io.BytesIO(content)).namelist()
    assert names[0] == "[Content_Types].xml"
    assert {"xl/workbook.xml", "xl/styles.xml", "xl/worksheets/sheet1.xml"} <= set(names)


def copy_csv_lines(rows: list[list]) -> list[bytes]:
    """The rows as PostgreSQL's `COPY … (FORMAT csv, DELIMITER ';')` writes them: one item per row, LF line ends,
    NULL empty, quotes only where needed (and around an empty string)."""
    lines = []
    for row in rows:
        cells = []
        for value in row:
            if value is None:
                cells.append("")
            elif isinstance(value, str) and (value == "" or any(ch in value for ch in ';"\r\n')):
                cells.append('"' + value.replace('"', '""') + '"')
            else:
                cells.append(str(value))
        lines.append((";".join(cells) + "\n").encode())
    return lines


class TestCopiedCsv:
    HEADER = ["oproep", "academie", "status", "gemeente", "dagdelen"]

    @pytest.mark.parametrize("rows", [
        [["OPR-1", "AC1", "submitted", "44021", 3], ["OPR-1", "AC1", None, "11002", None]],
        [["=HYPERLINK(1)", "+32 2", "-x", "@a", 5], ["\tt", "\rr", "a;b", 'say "hi"', -5]],
        [["a\u202eb", "\x01=hidden", "multi\nline", "", 0], ["ok", "\x7f", "\u2066x", "x\x00"[:1], 7]],
    ])
    def test_writes_what_iter_csv_writes_for_the_same_rows(self, rows):
        from academies.spreadsheets import iter_copied_csv, iter_csv

        copied = "".join(iter_copied_csv(self.HEADER, copy_csv_lines(rows), text_columns=frozenset(range(4))))
        assert copied == "".join(iter_csv([self.HEADER, *rows]))

    def test_a_negative_number_is_not_taken_for_a_formula(self):
        from academies.spreadsheets import iter_copied_csv

        copied = "".join(iter_copied_csv(self.HEADER, copy_csv_lines([["a", "b", "c", "d", -3]]),
                                         text_columns=frozenset(range(4))))
        assert copied.splitlines()[1] == "a;b;c;d;-3"
