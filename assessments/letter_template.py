"""Writes the default decision-letter templates (`letter_templates/<call kind>.docx`), docxtpl templates that VLAIO
may restyle in Word. Run `python -m assessments.letter_template` after changing this file."""

from pathlib import Path

from docx import Document
from docx.shared import Mm, Pt

FOLDER = Path(__file__).with_name("letter_templates")

OPENING = [
    (None, "Vlaams Agentschap Innoveren & Ondernemen (VLAIO)"),
    (None, "{{ academy_name }}{% if kbo_number %} (KBO {{ kbo_number }}){% endif %}"),
    (None, "Datum: {{ decided_on }}"),
    ("Heading 1", "Beslissing over uw aanvraag in de oproep {{ call_title }}"),
    (None, "Geachte,"),
]
AWARD = {
    "academy_rollout": [
        (None, "{% if awarded %}Wij kennen {{ academy_name }} een subsidie toe van {{ amount }} voor de uitrol van de "
               "STEM-academie in {{ municipality_count }} gemeente(n): {{ municipalities }}. De subsidie wordt "
               "berekend per bereikte gemeente.{% endif %}"),
    ],
    "partnership_project": [
        (None, "{% if awarded %}Wij kennen het samenwerkingsproject van {{ academy_name }} een subsidie toe van "
               "{{ amount }}.{% if municipalities %} Gemeenten: {{ municipalities }}.{% endif %}{% endif %}"),
    ],
}
CLOSING = [
    (None, "{% if not awarded %}Wij kunnen uw aanvraag niet toekennen. Reden: {{ reason }}{% endif %}"),
    (None, "{% if awarded and reason %}Toelichting bij het bedrag: {{ reason }}{% endif %}"),
    (None, "U vindt de beslissing ook in het portaal: {{ portal_url }}"),
    (None, "Met vriendelijke groeten,"),
    (None, "{{ decided_by }}"),
]


def build_templates(folder: Path = FOLDER) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for kind, body in AWARD.items():
        document = Document()
        section = document.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        document.styles["Normal"].font.name = "Arial"
        document.styles["Normal"].font.size = Pt(10)
        for style, text in [*OPENING, *body, *CLOSING]:
            document.add_paragraph(text, style=style)
        document.save(folder / f"{kind}.docx")


if __name__ == "__main__":
    build_templates()
