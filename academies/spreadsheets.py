"""The one CSV writer and the one XLSX writer of the app (imports/exports and report annexes alike), neutralising
text a spreadsheet would run as a formula and leaving out the characters no document may show
(`academies.text.printable`: control characters, bidi overrides).

A text cell starting with =, +, -, @, tab or carriage return gets a leading apostrophe ('=HYPERLINK(…) and
'+32 2 553 00 00), the convention Excel and LibreOffice show as plain text; the importer removes that apostrophe
again. Numbers, amounts and dates are written as numbers and dates, never as text, so they are not touched.
CSV: UTF-8 with BOM, semicolon-separated, decimal comma - what Excel in a Belgian locale opens as-is."""

import csv
import datetime
import io
import itertools
import math
from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.utils import timezone
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel

from academies import xlsx
from academies.belgian import FORMULA_PREFIXES, neutralise_formula
from academies.text import printable

CSV_DELIMITER = ";"
BOM = "\ufeff"


def csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise_formula(printable(value))
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, Decimal | float):
        return str(value).replace(".", ",")
    if isinstance(value, (datetime.date, int)):
        return str(value)
    return neutralise_formula(printable(str(value)))


class _Line:
    """A file-like sink for csv.writer that hands back each written line."""

    def __init__(self):
        self.value = ""

    def write(self, value: str) -> None:
        self.value = value


_FORMULA_STARTS = frozenset(FORMULA_PREFIXES)


def _csv_row(row: list) -> list:
    """csv_cell() for a whole row, with the common types (text, whole numbers, empty) inlined for speed."""
    cells = []
    for value in row:
        kind = value.__class__
        if kind is str:
            if not value[:1].isprintable():
                value = printable(value)  # what hides a formula goes before the test; the rest goes per chunk
            cells.append("'" + value if value[:1] in _FORMULA_STARTS else value)
        elif kind is int or value is None:
            cells.append(value)  # csv writes None as an empty cell
        else:
            cells.append(csv_cell(value))
    return cells


def iter_csv(rows: Iterable[list]) -> Iterator[str]:
    """CSV text in chunks, for StreamingHttpResponse or a file."""
    sink = _Line()
    writer = csv.writer(sink, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    chunk = [BOM]
    for row in rows:
        writer.writerow(_csv_row(row))
        chunk.append(sink.value)
        if len(chunk) >= 1000:
            yield printable("".join(chunk))
            chunk = []
    if chunk:
        yield printable("".join(chunk))


# How an unquoted field that starts like a formula (or a negative number: rechecked by column) shows in a chunk of
# COPY's lines, after a delimiter or a line end; substring tests are several times faster than one regular
# expression over the chunk.
_FORMULA_AT_FIELD = tuple(separator + prefix for prefix in FORMULA_PREFIXES for separator in (CSV_DELIMITER, "\n"))
_COPIED_CHUNK_ROWS = 2000


def iter_copied_csv(header: list, lines: Iterable, *, text_columns: frozenset[int],
                    counter: list | None = None) -> Iterator[str]:
    """What `iter_csv` writes for `header` and the rows of PostgreSQL's `COPY (…) TO STDOUT (FORMAT csv, DELIMITER
    ';')` (`lines`: the COPY's data, a row per item, as bytes or memoryview), without building a row in Python when
    nothing needs it. Per chunk of rows, unprintable characters are left out (`academies.text.printable`); a chunk
    without quotes and without a field that starts like a formula is then only given CRLF line ends, and any other
    chunk is read back and written as `iter_csv` writes it, the text columns (`text_columns`, by position)
    neutralised. The COPY must write NULL for an empty cell (an empty string would be quoted). `counter[0]`, when
    given, counts the rows."""
    sink = _Line()
    writer = csv.writer(sink, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow(_csv_row(header))
    yield printable(BOM + sink.value)
    lines = iter(lines)
    while batch := list(itertools.islice(lines, _COPIED_CHUNK_ROWS)):
        if counter is not None:
            counter[0] += len(batch)
        yield _copied_chunk(b"".join(batch).decode("utf-8"), text_columns, writer, sink)


def _copied_chunk(text: str, text_columns: frozenset[int], writer, sink: _Line) -> str:
    text = printable(text)
    if '"' not in text and not text.startswith(FORMULA_PREFIXES) and not any(
            start in text for start in _FORMULA_AT_FIELD):
        return text.replace("\n", "\r\n")
    lines = []
    for row in csv.reader(io.StringIO(text, newline=""), delimiter=CSV_DELIMITER):
        writer.writerow([("'" + value if index in text_columns and value[:1] in _FORMULA_STARTS else value)
                         for index, value in enumerate(row)])
        lines.append(sink.value)
    return "".join(lines)


def write_csv(rows: Iterable[list], stream) -> int:
    """Write to a binary stream; returns the number of data rows (header excluded)."""
    counter = [0]

    def counted():
        for row in rows:
            counter[0] += 1
            yield row

    for chunk in iter_csv(counted()):
        stream.write(chunk.encode("utf-8"))
    return max(counter[0] - 1, 0)


YEAR_HEADERS = frozenset({"jaar", "year"})
_CHUNK_ROWS = 1000


def _number(value) -> str:
    """A number as openpyxl wrote it (16 significant digits: 464500 for Decimal("464500.00")); "" for NaN and
    infinity, which a cell cannot hold."""
    number = float(value)
    return f"{number:.16g}" if math.isfinite(number) else ""


def _cell(reference: str, value, style: int = 0) -> str:
    """The XML of a cell of any type but the common ones that write_xlsx inlines (text, whole numbers, empty)."""
    s = f' s="{style}"' if style else ""
    if isinstance(value, str):
        text = xlsx.text_element(neutralise_formula(printable(value)))
        return f'<c r="{reference}"{s} t="inlineStr"><is>{text}</is></c>'
    if isinstance(value, bool):
        return f'<c r="{reference}"{s} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, Decimal | float | int):
        if not style:
            kind = value.__class__
            if kind is Decimal:
                style = xlsx.MONEY
            elif kind is float:
                style = xlsx.WHOLE if value.is_integer() else xlsx.DECIMAL
            s = f' s="{style}"' if style else ""
        number = _number(value)
        return f'<c r="{reference}"{s}><v>{number}</v></c>' if number else ""
    if isinstance(value, datetime.date):
        if isinstance(value, datetime.datetime):
            if value.tzinfo is not None:
                value = timezone.localtime(value).replace(tzinfo=None)
            style = style or xlsx.DATETIME
        else:
            style = style or xlsx.DATE
        return f'<c r="{reference}" s="{style}"><v>{_number(to_excel(value))}</v></c>'
    return _cell(reference, str(value), style)


def write_xlsx(rows: Iterable[list], stream, *, title: str = "data") -> int:
    """Write a one-sheet workbook (academies.xlsx: streamed, constant memory); returns the data row count. The first
    row is the header: bold and frozen. Numbers stay numbers, with a format that a Belgian spreadsheet shows as
    37.376 (whole numbers from 1.000 on, but not years), 464.500,00 (amounts: Decimal) and 64,4 (other fractions);
    dates are dates (yyyy-mm-dd, with hh:mm for a date and time). Text loses what `academies.text.printable`
    removes, is neutralised as said above and cut at 32,767 characters."""
    count = 0
    letters: list[str] = []
    with xlsx.sheet_stream(stream, title=title) as write:
        rows = iter(rows)
        header = next(rows, None)
        if header is None:
            return 0
        letters.extend(get_column_letter(index + 1) for index in range(len(header)))
        years = {index for index, value in enumerate(header) if str(value).strip().casefold() in YEAR_HEADERS}
        cells = ['<row r="1">']
        for reference, value in zip(letters, header, strict=True):
            if value is None or value == "":
                cells.append(f'<c r="{reference}1" s="{xlsx.BOLD}"/>')
            elif isinstance(value, bool) or not isinstance(value, Decimal | float | int):
                cells.append(_cell(reference + "1", str(value), xlsx.BOLD))
            else:
                cells.append(_cell(reference + "1", value, xlsx.BOLD))
        cells.append("</row>")
        chunk = ["".join(cells)]
        for count, row in enumerate(rows, start=1):
            number = count + 1
            while len(letters) < len(row):
                letters.append(get_column_letter(len(letters) + 1))
            cells = [f'<row r="{number}">']
            for index, value in enumerate(row):
                kind = value.__class__
                if kind is str:
                    if value:
                        if not value[:1].isprintable():
                            value = printable(value)  # before the formula test; text_element removes the rest
                        if value[:1] in _FORMULA_STARTS:
                            value = "'" + value
                        cells.append(f'<c r="{letters[index]}{number}" t="inlineStr"><is>'
                                     f"{xlsx.text_element(value)}</is></c>")
                elif kind is int:
                    if index in years or -1000 < value < 1000:  # below 1.000 no format is needed (and is faster)
                        cells.append(f'<c r="{letters[index]}{number}"><v>{value}</v></c>')
                    else:
                        cells.append(f'<c r="{letters[index]}{number}" s="{xlsx.WHOLE}"><v>{value}</v></c>')
                elif value is not None:
                    cells.append(_cell(f"{letters[index]}{number}", value))
            cells.append("</row>")
            chunk.append("".join(cells))
            if len(chunk) >= _CHUNK_ROWS:
                write("".join(chunk))
                chunk = []
        write("".join(chunk))
    return count


def export_bytes(rows: Iterable[list], file_format: str, *, title: str = "data") -> bytes:
    """The whole file: "xlsx" or (anything else) CSV."""
    if file_format == "xlsx":
        buffer = io.BytesIO()
        write_xlsx(rows, buffer, title=title)
        return buffer.getvalue()
    return "".join(iter_csv(rows)).encode("utf-8")
