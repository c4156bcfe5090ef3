"""CSV and XLSX exports of report tables: the rows and raw numbers of the page, from django-tables2's public
`Table.as_values()` (every row, the table's order, each column's `value()`), written by the app's one writer
(academies.spreadsheets: UTF-8 BOM, `;`, decimal comma, text protected against formula injection)."""

from django.http import HttpResponse

from academies.spreadsheets import export_bytes

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def export_response(table, export_format: str, *, filename: str) -> HttpResponse:
    content = export_bytes(table.as_values(), export_format, title=filename)
    response = HttpResponse(content, content_type=CONTENT_TYPES[export_format])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{export_format}"'
    return response
