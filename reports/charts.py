"""Server-side SVG bar charts (grouped bars per year), rendered by templates/reports/includes/bar_chart.svg."""

from dataclasses import dataclass

from academies.belgian import format_count, format_euro

WIDTH = 640
HEIGHT = 260
LEFT = 80
RIGHT = 10
TOP = 36
BOTTOM = 28
PALETTE = ["#08519c", "#6baed6", "#fd8d3c", "#74c476"]


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    fill: str
    label: str


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class Category:
    x: float
    label: str


@dataclass(frozen=True)
class Series:
    label: str
    fill: str
    legend_x: float


@dataclass
class BarChart:
    title: str
    width: int
    height: int
    bars: list[Bar]
    ticks: list[Tick]
    categories: list[Category]
    series: list[Series]
    axis_x: float
    axis_y: float
    axis_right: float


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def bar_chart(*, title: str, categories: list, series: list[tuple[str, list]], money: bool = False) -> BarChart:
    """Grouped bars: one group per category (e.g. year), one bar per series; None values draw no bar."""
    fmt = format_euro if money else format_count
    values = [value for _label, row in series for value in row if value is not None]
    top = _nice_max(float(max(values, default=0)))
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    group = plot_width / max(len(categories), 1)
    bar_width = group * 0.8 / max(len(series), 1)
    bars = []
    for index, (label, row) in enumerate(series):
        for position, value in enumerate(row):
            if value is None:
                continue
            height = plot_height * float(value) / top
            x = LEFT + position * group + group * 0.1 + index * bar_width
            bars.append(Bar(round(x, 1), round(TOP + plot_height - height, 1), round(bar_width, 1),
                            round(height, 1), PALETTE[index % len(PALETTE)],
                            f"{categories[position]} – {label}: {fmt(value)}"))
    tick_format = (lambda value: f"€ {format_count(value)}") if money else format_count
    ticks = [Tick(round(TOP + plot_height - plot_height * step / 5, 1), tick_format(top * step / 5))
             for step in range(6)]
    labels = [Category(round(LEFT + position * group + group / 2, 1), str(category))
              for position, category in enumerate(categories)]
    legend = [Series(label, PALETTE[index % len(PALETTE)], LEFT + index * 200) for index, (label, _row) in
              enumerate(series)]
    return BarChart(title=title, width=WIDTH, height=HEIGHT, bars=bars, ticks=ticks, categories=labels,
                    series=legend, axis_x=LEFT, axis_y=TOP + plot_height, axis_right=WIDTH - RIGHT)
