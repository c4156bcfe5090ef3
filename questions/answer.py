"""The answer to a written question: the header as Parliament sends it, the question, the text blocks staff wrote
and, per part asked, the parts of the answer content of each year asked, with a table of the part's figures.

It is one `reports.documents.content.AnswerContent` (the parts of every year asked, the question and the text
blocks as its header, explanations and closing), rendered by the same Word and PDF renderers as the answer for a year:
figures come from the answer content and are never typed nor edited here."""

import dataclasses
import datetime
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _

from academies.belgian import format_date
from reports.documents.content import AnswerContent, Block, Figure, answer_content
from reports.documents.content import Part as AnswerPart
from reports.documents.docx import render_docx as render_answer_docx
from reports.documents.pdf import render_pdf as render_answer_pdf
from reports.documents.table import Table

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


def _figure_block(year: int, figures: list[Figure]) -> Block:
    return Block(kind="table", key=f"figures-{year}",
                 table=Table([_("Figure"), str(year)], [[figure.label, figure.display()] for figure in figures]))


def _lines(text: str) -> list[str]:
    return [piece for _kind, piece in blocks_of(text)]


@dataclass
class QuestionAnswer:
    header: dict
    question_text: str
    content: AnswerContent
    texts: dict[str, str]
    figures_by_year: dict[int, list[tuple[str, Figure]]]

    @property
    def figures(self) -> list[dict]:
        """Every figure of the parts asked, as JSON: part, year, key, label, value, kind and the value as
        written."""
        return [{"part": part, "year": year, "key": figure.key, "label": figure.label, "value": figure.value,
                 "kind": figure.kind, "text": figure.display()}
                for year, figures in self.figures_by_year.items() for part, figure in figures]

    def plain_text(self) -> str:
        """Everything the answer says, as text: what the archive searches."""
        return "\n\n".join([*self.content.header, *self.content.sentences(), *self.content.closing])


def question_header(question) -> dict:
    """The header as Parliament sends it: number, member, date received, minister, subject."""
    return {"title": _("Written question no. %(number)s") % {"number": question.number},
            "number": question.number, "member": question.member, "date": format_date(question.received_on),
            "minister": question.minister, "subject": question.subject}


def _header_lines(header: dict, question_text: str) -> list[str]:
    return [*LETTERHEAD, header["title"],
            *(f"{label}: {value}" for label, value in (
                (_("Member of parliament"), header["member"]), (_("Date received"), header["date"]),
                (_("Minister"), header["minister"]), (_("Subject"), header["subject"]))),
            f"{_('Question')}:", *_lines(question_text), f"{_('Answer')}:"]


def build_answer(*, question, texts: dict[str, str], as_of: datetime.date) -> QuestionAnswer:
    """The answer to `question` with the text blocks `texts` ({slot: text}) and the figures as of `as_of`,
    in Dutch."""
    from questions.models import Part

    with translation.override("nl"):
        asked = [part.value for part in question.parts if part != Part.FREE]
        contents = {year: answer_content(year=year, as_of=as_of, parts=asked, annexes=False)
                    for year in question.years}
        several = len(contents) > 1
        parts, figures_by_year = [], {}
        for part in question.parts:
            label = str(part.label).capitalize()
            explanation = _lines(texts.get(part.value, ""))
            if part == Part.FREE:
                parts.append(AnswerPart(key=part.value, heading=label, blocks=[], after=explanation))
                continue
            for year, content in contents.items():
                found = content.part(part.value)
                figures = [figure for figure in content.figures if _figure_in_part(figure, part.value)]
                figures_by_year.setdefault(year, []).extend((part.value, figure) for figure in figures)
                blocks = [*(found.blocks if found else []), *([_figure_block(year, figures)] if figures else [])]
                parts.append(AnswerPart(key=f"{part.value}-{year}", blocks=blocks,
                                        heading=f"{label} {year}" if several else label))
            parts[-1].after = explanation
        first = next(iter(contents.values()), None) or answer_content(year=as_of.year, as_of=as_of, parts=[],
                                                                      annexes=False)
        header = question_header(question)
        status = " · ".join(f"{year}: {content.status_line}" for year, content in contents.items())
        content = dataclasses.replace(
            first, title=header["title"], status_line=status, parts=parts, annexes=[],
            figures=[figure for figures in figures_by_year.values() for _part, figure in figures],
            header=[*_header_lines(header, question.text), *_lines(texts.get("introduction", ""))],
            closing=_lines(texts.get("closing", "")))
        return QuestionAnswer(header=header, question_text=question.text, content=content, texts=texts,
                              figures_by_year=figures_by_year)


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


def render_docx(answer: QuestionAnswer) -> bytes:
    """The answer as a Word document, by the answer's own renderer: letterhead, header, question, text blocks and
    the parts and figures asked."""
    return render_answer_docx(answer.content)


def render_pdf(answer: QuestionAnswer) -> bytes:
    """The answer as PDF, by the answer's own renderer (typst); texts go in as JSON strings, never as markup."""
    return render_answer_pdf(answer.content)
