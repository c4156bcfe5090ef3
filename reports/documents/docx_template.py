"""Writes the default DOCX template of the answer (`templates/antwoord.docx`), a docxtpl template that VLAIO may
restyle in Word or replace (settings.ANSWER_DOCX_TEMPLATE). Run `python -m reports.documents.docx_template` after
changing this file."""

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Mm, Pt

TEMPLATE = Path(__file__).with_name("templates") / "antwoord.docx"

BODY = [
    ("Heading 1", "{{ title }}"),
    (None, "{{p body }}"),
]


def build_template(path: Path = TEMPLATE) -> None:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    for margin in ("left_margin", "right_margin"):
        setattr(section, margin, Mm(18))
    document.styles["Normal"].font.name = "Arial"
    document.styles["Normal"].font.size = Pt(10)
    section.header.paragraphs[0].text = "{{ status_line }}"
    section.footer.paragraphs[0].text = "{{ status_line }}"
    for style, text in BODY:
        document.add_paragraph(text, style=style)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(path)


if __name__ == "__main__":
    build_template()
