"""The answer's charts as images: SVG (the page and the PDF) and PNG (Word), the PNG typeset from the same SVG by
typst, so both show the same bars."""

import tempfile
from pathlib import Path

import typst
from django.template.loader import render_to_string

FONT_DIRS = ["/usr/share/fonts/truetype/dejavu"]


def chart_svg(chart) -> str:
    return render_to_string("reports/includes/bar_chart.svg", {"chart": chart})


def svg_png(svg: str, *, width_pt: int = 480, ppi: int = 150) -> bytes:
    with tempfile.TemporaryDirectory(prefix="grafiek-") as folder:
        root = Path(folder)
        (root / "image.svg").write_text(svg, encoding="utf-8")
        main = root / "main.typ"
        main.write_text(f'#set page(width: {width_pt}pt, height: auto, margin: 4pt)\n'
                        f'#image("image.svg", width: 100%)\n', encoding="utf-8")
        fonts = [path for path in FONT_DIRS if Path(path).is_dir()]
        return typst.compile(str(main), root=str(root), font_paths=fonts, ignore_system_fonts=True, format="png",
                             ppi=ppi)


def chart_png(chart) -> bytes:
    return svg_png(chart_svg(chart))
