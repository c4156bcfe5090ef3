"""Writes the default DOCX template of the answer (`templates/antwoord.docx`), a docxtpl template that VLAIO may
restyle in Word or replace (settings.ANSWER_DOCX_TEMPLATE). Run `python -m reports.documents.docx_template` after
changing this file."""

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Mm, Pt

TEMPLATE = Path(__file__).with_name("templates") / "antwoord.docx"

BODY = [
    ("Heading 1", "STEM-academies: stand van zaken {{ year }}"),
    ("Heading 2", "1. Gemeenten met minstens één STEM-academie in {{ year }}, per provincie, met de bereikte kinderen "
                  "en jongeren"),
    (None, "{%p for text in answer_1 %}"), (None, "{{ text }}"), (None, "{%p endfor %}"),
    (None, "{{p provinces_table }}"),
    ("Heading 2", "2. Middelen in {{ year }} en begroting {{ year + 1 }}"),
    (None, "{%p for text in answer_2 %}"), (None, "{{ text }}"), (None, "{%p endfor %}"),
    (None, "{{p calls_table }}"),
    ("Heading 2", "3. Academies, gemeenten en deelnemers per jaar sinds de start"),
    (None, "{%p for text in answer_3 %}"), (None, "{{ text }}"), (None, "{%p endfor %}"),
    (None, "{{p overview_table }}"),
    ("Heading 1", "Bijlage 1. Bereikte gemeenten {{ year }} per provincie"),
    (None, "{{p annex_1_table }}"),
    (None, "{%p for map in maps %}"),
    ("Heading 1", "Bijlage {{ map.number }}. Kaart van het bereik: {{ map.title }}"),
    (None, "{{ map.image }}"),
    (None, "{%p endfor %}"),
    ("Heading 1", "Bijlage 8. Overzicht per jaar"),
    (None, "{{p overview_table_annex }}"),
    ("Heading 1", "Bijlage 9. Gemeenten per jaar (gemeenten van elk jaar)"),
    (None, "{{p by_year_own_table }}"),
    ("Heading 1", "Bijlage 10. Gemeenten per jaar (gemeenten van vandaag)"),
    (None, "{{p by_year_today_table }}"),
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
