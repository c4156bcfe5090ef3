"""The answer as PDF, typeset by typst from `templates/antwoord.typ` (settings.ANSWER_TYPST_TEMPLATE to replace it);
maps embedded as SVG, so they stay vector graphics."""

import json
import tempfile
from dataclasses import asdict
from pathlib import Path

import typst
from django.conf import settings

from academies.text import printable_data
from reports.documents.content import AnswerContent
from reports.map_images import choropleth_svg

DEFAULT_TEMPLATE = Path(__file__).with_name("templates") / "antwoord.typ"
FONT_DIRS = ["/usr/share/fonts/truetype/dejavu"]


def template_path() -> Path:
    return Path(getattr(settings, "ANSWER_TYPST_TEMPLATE", "") or DEFAULT_TEMPLATE)


def render_pdf(content: AnswerContent) -> bytes:
    data = {
        "year": content.year, "date": content.date_text, "status_line": content.status_line,
        "answer_1": content.answer_1, "answer_2": content.answer_2, "answer_3": content.answer_3,
        **{name: asdict(getattr(content, name).text())
           for name in ("provinces", "calls", "overview", "annex_1", "by_year_own", "by_year_today")},
        "maps": [{"number": annex.number, "title": annex.title, "file": f"kaart-{annex.number}.svg"}
                 for annex in content.maps],
    }
    with tempfile.TemporaryDirectory(prefix="antwoord-") as folder:
        root = Path(folder)
        (root / "antwoord.json").write_text(json.dumps(printable_data(data), ensure_ascii=False), encoding="utf-8")
        for annex in content.maps:
            (root / f"kaart-{annex.number}.svg").write_text(choropleth_svg(annex.choropleth), encoding="utf-8")
        main = root / "antwoord.typ"
        main.write_text(template_path().read_text(encoding="utf-8"), encoding="utf-8")
        fonts = [path for path in FONT_DIRS if Path(path).is_dir()]
        return typst.compile(str(main), root=str(root), font_paths=fonts, ignore_system_fonts=True, format="pdf")
