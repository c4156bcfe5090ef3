"""Facts about an XLSX file found by streaming its first sheet's XML, without building the sheet in memory: the size
it inflates to (bounded by settings.EXCHANGE_MAX_XLSX_INFLATED_BYTES, so that a small zip cannot expand into
gigabytes), the number of rows (for the admin's choice between preview and background import) and the formula cells
that carry no computed value (which openpyxl would read as empty)."""

import io
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import BinaryIO

from django.conf import settings
from django.utils.translation import gettext as _
from lxml import etree

from exchange import messages
from exchange.errors import ImportFailed, RowError

CHUNK = 1 << 20
_PREFIX = re.compile(rb"<(\w+:)?worksheet[\s>]")
_COORDINATE = re.compile(r"^([A-Z]+)(\d+)$")
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"


@dataclass
class FormulaWithoutValue:
    row: int
    column: int  # 0-based
    coordinate: str
    formula: str


@dataclass
class XlsxFacts:
    rows: int = 0
    formulas_without_value: list[FormulaWithoutValue] = field(default_factory=list)


def first_sheet_path(archive: zipfile.ZipFile) -> str:
    """The first worksheet's part name, from xl/workbook.xml and its relationships."""
    try:
        workbook = etree.fromstring(archive.read("xl/workbook.xml"))
        sheet = workbook.find(f"{{{MAIN_NS}}}sheets/{{{MAIN_NS}}}sheet")
        rel_id = sheet.get(f"{{{REL_NS}}}id")
        rels = etree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        for rel in rels.iter(f"{{{PACKAGE_REL_NS}}}Relationship"):
            if rel.get("Id") == rel_id:
                target = rel.get("Target")
                return target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                    posixpath.join("xl", target))
    except (KeyError, AttributeError, etree.XMLSyntaxError):
        pass
    return "xl/worksheets/sheet1.xml"


def _unreadable() -> ImportFailed:
    return ImportFailed([RowError(None, None, messages.xlsx_unreadable())])


def check_inflated_size(archive: zipfile.ZipFile) -> None:
    limit = settings.EXCHANGE_MAX_XLSX_INFLATED_BYTES
    size = sum(info.file_size for info in archive.infolist())
    if size > limit:
        raise ImportFailed([RowError(None, None, _(
            "The XLSX workbook unpacks to %(size)s MB; the limit is %(limit)s MB. Save it as CSV, or split it.") % {
            "size": messages.megabytes(size), "limit": messages.megabytes(limit)})])


def inspect_xlsx(data: bytes | BinaryIO, *, formulas: bool = True) -> XlsxFacts:
    """Rows of the first sheet (an upper bound: formatted empty rows count too) and, with `formulas`, its formula
    cells without a value; `data` is the file's bytes or a seekable binary file object. Raises ImportFailed when the
    workbook unpacks to more than the limit or is not a workbook."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data) if isinstance(data, bytes | bytearray) else data)
    except zipfile.BadZipFile as error:
        raise _unreadable() from error
    try:
        with archive:
            check_inflated_size(archive)
            return _facts_of(archive, first_sheet_path(archive), formulas=formulas)
    except (KeyError, zipfile.BadZipFile, OSError, EOFError, zlib.error, etree.XMLSyntaxError) as error:
        raise _unreadable() from error


def _facts_of(archive: zipfile.ZipFile, path: str, *, formulas: bool) -> XlsxFacts:
    facts, has_formulas, tail, tags = XlsxFacts(), False, b"", None
    with archive.open(path) as stream:
        while chunk := stream.read(CHUNK):
            window = tail + chunk
            if tags is None:  # <row> or, with a namespace prefix, <x:row>
                prefix = (_PREFIX.search(window) or _PREFIX.search(b"<worksheet>")).group(1) or b""
                tags = (b"<" + prefix + b"row", b"<" + prefix + b"rowBreaks",
                        (b"<" + prefix + b"f>", b"<" + prefix + b"f "))
            facts.rows += (window.count(tags[0]) - tail.count(tags[0])
                           - window.count(tags[1]) + tail.count(tags[1]))
            has_formulas = has_formulas or any(tag in window for tag in tags[2])
            tail = window[-12:]
    if formulas and has_formulas:
        with archive.open(path) as stream:
            facts.formulas_without_value = _formulas_without_value(stream)
    return facts


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def _formulas_without_value(stream) -> list[FormulaWithoutValue]:
    from lxml import etree

    found = []
    for _event, cell in etree.iterparse(stream, tag=f"{{{MAIN_NS}}}c", huge_tree=False):
        formula = cell.find(f"{{{MAIN_NS}}}f")
        if formula is not None:
            value = cell.find(f"{{{MAIN_NS}}}v")
            inline = cell.find(f"{{{MAIN_NS}}}is")
            if (value is None or value.text in (None, "")) and inline is None:
                coordinate = cell.get("r") or ""
                match = _COORDINATE.match(coordinate)
                if match:
                    found.append(FormulaWithoutValue(int(match.group(2)), _column_index(match.group(1)),
                                                     coordinate, "=" + (formula.text or "…")))
        cell.clear()
        row = cell.getparent()
        while cell.getprevious() is not None:
            del row[0]
    return found
