"""Read an uploaded spreadsheet into a header and rows, whatever Belgian office software wrote it.

CSV: UTF-8, UTF-8 with BOM, UTF-16 with BOM or Windows-1252; comma, semicolon or tab delimiter (detected from the
first lines, so a title row above the header does not decide it); a cell longer than MAX_CELL_CHARS is refused
naming its row and column, and so is a row of more than MAX_COLUMNS columns or MAX_ROW_CHARS characters (the header:
MAX_HEADER_CHARS). XLSX: Excel and LibreOffice (first sheet; date cells come back as dates, numbers as
numbers, a formula cell as the value saved with it); a formula cell without a saved value is refused naming the
cell, and a workbook that unpacks to more than EXCHANGE_MAX_XLSX_INFLATED_MB is refused before it is read.

`open_table` streams: it reads a binary file object row by row as the rows are consumed (a `StreamedTable`), so
the memory an import needs does not grow with the file; `read_table` reads the whole file into a `Table`."""

import codecs
import csv
import io
import itertools
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from academies.belgian import text
from exchange import messages
from exchange.errors import ImportFailed, RowError
from exchange.headers import HEADER_SEARCH_ROWS
from exchange.xlsx_inspection import inspect_xlsx

MAX_CELL_CHARS = 131_072  # the csv module's default field limit
MAX_HEADER_CHARS = MAX_CELL_CHARS
MAX_COLUMNS = 1_000
MAX_ROW_CHARS = 1_048_576
DELIMITER_LINES = 10
DELIMITER_SAMPLE_CHARS = 100_000
CHUNK = 1 << 20
XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy .xls


@dataclass
class Table:
    """`headers` as written in the file; `rows` yields (spreadsheet row number, values) for non-empty rows."""

    headers: list[str]
    rows: list[tuple[int, list]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[tuple[int, list]]:
        return iter(self.rows)


class StreamedTable:
    """A table read once, as its rows are consumed: `headers` and the first rows (a small buffer, where a header
    below a title row is looked for) are read at once, the rest when iterated. `count` is the number of rows read
    so far; `typed` says whether cells can be other than text (XLSX numbers and dates)."""

    def __init__(self, headers: list[str], rows: Iterator[tuple[int, list]], *, typed: bool,
                 prefix: list | None = None):
        self.headers, self.typed, self.count = headers, typed, 0
        self._rest = rows
        self.prefix = list(itertools.islice(rows, HEADER_SEARCH_ROWS)) if prefix is None else prefix

    def __bool__(self) -> bool:
        if not self.prefix:
            self.prefix = list(itertools.islice(self._rest, 1))
        return bool(self.prefix)

    def __iter__(self) -> Iterator[tuple[int, list]]:
        for row in itertools.chain(self.prefix, self._rest):
            self.count += 1
            yield row

    def relocated(self, is_header) -> "StreamedTable":
        """The table whose header is the first of the first rows for which `is_header(values)` holds (this one when
        its own header does, or none does). Row numbers stay the spreadsheet's."""
        if is_header(self.headers):
            return self
        for position, (_number, values) in enumerate(self.prefix):
            if is_header(values):
                return StreamedTable([text(value) for value in values], self._rest, typed=self.typed,
                                     prefix=self.prefix[position + 1:])
        return self

    def materialise(self) -> Table:
        return Table(headers=self.headers, rows=list(self))


def detect_delimiter(text: str) -> str:
    """The delimiter that splits the first lines (parsed as CSV, so quoted cells do not count) into the same number
    of columns most often, counting only lines it splits at all; a title row above the header splits into one cell
    and so does not decide. An unquoted list (`23045, 33029, Niel`) or decimal-comma amounts in a semicolon file
    split the data rows unevenly by ',' and leave the header whole, so ';' wins; ';' also wins a tie (Belgian
    office software writes it), then ','; ',' when no delimiter splits any line."""
    truncated = len(text) >= DELIMITER_SAMPLE_CHARS
    best, best_score = ",", (0, 0)
    for preference, delimiter in enumerate((";", ",", "\t")):
        try:
            lines = list(itertools.islice(csv.reader(io.StringIO(text), delimiter=delimiter), DELIMITER_LINES + 1))
        except csv.Error:
            continue
        if truncated and len(lines) > 1:
            lines.pop()
        counts = [len(line) for line in lines[:DELIMITER_LINES] if len(line) > 1]
        if not counts:
            continue
        mode = max(set(counts), key=lambda count: (counts.count(count), count))
        score = (counts.count(mode), -preference)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def column_name(headers: list, index: int) -> str:
    """The header of a column as written in the file, or its spreadsheet letter when it has none."""
    from openpyxl.utils import get_column_letter

    header = headers[index] if index < len(headers) else None
    return str(header).strip() if header not in (None, "") else get_column_letter(index + 1)


def cell_too_large(number: int, headers: list, values: list) -> ImportFailed:
    index = next(index for index, value in enumerate(values) if len(value) > MAX_CELL_CHARS)
    return ImportFailed([RowError(number, column_name(headers, index), _(
        "cell too large: %(size)s characters, at most %(limit)s") % {
        "size": _grouped(len(values[index])), "limit": _grouped(MAX_CELL_CHARS)})])


def _grouped(number: int) -> str:
    return number_format(number, use_l10n=True, force_grouping=True)


def check_row_size(number: int, headers: list, values: list) -> None:
    """Refuse a row (the header is row 1) with more than MAX_COLUMNS cells or more characters than a row may hold
    (MAX_HEADER_CHARS for the header, MAX_ROW_CHARS below it), or with a cell over MAX_CELL_CHARS; saying which
    limit, before the row is checked or shown."""
    width = len(values)
    while width and values[width - 1] in (None, ""):
        width -= 1
    if width > MAX_COLUMNS:
        raise ImportFailed([RowError(number, None, _(
            "%(count)s columns, at most %(limit)s: remove the empty or superfluous columns") % {
            "count": _grouped(width), "limit": _grouped(MAX_COLUMNS)})])
    texts = [value for value in values if value.__class__ is str]
    if any(len(value) > MAX_CELL_CHARS for value in texts):
        raise cell_too_large(number, headers, [value if value.__class__ is str else "" for value in values])
    size = sum(map(len, texts))
    limit = MAX_HEADER_CHARS if number == 1 else MAX_ROW_CHARS
    if size <= limit:
        return
    message = _("header row too long: %(size)s characters, at most %(limit)s") if number == 1 else _(
        "row too long: %(size)s characters, at most %(limit)s")
    raise ImportFailed([RowError(number, None, message % {"size": _grouped(size), "limit": _grouped(limit)})])


def _is_blank(values: list) -> bool:
    if all(value.__class__ is str for value in values):
        return not "".join(values).strip()
    return all(value is None or (isinstance(value, str) and not value.strip()) for value in values)


def _decodes(source: BinaryIO, encoding: str) -> bool:
    """Whether the whole file decodes strictly in `encoding`, read in chunks; a NUL character means it is not
    text at all."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    source.seek(0)
    try:
        while chunk := source.read(CHUNK):
            if "\x00" in decoder.decode(chunk):
                raise ImportFailed([RowError(None, None, messages.not_csv_nor_xlsx())])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    finally:
        source.seek(0)
    return True


def csv_encoding(source: BinaryIO) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252, else Latin-1; checked on the whole file."""
    head = source.read(4)
    source.seek(0)
    if head.startswith(b"\xef\xbb\xbf") or head.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-8-sig" if head.startswith(b"\xef\xbb\xbf") else "utf-16"
        if not _decodes(source, encoding):
            raise ImportFailed([RowError(None, None, messages.not_csv_nor_xlsx())])
        return encoding
    for encoding in ("utf-8", "cp1252", "latin-1"):
        if _decodes(source, encoding):
            return encoding
    raise AssertionError("latin-1 decodes any bytes")


def _file_size(source: BinaryIO) -> int:
    position = source.seek(0, io.SEEK_END)
    source.seek(0)
    return position


def stream_csv(source: BinaryIO, keep_blank: bool = False) -> StreamedTable:
    encoding = csv_encoding(source)
    sample = io.TextIOWrapper(source, encoding=encoding, newline="")
    delimiter = detect_delimiter(sample.read(DELIMITER_SAMPLE_CHARS))
    sample.detach()
    source.seek(0)
    # The csv module's own limit would stop at an oversized cell without saying where; cells are measured below.
    csv.field_size_limit(max(csv.field_size_limit(), _file_size(source) + 1))
    reader = csv.reader(io.TextIOWrapper(source, encoding=encoding, newline=""), delimiter=delimiter)

    def damaged(error: csv.Error) -> ImportFailed:
        return ImportFailed([RowError(reader.line_num or None, None,
                                      _("The CSV file is damaged: %(error)s") % {"error": error})])

    try:
        headers = next(reader, [])
    except csv.Error as error:
        raise damaged(error) from error
    check_row_size(1, [], headers)
    headers = [str(header).replace("\ufeff", "").strip() for header in headers]

    def rows() -> Iterator[tuple[int, list]]:
        try:
            for number, values in enumerate(reader, start=2):
                if len(values) > MAX_COLUMNS or sum(map(len, values)) > MAX_CELL_CHARS:
                    check_row_size(number, headers, values)
                if keep_blank or "".join(values).strip():  # the csv module's cells are all text
                    yield number, values
        except csv.Error as error:
            raise damaged(error) from error

    return StreamedTable(headers, rows(), typed=False)


def stream_xlsx(source: BinaryIO, keep_blank: bool = False) -> StreamedTable:
    from openpyxl import load_workbook

    formulas = inspect_xlsx(source).formulas_without_value
    source.seek(0)
    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds of errors on damaged files
        raise ImportFailed([RowError(None, None, messages.xlsx_unreadable())]) from error
    try:
        sheet_rows: Iterator = workbook.worksheets[0].iter_rows(values_only=True)
        headers = list(next(sheet_rows, None) or [])
    except Exception as error:
        workbook.close()
        raise ImportFailed([RowError(None, None, messages.xlsx_unreadable())]) from error
    while headers and headers[-1] is None:
        headers.pop()
    headers = ["" if header is None else str(header).strip() for header in headers]
    check_row_size(1, [], headers)
    if formulas:
        workbook.close()
        raise ImportFailed([RowError(formula.row, column_name(headers, formula.column), _(
            "cell %(cell)s holds a formula without a computed value (%(formula)s): open and save the file in Excel "
            "or LibreOffice, or type the value") % {"cell": formula.coordinate, "formula": formula.formula})
            for formula in formulas])

    def rows() -> Iterator[tuple[int, list]]:
        try:
            for number, values in enumerate(sheet_rows, start=2):
                values = list(values)
                if len(values) > MAX_COLUMNS:
                    check_row_size(number, headers, values)
                if keep_blank or not _is_blank(values):
                    yield number, values
        except ImportFailed:
            raise
        except Exception as error:
            raise ImportFailed([RowError(None, None, messages.xlsx_unreadable())]) from error
        finally:
            workbook.close()

    return StreamedTable(headers, rows(), typed=True)


def open_table(source: BinaryIO, keep_blank: bool = False) -> StreamedTable:
    """CSV or XLSX, told apart by content (not by file name), streamed from a seekable binary file object."""
    source.seek(0)
    head = source.read(4)
    source.seek(0)
    if head.startswith(OLE_MAGIC):
        raise ImportFailed([RowError(None, None, _("Old Excel files (.xls) are not supported: save as .xlsx or "
                                                   "CSV."))])
    if head.startswith(XLSX_MAGIC):
        if not zipfile.is_zipfile(source):
            raise ImportFailed([RowError(None, None, messages.xlsx_unreadable())])
        return stream_xlsx(source, keep_blank)
    return stream_csv(source, keep_blank)


def read_table(data: bytes, keep_blank: bool = False) -> Table:
    """The whole file as a Table (CSV or XLSX, told apart by content)."""
    return open_table(io.BytesIO(data), keep_blank).materialise()


def count_data_rows(data: bytes) -> int:
    """The number of rows below the header, for choosing between preview and background import: an XLSX sheet is
    counted from its XML stream without being loaded (formatted empty rows count too), a CSV file is read through
    without keeping its rows."""
    if data.startswith(XLSX_MAGIC):
        return max(inspect_xlsx(data, formulas=False).rows - 1, 0)
    return sum(1 for _row in open_table(io.BytesIO(data)))
