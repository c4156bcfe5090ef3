"""The annex ZIP "bijlagen": every annex of the answer for year Y as a file named in Dutch by annex number."""

import csv
import io
import zipfile

from django.utils.text import slugify
from openpyxl import Workbook

from reports.documents.content import AnswerContent, Table
from reports.exports import escape_formula
from reports.map_images import choropleth_png, choropleth_svg

ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def table_csv(table: Table) -> bytes:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";")
    for row in [table.header, *table.rows, *([table.footer] if table.footer else [])]:
        writer.writerow(["" if value is None else escape_formula(value) for value in row])
    return buffer.getvalue().encode("utf-8")


def tables_xlsx(sheets: dict[str, Table]) -> bytes:
    workbook = Workbook(write_only=True)
    for title, table in sheets.items():
        sheet = workbook.create_sheet(title=title[:31])
        for row in [table.header, *table.rows, *([table.footer] if table.footer else [])]:
            sheet.append([escape_formula(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def annex_files(content: AnswerContent) -> dict[str, bytes]:
    year = content.year
    files = {
        f"bijlage-01-bereikte-gemeenten-{year}.xlsx": tables_xlsx({f"Bereikte gemeenten {year}": content.annex_1}),
        f"bijlage-01-bereikte-gemeenten-{year}.csv": table_csv(content.annex_1),
    }
    for annex in content.maps:
        name = f"bijlage-{annex.number:02d}-kaart-{slugify(annex.title)}-{year}"
        files[f"{name}.svg"] = choropleth_svg(annex.choropleth).encode("utf-8")
        files[f"{name}.png"] = choropleth_png(annex.choropleth)
    files[f"bijlage-08-overzicht-per-jaar-{year}.xlsx"] = tables_xlsx({"Overzicht per jaar": content.overview})
    files[f"bijlage-08-overzicht-per-jaar-{year}.csv"] = table_csv(content.overview)
    files[f"bijlage-09-gemeenten-per-jaar-{year}.xlsx"] = tables_xlsx({
        "Gemeenten van elk jaar": content.by_year_own, "Gemeenten van vandaag": content.by_year_today})
    return files


def annex_zip(content: AnswerContent) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in annex_files(content).items():
            archive.writestr(zipfile.ZipInfo(name, date_time=ZIP_DATE), data, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()
