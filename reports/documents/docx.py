"""The answer as DOCX: the docxtpl template (settings.ANSWER_DOCX_TEMPLATE, the shipped one by default) filled with
the `AnswerContent`: its title, status line and body, the body written as WordprocessingML at once from the parts
and annexes (headings in the template's "Heading 1/2" styles, lists in "List Bullet", tables in "Table Grid"), maps
and charts embedded as PNG."""

import io
from pathlib import Path
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage

from academies.text import printable, printable_data
from reports.documents import drawings
from reports.documents.content import AnswerContent, Block
from reports.documents.table import Table

DEFAULT_TEMPLATE = Path(__file__).with_name("templates") / "antwoord.docx"
MAP_WIDTH = Mm(170)


def template_path() -> Path:
    return Path(getattr(settings, "ANSWER_DOCX_TEMPLATE", "") or DEFAULT_TEMPLATE)


def _run(text: str, *, bold: bool = False, half_points: int | None = None) -> str:
    props = ("<w:b/>" if bold else "") + (f'<w:sz w:val="{half_points}"/>' if half_points else "")
    return (f"<w:r>{f'<w:rPr>{props}</w:rPr>' if props else ''}"
            f'<w:t xml:space="preserve">{escape(printable(text))}</w:t></w:r>')


def _paragraph(text: str, *, style: str | None = None, bold: bool = False, half_points: int | None = None) -> str:
    properties = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{properties}{_run(text, bold=bold, half_points=half_points)}</w:p>"


PAGE_BREAK = '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'


def _cell(text: str, *, bold: bool, half_points: int) -> str:
    return ('<w:tc><w:p><w:pPr><w:spacing w:before="0" w:after="0"/></w:pPr>'
            f"{_run(text, bold=bold, half_points=half_points)}</w:p></w:tc>")


def table_xml(table: Table, *, font_size: float = 8) -> str:
    """A table as WordprocessingML (python-docx's cell API is quadratic in the rows); style "Table Grid" of the
    template, header row repeated on every page."""
    half_points = round(font_size * 2)
    table = table.text()
    rows = [f"<w:tr><w:trPr><w:tblHeader/></w:trPr>"
            f"{''.join(_cell(text, bold=True, half_points=half_points) for text in table.header)}</w:tr>"]
    rows += [f"<w:tr>{''.join(_cell(text, bold=False, half_points=half_points) for text in row)}</w:tr>"
             for row in table.rows]
    if table.footer:
        rows.append(f"<w:tr>{''.join(_cell(text, bold=True, half_points=half_points) for text in table.footer)}</w:tr>")
    grid = "".join("<w:gridCol/>" for _header in table.header)
    return ('<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="5000" '
            f'w:type="pct"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{"".join(rows)}</w:tbl>')


def _image(template: DocxTemplate, png: bytes) -> str:
    drawing = InlineImage(template, io.BytesIO(png), width=MAP_WIDTH)._insert_image()
    return f"<w:p><w:r><w:t>{drawing}</w:t></w:r></w:p>"


def _block(template: DocxTemplate, block: Block) -> str:
    if block.kind == "text":
        return _paragraph(block.text, half_points=16 if block.small else None)
    if block.kind == "list":
        return "".join(_paragraph(item, style="ListBullet") for item in block.items)
    if block.kind == "table":
        caption = _paragraph(block.caption, bold=True) if block.caption else ""
        return caption + table_xml(block.table) + _paragraph("")
    return ""


def body_xml(template: DocxTemplate, content: AnswerContent) -> str:
    parts = [_paragraph(text) for text in content.header]
    for part in content.parts:
        if part.heading:
            parts.append(_paragraph(part.heading, style="Heading2"))
        parts += [_paragraph(text) for text in part.before]
        parts += [_block(template, block) for block in part.blocks]
        parts += [_paragraph(text) for text in part.after]
    parts += [_paragraph(text) for text in content.closing]
    with translation.override(content.language):
        if content.annexes:
            parts.append(_paragraph(_("Annexes"), style="Heading2"))
            parts += [_paragraph(f"{annex.number}. {annex.title}") for annex in content.annexes]
        images = drawings.pngs(content) if content.annexes else {}
        for annex in content.annexes:
            parts.append(PAGE_BREAK)
            parts.append(_paragraph(_("Annex %(number)s. %(title)s") % {"number": annex.number, "title": annex.title},
                                    style="Heading1"))
            if annex.choropleth is not None:
                parts.append(_image(template, images[annex.number, "map"]))
            if annex.document is not None:
                parts.append(_paragraph(_("The research report is attached as a PDF file: %(name)s (in the annexes "
                                          "ZIP).") % {"name": annex.document_name}))
            parts += [_image(template, png) for png in images.get((annex.number, "charts"), [])]
            for title, table in annex.tables:
                if title:
                    parts.append(_paragraph(title, style="Heading3"))
                parts.append(table_xml(table, font_size=7 if len(table.header) > 9 else 8))
                parts.append(_paragraph(""))
    return "".join(parts)


class _Body:
    """The body, written when docxtpl renders the template (images can only be added to the part being
    rendered)."""

    def __init__(self, template: DocxTemplate, content: AnswerContent):
        self.template, self.content = template, content

    def __html__(self) -> str:
        return body_xml(self.template, self.content)

    __str__ = __html__


def render_docx(content: AnswerContent) -> bytes:
    template = DocxTemplate(template_path())
    template.render(printable_data({"year": content.year, "title": content.title, "status_line": content.status_line,
                                    "date": content.date_text, "body": _Body(template, content)}), autoescape=True)
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()
