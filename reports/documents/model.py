"""The shape of the one answer (`AnswerContent` and its parts, blocks, figures and annexes) and the order of its
provinces; `reports.documents.content` fills it."""

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _

from academies.belgian import format_count, format_date, format_euro, format_percent
from reports.charts import BarChart
from reports.documents.table import Table

PARTS = ("reach", "children", "money", "trend", "events")
"""The parts of the answer, in order: municipalities reached per province (question 1), children and gender
(question 1), money (question 2), the overview per year since the start (question 3), the UiT events (question 3)."""

DEFAULT_PROVINCE_ORDER = ["70000", "10000", "40000", "20001", "30000"]
"""Limburg, Antwerpen, Oost-Vlaanderen, Vlaams-Brabant, West-Vlaanderen: the order of the published answer's
province list and maps (settings.ANSWER_PROVINCE_ORDER to change it)."""

@dataclass(frozen=True)
class Figure:
    """One figure of the answer: a stable key, a label, a JSON value (exact: shares unrounded) and how to write
    it."""

    key: str
    label: str
    value: int | str | None
    kind: str = "count"

    def display(self) -> str:
        return display(self.kind, self.value)


def display(kind: str, value) -> str:
    """A figure as every rendering writes it; shares are rounded here, once, from the exact value."""
    if value is None:
        return "–"
    if kind == "euro":
        return format_euro(Decimal(value))
    if kind == "share":
        return format_percent(Decimal(value))
    if kind == "count":
        return format_count(value)
    return str(value)


def known(value: int | None) -> str:
    """A count, or "not known" when nothing was reported: never 0."""
    return _("not known") if value is None else format_count(value)


def share_text(value) -> str:
    return format_percent(value) if value is not None else "–"


@dataclass
class Block:
    """A paragraph (`text`), a bulleted list (`items`), a table or a chart, with a stable `key` (the page's id)."""

    kind: str
    key: str = ""
    text: str = ""
    items: list[str] = field(default_factory=list)
    table: Table | None = None
    caption: str = ""
    chart: BarChart | None = None
    small: bool = False


def paragraph(key: str, text: str, *, small: bool = False) -> Block:
    return Block("text", key=key, text=text, small=small)


@dataclass
class Part:
    """A part of the answer: its heading (empty when it continues the question before it) and its blocks, with the
    text blocks a caller adds before and after it."""

    key: str
    heading: str
    blocks: list[Block]
    before: list[str] = field(default_factory=list)
    after: list[str] = field(default_factory=list)


@dataclass
class MapAnnex:
    number: int
    title: str
    choropleth: object


@dataclass
class Annex:
    """An annex: its number, key, title, and what it holds: tables, a map, a chart, or a document (the research
    report's PDF bytes). `files` names what the ZIP holds for it."""

    number: int
    key: str
    title: str
    tables: list[tuple[str, Table]] = field(default_factory=list)
    choropleth: object = None
    province_code: str = ""
    chart: BarChart | None = None
    charts: list[BarChart] = field(default_factory=list)
    document: bytes | None = None
    document_name: str = ""


@dataclass
class AnswerContent:
    year: int
    as_of: date
    language: str
    title: str
    status_line: str
    parts: list[Part]
    annexes: list[Annex]
    figures: list[Figure] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)
    annexes_built: bool = True

    @property
    def date_text(self) -> str:
        return format_date(self.as_of)

    def part(self, key: str) -> Part | None:
        return next((part for part in self.parts if part.key == key), None)

    def annex(self, key: str) -> Annex | None:
        return next((annex for annex in self.annexes if annex.key == key), None)

    @property
    def maps(self) -> list[MapAnnex]:
        return [MapAnnex(annex.number, annex.title, annex.choropleth) for annex in self.annexes
                if annex.choropleth is not None]

    def figure(self, key: str) -> Figure | None:
        return next((figure for figure in self.figures if figure.key == key), None)

    def sentences(self) -> list[str]:
        """Every paragraph and list item of the parts, as every rendering writes it."""
        texts = []
        for part in self.parts:
            texts += part.before
            for block in part.blocks:
                if block.kind == "text":
                    texts.append(block.text)
                texts += block.items
            texts += part.after
        return texts

    def with_blocks(self, *, header: list[str] | None = None, before: dict[str, list[str]] | None = None,
                    after: dict[str, list[str]] | None = None, closing: list[str] | None = None) -> "AnswerContent":
        """A copy with a caller's text blocks: `header` above the parts (e.g. the question), `before` / `after`
        each part by key (an introduction, an explanation), `closing` after the last part."""
        parts = [dataclasses.replace(part, before=[*part.before, *(before or {}).get(part.key, [])],
                                     after=[*part.after, *(after or {}).get(part.key, [])]) for part in self.parts]
        return dataclasses.replace(self, parts=parts, header=[*self.header, *(header or [])],
                                   closing=[*self.closing, *(closing or [])])


def province_order() -> list[str]:
    return list(getattr(settings, "ANSWER_PROVINCE_ORDER", None) or DEFAULT_PROVINCE_ORDER)


def ordered_provinces(provinces: list, code=lambda item: item.province_code) -> list:
    order = province_order()
    return sorted(provinces, key=lambda item: (order.index(code(item)) if code(item) in order else len(order),
                                               str(getattr(item, "province", ""))))
