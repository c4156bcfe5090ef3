"""The annex ZIP "bijlagen": every annex of the `AnswerContent` as files named in Dutch by annex number: tables as
XLSX and CSV (one file per table), maps and charts as SVG and PNG, the research report as its PDF."""

import io
import zipfile

from django.utils.text import slugify

from academies.spreadsheets import export_bytes
from reports.documents import drawings
from reports.documents.content import AnswerContent
from reports.documents.table import Table

ZIP_DATE = (1980, 1, 1, 0, 0, 0)
# Files that are compressed already are stored as they are, the others deflated at zlib's fastest level (the maps'
# SVG paths at the default level took most of the ZIP's time).
COMPRESSED = (".png", ".pdf", ".xlsx")


def _rows(table: Table) -> list[list]:
    return [table.header, *table.rows, *([table.footer] if table.footer else [])]


def table_csv(table: Table) -> bytes:
    return export_bytes(_rows(table), "csv")


def table_xlsx(table: Table, *, title: str) -> bytes:
    return export_bytes(_rows(table), "xlsx", title=title[:31])


def annex_files(content: AnswerContent) -> dict[str, bytes]:
    year = content.year
    files = {}
    svgs, pngs = drawings.svgs(content), drawings.pngs(content)
    for annex in content.annexes:
        name = f"bijlage-{annex.number:02d}-{slugify(annex.title)[:60]}"
        if not name.endswith(str(year)):
            name = f"{name}-{year}"
        if annex.choropleth is not None:
            files[f"{name}.svg"] = svgs[annex.number, "map"].encode("utf-8")
            files[f"{name}.png"] = pngs[annex.number, "map"]
        if annex.document is not None:
            files[f"{name}.pdf"] = annex.document
        if annex.charts:
            charts = zip(svgs[annex.number, "charts"], pngs[annex.number, "charts"], strict=True)
            for index, (svg, png) in enumerate(charts, start=1):
                files[f"{name}-grafiek-{index}.svg"] = svg.encode("utf-8")
                files[f"{name}-grafiek-{index}.png"] = png
        for title, table in annex.tables:
            table_name = f"{name}-{slugify(title)}" if title else name
            files[f"{table_name}.xlsx"] = table_xlsx(table, title=title or annex.title)
            files[f"{table_name}.csv"] = table_csv(table)
    return files


def annex_zip(content: AnswerContent) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in annex_files(content).items():
            compression = zipfile.ZIP_STORED if name.endswith(COMPRESSED) else zipfile.ZIP_DEFLATED
            archive.writestr(zipfile.ZipInfo(name, date_time=ZIP_DATE), data, compress_type=compression,
                             compresslevel=1)
    return buffer.getvalue()
