"""A table of the answer documents: raw values for spreadsheets, written out for DOCX and PDF."""

from dataclasses import dataclass
from decimal import Decimal

from academies.belgian import format_count, format_euro


def cell_text(value) -> str:
    """A table cell as written in the documents: counts 37.376, money € 464.500,00, unknown "–"."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return format_count(value)
    if isinstance(value, Decimal):
        return format_euro(value)
    return str(value)


@dataclass
class Table:
    """A table of raw values (int, Decimal, str, None): spreadsheets get the values, documents `text()`."""

    header: list[str]
    rows: list[list]
    footer: list | None = None

    def text(self) -> "Table":
        return Table(list(self.header), [[cell_text(value) for value in row] for row in self.rows],
                     None if self.footer is None else [cell_text(value) for value in self.footer])
