"""The demo's research report for the 2022 answer: a small synthetic PDF (invented content, marked as such on every
page) typeset by typst from `research_report.typ` when the demo is loaded."""

import tempfile
from pathlib import Path

import typst

from reports.models import FrozenAnswer
from reports.services import research_report_save

SOURCE = Path(__file__).with_name("research_report.typ")
YEAR = 2022
TITLE = "Onderzoeksrapport impactonderzoek STEM-academies (synthetisch demodocument)"
FONT_DIRS = ["/usr/share/fonts/truetype/dejavu"]


def demo_research_report_pdf() -> bytes:
    with tempfile.TemporaryDirectory(prefix="demo-rapport-") as folder:
        main = Path(folder) / "main.typ"
        main.write_text(SOURCE.read_text(encoding="utf-8"), encoding="utf-8")
        fonts = [path for path in FONT_DIRS if Path(path).is_dir()]
        return typst.compile(str(main), root=folder, font_paths=fonts, ignore_system_fonts=True, format="pdf")


def build_demo_research_report() -> bool:
    """Attaches the synthetic report to 2022 unless an answer for 2022 is frozen. True when it was saved."""
    if FrozenAnswer.objects.filter(year=YEAR).exists():
        return False
    research_report_save(year=YEAR, title=TITLE, filename="onderzoeksrapport-impact-stem-academies-2022.pdf",
                         data=demo_research_report_pdf(), acting_user=None)
    return True
