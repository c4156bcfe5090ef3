"""The answer as PDF, typeset by typst from `templates/antwoord.typ` (settings.ANSWER_TYPST_TEMPLATE to replace it)
with the `AnswerContent` as JSON: parts, blocks and annexes; maps and charts embedded as SVG, so they stay vector
graphics."""

import json
import tempfile
from dataclasses import asdict
from pathlib import Path

import typst
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from academies.text import printable_data
from reports.documents import drawings
from reports.documents.content import AnswerContent, Block
from reports.documents.images import FONT_DIRS

DEFAULT_TEMPLATE = Path(__file__).with_name("templates") / "antwoord.typ"


def template_path() -> Path:
    return Path(getattr(settings, "ANSWER_TYPST_TEMPLATE", "") or DEFAULT_TEMPLATE)


def _block(block: Block) -> dict:
    return {"kind": block.kind, "text": block.text, "items": block.items, "caption": block.caption,
            "small": block.small, "table": asdict(block.table.text()) if block.table is not None else None}


def answer_data(content: AnswerContent) -> tuple[dict, dict[str, str]]:
    """The JSON the typst template reads, and the SVG files it embeds by name."""
    files: dict[str, str] = {}
    annexes = []
    drawn = drawings.svgs(content) if content.annexes else {}
    with translation.override(content.language):
        for annex in content.annexes:
            images = []
            if annex.choropleth is not None:
                name = f"kaart-{annex.number}.svg"
                files[name] = drawn[annex.number, "map"]
                images.append(name)
            for index, svg in enumerate(drawn.get((annex.number, "charts"), [])):
                name = f"grafiek-{annex.number}-{index}.svg"
                files[name] = svg
                images.append(name)
            texts = []
            if annex.document is not None:
                texts.append(_("The research report is attached as a PDF file: %(name)s (in the annexes ZIP).") % {
                    "name": annex.document_name})
            annexes.append({
                "number": annex.number, "title": annex.title,
                "heading": _("Annex %(number)s. %(title)s") % {"number": annex.number, "title": annex.title},
                "images": images, "texts": texts,
                "tables": [{"title": title, "table": asdict(table.text()), "small": len(table.header) > 9}
                           for title, table in annex.tables]})
        annexes_heading = _("Annexes")
    data = {
        "year": content.year, "title": content.title, "date": content.date_text, "status_line": content.status_line,
        "header": content.header, "closing": content.closing, "annexes_heading": annexes_heading,
        "parts": [{"key": part.key, "heading": part.heading, "before": part.before, "after": part.after,
                   "blocks": [_block(block) for block in part.blocks]} for part in content.parts],
        "annexes": annexes,
    }
    return data, files


def render_pdf(content: AnswerContent) -> bytes:
    data, files = answer_data(content)
    with tempfile.TemporaryDirectory(prefix="antwoord-") as folder:
        root = Path(folder)
        (root / "antwoord.json").write_text(json.dumps(printable_data(data), ensure_ascii=False), encoding="utf-8")
        for name, svg in files.items():
            (root / name).write_text(svg, encoding="utf-8")
        main = root / "antwoord.typ"
        main.write_text(template_path().read_text(encoding="utf-8"), encoding="utf-8")
        fonts = [path for path in FONT_DIRS if Path(path).is_dir()]
        return typst.compile(str(main), root=str(root), font_paths=fonts, ignore_system_fonts=True, format="pdf")
