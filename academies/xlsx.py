"""The OOXML package of the app's one-sheet workbooks, with the sheet's XML streamed into the zip row by row.

What the package holds is fixed: one worksheet named by the caller with its first row frozen, a bold font, and the
cell styles below (their number formats are what academies.spreadsheets chooses from); inline strings, no shared
string table, so nothing but the current chunk of rows is held in memory. The cells themselves are written by
academies.spreadsheets.write_xlsx.

Why not a library: written alone (no database), 100,000 rows of the final-report export's shape (13 columns) took
4.8 s in openpyxl's write-only workbook (a cell object and an lxml element per cell), 3.2 s in XlsxWriter with
`constant_memory` and `write_row` (3.0 s with typed `write_*` calls; its per-cell bookkeeping), and 0.6 s as these
strings. openpyxl still reads the files (the importer, the tests), and so does LibreOffice in the read-back tests."""

import contextlib
import datetime
import re
import zipfile
from collections.abc import Callable, Iterator
from xml.sax.saxutils import quoteattr

from academies.text import UNPRINTABLE

# Cell style indices (cellXfs in styles.xml); the number formats 3 and 4 are built in (#,##0 and #,##0.00).
BOLD, MONEY, DECIMAL, DATE, DATETIME, WHOLE = 1, 2, 3, 4, 5, 6
NUMBER_FORMATS = {WHOLE: "#,##0", MONEY: "#,##0.00", DECIMAL: "#,##0.0", DATE: "yyyy-mm-dd",
                  DATETIME: "yyyy-mm-dd hh:mm"}
MAX_TEXT = 32_767  # characters in a cell; Excel refuses longer text
# zlib's fastest level: 0.1 s instead of 0.3-0.6 s (level 6) for the 27 MB of sheet XML of 100,000 lines, for a file
# of 3.7 MB instead of 2.8 MB.
COMPRESS_LEVEL = 1
_INVALID_TITLE = re.compile(r"[\\*?:/\[\]]")

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"

_CONTENT_TYPES = f"""{_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
<Default Extension="xml" ContentType="application/xml"/>\
<Override PartName="/xl/workbook.xml" ContentType="{_SHEET_TYPE}.sheet.main+xml"/>\
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_SHEET_TYPE}.worksheet+xml"/>\
<Override PartName="/xl/styles.xml" ContentType="{_SHEET_TYPE}.styles+xml"/>\
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>\
<Override PartName="/docProps/app.xml" \
ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>"""

_PACKAGE_RELS = f"""{_HEAD}<Relationships xmlns="{_RELS}">\
<Relationship Id="rId1" Type="{_DOC_RELS}/officeDocument" Target="xl/workbook.xml"/>\
<Relationship Id="rId2" Type="{_RELS}/metadata/core-properties" Target="docProps/core.xml"/>\
<Relationship Id="rId3" Type="{_DOC_RELS}/extended-properties" Target="docProps/app.xml"/></Relationships>"""

_APP = f"""{_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">\
<Application>STEM-academies</Application></Properties>"""

_CORE = f"""{_HEAD}<cp:coreProperties \
xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" \
xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\
<dcterms:created xsi:type="dcterms:W3CDTF">{{now}}</dcterms:created>\
<dcterms:modified xsi:type="dcterms:W3CDTF">{{now}}</dcterms:modified></cp:coreProperties>"""

_WORKBOOK = f"""{_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_DOC_RELS}"><workbookPr/>\
<bookViews><workbookView activeTab="0"/></bookViews><sheets><sheet name={{name}} sheetId="1" r:id="rId1"/></sheets>\
<calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>"""

_WORKBOOK_RELS = f"""{_HEAD}<Relationships xmlns="{_RELS}">\
<Relationship Id="rId1" Type="{_DOC_RELS}/worksheet" Target="worksheets/sheet1.xml"/>\
<Relationship Id="rId2" Type="{_DOC_RELS}/styles" Target="styles.xml"/></Relationships>"""

_FONT = '<sz val="11"/><name val="Calibri"/><family val="2"/>'
_STYLES = f"""{_HEAD}<styleSheet xmlns="{_MAIN}"><numFmts count="3">\
<numFmt numFmtId="164" formatCode="{NUMBER_FORMATS[DECIMAL]}"/>\
<numFmt numFmtId="165" formatCode="{NUMBER_FORMATS[DATE]}"/>\
<numFmt numFmtId="166" formatCode="{NUMBER_FORMATS[DATETIME]}"/></numFmts>\
<fonts count="2"><font>{_FONT}</font><font><b/>{_FONT}</font></fonts>\
<fills count="2"><fill><patternFill patternType="none"/></fill>\
<fill><patternFill patternType="gray125"/></fill></fills>\
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="7">\
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
<xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>\
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"""

_SHEET_START = f"""{_HEAD}<worksheet xmlns="{_MAIN}" xmlns:r="{_DOC_RELS}"><sheetViews>\
<sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>\
<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>\
<sheetFormatPr defaultRowHeight="15"/><sheetData>"""
_SHEET_END = """</sheetData>\
<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/></worksheet>"""

# Characters that need more than copying into a <t> element: markup, a carriage return (an XML parser would read it
# as a line feed), and what academies.text.UNPRINTABLE names (the control characters XML 1.0 cannot hold, C1
# controls, bidi overrides), which are left out (openpyxl refused the whole file; Excel's _xHHHH_ escape would reach
# the importer, which reads files through openpyxl, as literal text).
_SPECIAL = re.compile(f"[&<>\r]|{UNPRINTABLE.pattern}")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"}


def _replace(match: re.Match) -> str:
    return _ENTITIES.get(match.group(), "")


def text_element(value: str) -> str:
    """`value` as the <is> content of an inline-string cell: cut at MAX_TEXT characters, escaped, with
    xml:space="preserve" when it starts or ends with white space."""
    if len(value) > MAX_TEXT:
        value = value[:MAX_TEXT]
    preserve = value != value.strip()
    if _SPECIAL.search(value):
        value = _SPECIAL.sub(_replace, value)
    return f'<t xml:space="preserve">{value}</t>' if preserve else f"<t>{value}</t>"


def sheet_title(title: str) -> str:
    """The sheet name Excel accepts: at most 31 characters, none of \\ * ? : / [ ]."""
    title = (title or "data")[:31]
    if _INVALID_TITLE.search(title):
        raise ValueError(f"A sheet name cannot hold \\ * ? : / [ or ]: {title!r}")
    return title


@contextlib.contextmanager
def sheet_stream(stream, *, title: str) -> Iterator[Callable[[str], None]]:
    """Write a workbook to the binary `stream`; yields a function that appends XML (whole <row> elements) to the
    sheet's <sheetData>. Call it with large chunks: each call goes through the zip's deflate stream."""
    now = datetime.datetime.now(datetime.UTC).replace(tzinfo=None).isoformat(timespec="seconds") + "Z"
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL) as archive:
        for name, content in (("[Content_Types].xml", _CONTENT_TYPES), ("_rels/.rels", _PACKAGE_RELS),
                              ("docProps/app.xml", _APP), ("docProps/core.xml", _CORE.format(now=now)),
                              ("xl/workbook.xml", _WORKBOOK.format(name=quoteattr(sheet_title(title)))),
                              ("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS), ("xl/styles.xml", _STYLES)):
            archive.writestr(name, content)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(_SHEET_START.encode())
            yield lambda xml: sheet.write(xml.encode())
            sheet.write(_SHEET_END.encode())
