"""The import messages that several exchange modules give: one wording, one catalogue entry each."""

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


def file_too_large(size: int, limit: int) -> str:
    """`size` and `limit` in bytes, shown in MB."""
    return _("The file is %(size)s MB; the limit is %(limit)s MB.") % {
        "size": round(size / 1024 / 1024, 1), "limit": round(limit / 1024 / 1024)}


def nothing_imported(error_count: int) -> str:
    return _("%(count)s error(s): nothing was imported.") % {"count": error_count}
