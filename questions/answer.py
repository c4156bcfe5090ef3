"""The answer to a written question: the header as Parliament sends it, the question, the text blocks staff wrote
and, per part asked, the texts, tables and figures of the answer content of each year asked.

This is the one module that reads `reports.documents.content`: when the answer content offers an entry point with
a header, text blocks and a selection of parts, only this module changes. Figures come from the answer content and
are never typed nor edited here."""

import datetime
import io
import json
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

import typst
from django.utils import translation
from django.utils.translation import gettext as _
from docx import Document
from docx.shared import Pt

from reports.documents.content import AnswerContent, Figure, answer_content
from reports.documents.table import Table

PDF_TEMPLATE = Path(__file__).with_name("answer.typ")
FONT_DIRS = ["/usr/share/fonts/truetype/dejavu"]
LETTERHEAD = ("Vlaamse overheid", "Agentschap Innoveren & Ondernemen (VLAIO)", "Koning Albert II-laan 35 bus 12",
              "1030 Brussel")
FIGURE_PREFIXES = {
    "reach": ("municipalities_", "province_*_confirmed"),
    "children": ("participants", "reports_", "boys_share", "girls_share", "province_*_participants",
                 "province_*_boys_share", "province_*_girls_share"),
    "money": ("rollout_", "partnership_", "budget_next_year"),
    "trend": (),
    "events": ("events",),
}


def _figure_in_part(figure: Figure, part: str) -> bool:
    for pattern in FIGURE_PREFIXES.get(part, ()):
        if "*" in pattern:
            start, end = pattern.split("*")
            if figure.key.startswith(start) and figure.key.endswith(end):
                return True
        elif figure.key.startswith(pattern):
            return True
    return False


def _paragraphs_of(content: AnswerContent, part: str) -> tuple[list[str], list[Table]]:
    uit = [text for text in content.answer_3 if "UiT" in text]
    if part == "reach":
        return content.answer_1[:1], [content.provinces]
    if part == "children":
        return content.answer_1[1:], []
    if part == "money":
        return content.answer_2, [content.calls]
    if part == "trend":
        return [text for text in content.answer_3 if text not in uit], [content.overview]
    if part == "events":
        return uit, []
    return [], []


@dataclass
class YearSection:
    year: int
    paragraphs: list[str]
    tables: list[Table]
    figures: list[Figure]


@dataclass
class PartSection:
    part: str
    title: str
    years: list[YearSection]
    explanation: str


@dataclass
class QuestionAnswer:
    header: dict
    question_text: str
    introduction: str
    parts: list[PartSection]
    closing: str
    status_lines: list[str] = field(default_factory=list)
    letterhead: tuple[str, ...] = LETTERHEAD

    @property
    def figures(self) -> list[dict]:
        """Every figure of the parts asked, as JSON: part, year, key, label, value, kind and the value as
        written."""
        return [{"part": part.part, "year": section.year, "key": figure.key, "label": figure.label,
                 "value": figure.value, "kind": figure.kind, "text": figure.display()}
                for part in self.parts for section in part.years for figure in section.figures]

    def plain_text(self) -> str:
        """Everything the answer says, as text: what the archive searches."""
        lines = [self.header["title"], self.header["subject"], self.question_text, self.introduction]
        for part in self.parts:
            lines.append(part.title)
            for section in part.years:
                lines.extend(section.paragraphs)
            lines.append(part.explanation)
        lines.append(self.closing)
        return "\n\n".join(line for line in lines if line)


def question_header(question) -> dict:
    """The header as Parliament sends it: number, member, date received, minister, subject."""
    return {"title": _("Written question no. %(number)s") % {"number": question.number},
            "number": question.number, "member": question.member, "date": question.received_on.strftime("%d/%m/%Y"),
            "minister": question.minister, "subject": question.subject}


def build_answer(*, question, texts: dict[str, str], as_of: datetime.date) -> QuestionAnswer:
    """The answer to `question` with the text blocks `texts` ({slot: text}) and the figures as of `as_of`,
    in Dutch."""
    from questions.models import Part

    with translation.override("nl"):
        contents = {year: answer_content(year=year, as_of=as_of, annexes=False) for year in question.years}
        parts = []
        for part in question.parts:
            sections = []
            if part != Part.FREE:
                for year, content in contents.items():
                    paragraphs, tables = _paragraphs_of(content, part.value)
                    sections.append(YearSection(year, paragraphs, tables,
                                                [figure for figure in content.figures
                                                 if _figure_in_part(figure, part.value)]))
            parts.append(PartSection(part.value, str(part.label).capitalize(), sections, texts.get(part.value, "")))
        return QuestionAnswer(
            header=question_header(question), question_text=question.text,
            introduction=texts.get("introduction", ""), parts=parts, closing=texts.get("closing", ""),
            status_lines=[f"{year}: {content.status_line}" for year, content in contents.items()])


def blocks_of(text: str) -> list[tuple[str, str]]:
    """A text block as ("paragraph", text) and ("item", text) pieces: blank lines separate paragraphs, lines
    starting with "- " or "* " are list items."""
    pieces = []
    for paragraph in text.replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in paragraph.split("\n") if line.strip()]
        if lines and all(line[:2] in ("- ", "* ") for line in lines):
            pieces.extend(("item", line[2:].strip()) for line in lines)
        elif lines:
            pieces.append(("paragraph", " ".join(lines)))
    return pieces


def _add_text(document, text: str) -> None:
    for kind, piece in blocks_of(text):
        document.add_paragraph(piece, style="List Bullet" if kind == "item" else None)


def _add_table(document, table: Table) -> None:
    table = table.text()
    rows = [table.header, *table.rows, *([table.footer] if table.footer else [])]
    word_table = document.add_table(rows=len(rows), cols=len(table.header))
    word_table.style = "Table Grid"
    for row_cells, values in zip(word_table.rows, rows, strict=True):
        for cell, value in zip(row_cells.cells, values, strict=True):
            cell.text = value
            for run in cell.paragraphs[0].runs:
                run.font.size = Pt(8)


def render_docx(answer: QuestionAnswer) -> bytes:
    """The answer as a Word document: letterhead, header, question, text blocks and the figures of each part."""
    with translation.override("nl"):
        document = Document()
        for line in answer.letterhead:
            document.add_paragraph(line).runs[0].font.size = Pt(9)
        header = answer.header
        document.add_heading(header["title"], level=1)
        for label, value in ((_("Member of parliament"), header["member"]), (_("Date received"), header["date"]),
                             (_("Minister"), header["minister"]), (_("Subject"), header["subject"])):
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{label}: ").bold = True
            paragraph.add_run(value)
        document.add_heading(_("Question"), level=2)
        _add_text(document, answer.question_text)
        document.add_heading(_("Answer"), level=2)
        _add_text(document, answer.introduction)
        for part in answer.parts:
            document.add_heading(part.title, level=3)
            for section in part.years:
                if len(part.years) > 1:
                    document.add_heading(str(section.year), level=4)
                for paragraph in section.paragraphs:
                    document.add_paragraph(paragraph)
                for table in section.tables:
                    _add_table(document, table)
                if section.figures:
                    _add_table(document, _figure_table(section))
            _add_text(document, part.explanation)
        _add_text(document, answer.closing)
        for line in answer.status_lines:
            document.add_paragraph(line).runs[0].font.size = Pt(8)
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()


def _figure_table(section: YearSection) -> Table:
    return Table([_("Figure"), str(section.year)], [[figure.label, figure.display()] for figure in section.figures])


def render_pdf(answer: QuestionAnswer) -> bytes:
    """The answer as PDF (typst, `answer.typ`): the same pieces as the Word answer. Texts go in as JSON strings, so
    typst shows them as text, never as markup."""
    with translation.override("nl"):
        data = {
            "letterhead": list(answer.letterhead), "header": answer.header,
            "labels": {"member": _("Member of parliament"), "date": _("Date received"), "minister": _("Minister"),
                       "subject": _("Subject"), "question": _("Question"), "answer": _("Answer")},
            "question": blocks_of(answer.question_text), "introduction": blocks_of(answer.introduction),
            "parts": [{"title": part.title, "explanation": blocks_of(part.explanation),
                       "years": [{"year": str(section.year), "paragraphs": section.paragraphs,
                                  "tables": [asdict(table.text()) for table in section.tables],
                                  "figures": asdict(_figure_table(section).text())} for section in part.years]}
                      for part in answer.parts],
            "closing": blocks_of(answer.closing), "status_lines": answer.status_lines,
        }
    with tempfile.TemporaryDirectory(prefix="vraag-") as folder:
        root = Path(folder)
        (root / "vraag.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        main = root / "vraag.typ"
        main.write_text(PDF_TEMPLATE.read_text(encoding="utf-8"), encoding="utf-8")
        fonts = [path for path in FONT_DIRS if Path(path).is_dir()]
        return typst.compile(str(main), root=str(root), font_paths=fonts, ignore_system_fonts=True, format="pdf")
