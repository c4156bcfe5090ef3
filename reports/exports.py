"""CSV and XLSX exports of report tables: the same rows and raw numbers as the page, text cells protected
against formula injection."""

import csv
import io

from django.http import HttpResponse
from openpyxl import Workbook

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def escape_formula(value):
    """Text that a spreadsheet would run as a formula gets a leading apostrophe; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def table_rows(table):
    """Header row, then value rows (all rows, the table's order), formula-escaped."""
    rows = table.export_rows() if hasattr(table, "export_rows") else table.as_values()
    for row in rows:
        yield [escape_formula(cell) for cell in row]


def csv_content(table) -> str:
    buffer = io.StringIO()
    buffer.write("\ufeff")  # Excel reads the BOM as UTF-8
    writer = csv.writer(buffer)
    for row in table_rows(table):
        writer.writerow(["" if cell is None else cell for cell in row])
    return buffer.getvalue()


def xlsx_content(table, *, title: str) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=(title or "export")[:31])
    for row in table_rows(table):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_response(table, export_format: str, *, filename: str) -> HttpResponse:
    if export_format == "csv":
        content = csv_content(table)
    else:
        content = xlsx_content(table, title=filename)
    response = HttpResponse(content, content_type=CONTENT_TYPES[export_format])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{export_format}"'
    return response
