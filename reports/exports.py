"""CSV and XLSX exports of report tables: the same rows and raw numbers as the page, text cells protected
against formula injection."""

from django.http import HttpResponse
from tablib import Dataset

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


def table_dataset(table, *, title: str = "") -> Dataset:
    rows = table.export_rows() if hasattr(table, "export_rows") else table.as_values()
    headers = next(rows)
    dataset = Dataset(headers=[str(header) for header in headers], title=(title or "export")[:31])
    for row in rows:
        dataset.append([escape_formula(cell) for cell in row])
    return dataset


def export_response(table, export_format: str, *, filename: str) -> HttpResponse:
    dataset = table_dataset(table, title=filename)
    if export_format == "csv":
        content = "\ufeff" + dataset.export("csv")
    else:
        content = dataset.export("xlsx")
    response = HttpResponse(content, content_type=CONTENT_TYPES[export_format])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{export_format}"'
    return response
