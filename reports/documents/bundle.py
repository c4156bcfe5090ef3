"""The annex ZIP "bijlagen": every annex of the answer for year Y as a file named in Dutch by annex number."""

import io
import zipfile

from django.utils.text import slugify

from academies.spreadsheets import export_bytes
from reports.documents.content import AnswerContent
from reports.documents.table import Table
from reports.map_images import choropleth_png, choropleth_svg

ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def _rows(table: Table) -> list[list]:
    return [table.header, *table.rows, *([table.footer] if table.footer else [])]


def table_csv(table: Table) -> bytes:
    return export_bytes(_rows(table), "csv")


def table_xlsx(table: Table, *, title: str) -> bytes:
    return export_bytes(_rows(table), "xlsx", title=title)


def annex_files(content: AnswerContent) -> dict[str, bytes]:
    year = content.year
    files = {
        f"bijlage-01-bereikte-gemeenten-{year}.xlsx": table_xlsx(content.annex_1, title=f"Bereikte gemeenten {year}"),
        f"bijlage-01-bereikte-gemeenten-{year}.csv": table_csv(content.annex_1),
    }
    for annex in content.maps:
        name = f"bijlage-{annex.number:02d}-kaart-{slugify(annex.title)}-{year}"
        files[f"{name}.svg"] = choropleth_svg(annex.choropleth).encode("utf-8")
        files[f"{name}.png"] = choropleth_png(annex.choropleth)
    files[f"bijlage-08-overzicht-per-jaar-{year}.xlsx"] = table_xlsx(content.overview, title="Overzicht per jaar")
    files[f"bijlage-08-overzicht-per-jaar-{year}.csv"] = table_csv(content.overview)
    files[f"bijlage-09-gemeenten-per-jaar-{year}.xlsx"] = table_xlsx(content.by_year_own,
                                                                     title="Gemeenten van elk jaar")
    files[f"bijlage-10-gemeenten-per-jaar-gemeenten-van-vandaag-{year}.xlsx"] = table_xlsx(
        content.by_year_today, title="Gemeenten van vandaag")
    return files


def annex_zip(content: AnswerContent) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in annex_files(content).items():
            archive.writestr(zipfile.ZipInfo(name, date_time=ZIP_DATE), data, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()
