"""The answer as DOCX: the docxtpl template (settings.ANSWER_DOCX_TEMPLATE, the shipped one by default) filled with
the texts; tables are built as sub-documents, maps embedded as PNG."""

import io
from pathlib import Path
from xml.sax.saxutils import escape

from django.conf import settings
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from markupsafe import Markup

from academies.text import printable_data
from reports.documents.content import AnswerContent
from reports.documents.table import Table
from reports.map_images import choropleth_png

DEFAULT_TEMPLATE = Path(__file__).with_name("templates") / "antwoord.docx"
MAP_WIDTH = Mm(170)


def template_path() -> Path:
    return Path(getattr(settings, "ANSWER_DOCX_TEMPLATE", "") or DEFAULT_TEMPLATE)


def _cell(text: str, *, bold: bool, half_points: int) -> str:
    weight = "<w:b/>" if bold else ""
    return (f"<w:tc><w:p><w:pPr><w:spacing w:before=\"0\" w:after=\"0\"/></w:pPr><w:r><w:rPr>{weight}"
            f"<w:sz w:val=\"{half_points}\"/></w:rPr><w:t xml:space=\"preserve\">{escape(text)}</w:t></w:r></w:p>"
            "</w:tc>")


def _table(table: Table, *, font_size: float = 8) -> Markup:
    """A table as WordprocessingML for a `{{p ... }}` tag, written at once (python-docx's cell API is quadratic in
    the rows, a docxtpl sub-document opens a whole document per table); style "Table Grid" of the template, header
    row repeated on every page."""
    half_points = round(font_size * 2)
    table = table.text()
    rows = [f"<w:tr><w:trPr><w:tblHeader/></w:trPr>"
            f"{''.join(_cell(text, bold=True, half_points=half_points) for text in table.header)}</w:tr>"]
    rows += [f"<w:tr>{''.join(_cell(text, bold=False, half_points=half_points) for text in row)}</w:tr>"
             for row in table.rows]
    if table.footer:
        rows.append(f"<w:tr>{''.join(_cell(text, bold=True, half_points=half_points) for text in table.footer)}</w:tr>")
    grid = "".join("<w:gridCol/>" for _header in table.header)
    xml = ("<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"5000\" "
           f"w:type=\"pct\"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>")
    return Markup(xml)


def render_docx(content: AnswerContent) -> bytes:
    template = DocxTemplate(template_path())
    maps = [{"number": annex.number, "title": annex.title,
             "image": InlineImage(template, io.BytesIO(choropleth_png(annex.choropleth)), width=MAP_WIDTH)}
            for annex in content.maps]
    template.render(printable_data({
        "year": content.year, "status_line": content.status_line, "date": content.date_text,
        "answer_1": content.answer_1, "answer_2": content.answer_2, "answer_3": content.answer_3,
        "provinces_table": _table(content.provinces),
        "calls_table": _table(content.calls),
        "overview_table": _table(content.overview),
        "overview_table_annex": _table(content.overview),
        "annex_1_table": _table(content.annex_1),
        "by_year_own_table": _table(content.by_year_own, font_size=7),
        "by_year_today_table": _table(content.by_year_today, font_size=7),
        "maps": maps,
    }), autoescape=True)
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()
