"""The import messages that several exchange modules give: one wording, one catalogue entry each."""

from django.utils.formats import number_format
from django.utils.translation import gettext as _


def history_reason() -> str:
    """The change reason on the history rows an import writes."""
    return _("import")


def value_required() -> str:
    return _("a value is required")


def xlsx_unreadable() -> str:
    return _("The XLSX workbook cannot be read.")


def not_csv_nor_xlsx() -> str:
    return _("The file is not readable text (CSV) nor an XLSX workbook.")


def unknown_academy(code) -> str:
    return _("'%(value)s' is not a known academy code") % {"value": code}


def unknown_call(code) -> str:
    return _("'%(value)s' is not a known call code") % {"value": code}


def no_data_rows() -> str:
    return _("The file contains no data rows, only a header.")


def megabytes(size: int) -> str:
    """Bytes as MB the Belgian way: 1,5 (one decimal), 50 (whole)."""
    value = round(size / 1024 / 1024, 1)
    return number_format(value, decimal_pos=0 if value == int(value) else 1, use_l10n=True)


def file_too_large(size: int, limit: int) -> str:
    """`size` and `limit` in bytes, shown in MB with a decimal comma."""
    return _("The file is %(size)s MB; the limit is %(limit)s MB.") % {
        "size": megabytes(size), "limit": megabytes(limit)}


def nothing_imported(error_count: int) -> str:
    return _("%(count)s error(s): nothing was imported.") % {"count": error_count}
