"""Real spreadsheet files written by LibreOffice (`soffice --headless --convert-to`), for the import tests.

A test describes a sheet as rows of cells (`Currency`, `Formula`, dates, numbers, text) and asks for it as XLSX or as
the CSV that Belgian LibreOffice writes ("save cell contents as shown": `€ 12.500`, `4.000,50`, `04/05/2022`). The
sheet is first written as flat OpenDocument (FODS, plain XML with nl-BE number styles) and then converted by
LibreOffice itself, so the bytes under test are LibreOffice's, not ours. Conversions are cached per session by
content; several pending sheets are converted in one soffice run."""

import datetime
import hashlib
import shutil
import subprocess
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape

SOFFICE = shutil.which("soffice") or "/usr/bin/soffice"
TIMEOUT_SECONDS = 180

# Filter options of "Text - txt - csv (StarCalc)": field separator ';', text delimiter '"', UTF-8, first line 1,
# (no column formats), language nl-BE (2067), quoted fields as text off, detect special numbers on,
# save cell contents as shown on: what a Belgian user gets from "Opslaan als CSV".
BELGIAN_CSV_FILTER = "csv:Text - txt - csv (StarCalc):59,34,76,1,,2067,false,true,true"
XLSX_FILTER = "xlsx:Calc MS Excel 2007 XML"


@dataclass(frozen=True)
class Currency:
    """A euro cell with the nl-BE currency format (`€ 12.500` with decimals=0, `€ 12.500,50` with 2)."""

    value: Decimal | int | float
    decimals: int = 0


@dataclass(frozen=True)
class Formula:
    """A formula in OpenFormula syntax (`of:=[.A2]*3`), written without a value: LibreOffice computes it on load
    and saves the computed value with it (the cached value an importer reads)."""

    formula: str
    value_type: str = "float"


@dataclass(frozen=True)
class Grouped:
    """A number shown with the nl-BE thousands dot and `decimals` decimals (4.000 or 4.000,50)."""

    value: Decimal | int | float
    decimals: int = 0


_NAMESPACES = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "number": "urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "of": "urn:oasis:names:tc:opendocument:xmlns:of:1.2",
}.items())

_STYLES = """<office:automatic-styles>
 <number:currency-style style:name="EUR0" number:language="nl" number:country="BE">
  <number:currency-symbol number:language="nl" number:country="BE">€</number:currency-symbol>
  <number:text> </number:text>
  <number:number number:decimal-places="0" number:min-integer-digits="1" number:grouping="true"/>
 </number:currency-style>
 <number:currency-style style:name="EUR2" number:language="nl" number:country="BE">
  <number:currency-symbol number:language="nl" number:country="BE">€</number:currency-symbol>
  <number:text> </number:text>
  <number:number number:decimal-places="2" number:min-integer-digits="1" number:grouping="true"/>
 </number:currency-style>
 <number:number-style style:name="NUM0" number:language="nl" number:country="BE">
  <number:number number:decimal-places="0" number:min-integer-digits="1" number:grouping="true"/>
 </number:number-style>
 <number:number-style style:name="NUM2" number:language="nl" number:country="BE">
  <number:number number:decimal-places="2" number:min-integer-digits="1" number:grouping="true"/>
 </number:number-style>
 <number:number-style style:name="PLAIN" number:language="nl" number:country="BE">
  <number:number number:min-integer-digits="1"/>
 </number:number-style>
 <number:date-style style:name="DATE" number:language="nl" number:country="BE">
  <number:day number:style="long"/><number:text>/</number:text><number:month number:style="long"/>
  <number:text>/</number:text><number:year number:style="long"/>
 </number:date-style>
 <style:style style:name="ceEUR0" style:family="table-cell" style:data-style-name="EUR0"/>
 <style:style style:name="ceEUR2" style:family="table-cell" style:data-style-name="EUR2"/>
 <style:style style:name="ceNUM0" style:family="table-cell" style:data-style-name="NUM0"/>
 <style:style style:name="ceNUM2" style:family="table-cell" style:data-style-name="NUM2"/>
 <style:style style:name="cePLAIN" style:family="table-cell" style:data-style-name="PLAIN"/>
 <style:style style:name="ceDATE" style:family="table-cell" style:data-style-name="DATE"/>
</office:automatic-styles>"""


def _cell(value) -> str:
    if value is None or value == "":
        return "<table:table-cell/>"
    if isinstance(value, Currency):
        return (f'<table:table-cell table:style-name="ceEUR{2 if value.decimals else 0}" '
                f'office:value-type="currency" office:currency="EUR" office:value="{value.value}"/>')
    if isinstance(value, Grouped):
        return (f'<table:table-cell table:style-name="ceNUM{2 if value.decimals else 0}" '
                f'office:value-type="float" office:value="{value.value}"/>')
    if isinstance(value, Formula):
        return (f'<table:table-cell table:style-name="cePLAIN" table:formula="{escape(value.formula)}" '
                f'office:value-type="{value.value_type}"/>')  # no cached value: LibreOffice computes it on load
    if isinstance(value, bool):
        raise TypeError("no booleans in import files")
    if isinstance(value, (int, float, Decimal)):
        return f'<table:table-cell table:style-name="cePLAIN" office:value-type="float" office:value="{value}"/>'
    if isinstance(value, datetime.date):
        return (f'<table:table-cell table:style-name="ceDATE" office:value-type="date" '
                f'office:date-value="{value.isoformat()}"/>')
    return f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}</text:p></table:table-cell>'


def fods(rows: list[list], *, sheet: str = "Blad1") -> str:
    """A flat OpenDocument spreadsheet with one sheet holding `rows`."""
    body = "".join("<table:table-row>" + "".join(_cell(value) for value in row) + "</table:table-row>"
                   for row in rows)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document {_NAMESPACES} office:version="1.2" '
            f'office:mimetype="application/vnd.oasis.opendocument.spreadsheet">{_STYLES}'
            f'<office:body><office:spreadsheet><table:table table:name="{escape(sheet)}">{body}'
            f'</table:table></office:spreadsheet></office:body></office:document>')


class LibreOffice:
    """Converts sheets with one headless soffice per batch; results are cached in `folder` by content hash."""

    def __init__(self, folder: Path, executable: str = SOFFICE):
        self.folder, self.executable = folder, executable
        self.profile = folder / "profile"
        self.cache: dict[tuple[str, str], bytes] = {}

    @staticmethod
    def _key(source: str | bytes) -> str:
        return hashlib.sha256(source if isinstance(source, bytes) else source.encode("utf-8")).hexdigest()[:16]

    def convert_many(self, sources: list[str | bytes], target: str, *, source_suffix: str = "fods") -> list[bytes]:
        """Each source (FODS XML, CSV text with source_suffix='csv', or a file's bytes with its suffix) converted by
        LibreOffice with `target` (XLSX_FILTER, BELGIAN_CSV_FILTER or any `--convert-to` argument)."""
        extension = target.split(":", 1)[0]
        pending = {}
        for source in sources:
            key = self._key(source)
            if (key, target) not in self.cache:
                pending[key] = source
        if pending:
            batch = self.folder / hashlib.sha256(target.encode()).hexdigest()[:8]
            inputs, outputs = batch / "in", batch / "out"
            inputs.mkdir(parents=True, exist_ok=True)
            paths = []
            for key, source in pending.items():
                path = inputs / f"{key}.{source_suffix}"
                if isinstance(source, bytes):
                    path.write_bytes(source)
                else:
                    path.write_text(source, encoding="utf-8")
                paths.append(str(path))
            subprocess.run(
                [self.executable, f"-env:UserInstallation=file://{self.profile}", "--headless", "--norestore",
                 "--convert-to", target, "--outdir", str(outputs), *paths],
                check=True, capture_output=True, timeout=TIMEOUT_SECONDS)
            for key in pending:
                self.cache[(key, target)] = (outputs / f"{key}.{extension}").read_bytes()
        return [self.cache[(self._key(source), target)] for source in sources]

    def xlsx(self, rows: list[list]) -> bytes:
        return self.convert_many([fods(rows)], XLSX_FILTER)[0]

    def belgian_csv(self, rows: list[list]) -> bytes:
        return self.convert_many([fods(rows)], BELGIAN_CSV_FILTER)[0]

    def xlsx_as_belgian_csv(self, workbooks: list[bytes]) -> list[bytes]:
        """XLSX files (the app's exports) opened by LibreOffice and saved as the CSV a Belgian user gets: how the
        cells show, number formats applied."""
        return self.convert_many(workbooks, BELGIAN_CSV_FILTER, source_suffix="xlsx")

    def csv_to_xlsx(self, text: str) -> bytes:
        """A CSV opened and saved as XLSX by LibreOffice (cells typed the way LibreOffice guesses them)."""
        return self.convert_many([text], XLSX_FILTER, source_suffix="csv")[0]
