"""Charts drawn on the server as SVG markup, written here in Python (``Chart.svg``).

No chart library and no inline style (the Content-Security-Policy forbids it): bars are <rect> elements with
geometry attributes and a CSS class for the colour (static/css/portal.css), each with a <title> giving its
number; the tables beside the charts carry the same numbers for screen readers and printing. Writing the markup
here rather than in a template loop matters: a city's dashboard draws a small chart on each of ~120 lines, and
Django's template engine took ~100 ms for those few thousand elements.
"""

from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

SERIES_CLASSES = ("svg-registered", "svg-recognized")


@dataclass
class Rect:
    x: float
    y: float
    width: float
    height: float
    css: str
    title: str


@dataclass
class Label:
    x: float
    y: float
    text: str
    anchor: str = "middle"


@dataclass
class Chart:
    width: int
    height: int
    rects: list = field(default_factory=list)
    labels: list = field(default_factory=list)
    lines: list = field(default_factory=list)  # (x1, y1, x2, y2) grid lines
    title: str = ""
    css: str = "svg-chart"

    def svg(self) -> SafeString:
        """The chart as an inline <svg> element (every text escaped)."""
        label = f' role="img" aria-label="{escape(self.title)}"' if self.title else ' aria-hidden="true"'
        parts = [
            f'<svg class="{self.css}" viewBox="0 0 {self.width} {self.height}" width="{self.width}" '
            f'height="{self.height}"{label} xmlns="http://www.w3.org/2000/svg">'
        ]
        parts += [f'<line class="svg-grid" x1="{a}" y1="{b}" x2="{c}" y2="{d}"/>' for a, b, c, d in self.lines]
        parts += [
            f'<rect class="{r.css}" x="{r.x}" y="{r.y}" width="{r.width}" height="{r.height}">'
            f"<title>{escape(r.title)}</title></rect>"
            for r in self.rects
        ]
        parts += [
            f'<text class="svg-label" x="{t.x}" y="{t.y}" text-anchor="{t.anchor}">{escape(t.text)}</text>'
            for t in self.labels
        ]
        parts.append("</svg>")
        return mark_safe("".join(parts))  # noqa: S308 - numbers and escaped texts only


def _nice_top(value):
    """A round number at or above ``value`` for the axis (1, 2, 5 × 10^n)."""
    if value <= 0:
        return 1
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 5, 10):
        if step * magnitude >= value:
            return step * magnitude
    return 10 * magnitude


def grouped_bars(*, labels, pairs, series, title, width=640, height=240) -> Chart:
    """Two bars per group (registered, recognized) with the group's label under it and a scale on the left."""
    chart = Chart(width=width, height=height, title=title)
    left, bottom, top_pad = 40, 36, 12
    plot_w, plot_h = width - left - 8, height - bottom - top_pad
    top = _nice_top(max((v for pair in pairs for v in pair), default=0))
    ticks = (0, top // 2, top) if top % 2 == 0 else (0, top)  # whole numbers only: practices are counted
    for tick in ticks:
        y = top_pad + plot_h - plot_h * tick / top
        chart.lines.append((left, round(y, 1), width - 8, round(y, 1)))
        chart.labels.append(Label(x=left - 4, y=round(y + 4, 1), text=f"{int(tick):,}".replace(",", "."), anchor="end"))
    slot = plot_w / max(len(pairs), 1)
    bar_w = min(28, slot / 3)
    for i, (label, pair) in enumerate(zip(labels, pairs, strict=True)):
        center = left + slot * i + slot / 2
        for j, value in enumerate(pair):
            h = plot_h * value / top
            x = center - bar_w + j * bar_w
            chart.rects.append(
                Rect(
                    x=round(x, 1),
                    y=round(top_pad + plot_h - h, 1),
                    width=round(bar_w - 2, 1),
                    height=round(h, 1),
                    css=SERIES_CLASSES[j],
                    title=f"{label} — {series[j]}: {value}",
                )
            )
        chart.labels.append(Label(x=round(center, 1), y=height - bottom + 16, text=label))
    return chart


def spark_pairs(*, labels, pairs, series, width=132, height=30) -> Chart:
    """A small chart for one table row: a pair of bars per half-year, scaled to the row's own largest value."""
    chart = Chart(width=width, height=height, css="svg-chart svg-spark")
    top = max((v for pair in pairs for v in pair), default=0) or 1
    slot = width / max(len(pairs), 1)
    bar_w = max(min(8, slot / 2 - 1), 1)
    for i, (label, pair) in enumerate(zip(labels, pairs, strict=True)):
        for j, value in enumerate(pair):
            h = (height - 2) * value / top
            chart.rects.append(
                Rect(
                    x=round(slot * i + j * bar_w, 1),
                    y=round(height - h, 1),
                    width=round(bar_w - 0.5, 1),
                    height=round(h, 1),
                    css=SERIES_CLASSES[j],
                    title=f"{label} — {series[j]}: {value}",
                )
            )
    return chart


def trend_charts(trend) -> Chart | None:
    """The dashboard's chart over time, and a small chart on each of its table rows (``line.spark``)."""
    from django.utils.translation import gettext as _

    if not trend.halves:
        return None
    series = (_("Đăng ký"), _("Công nhận"))
    labels = trend.labels
    for line in (*trend.by_field, *trend.by_unit):
        line.spark = spark_pairs(labels=labels, pairs=line.cells, series=series)
    return grouped_bars(
        labels=labels,
        pairs=trend.totals,
        series=series,
        title=_("Số mô hình, điển hình đăng ký và được công nhận theo 6 tháng"),
    )
