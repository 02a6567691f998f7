"""Numbers and charts as the documents show them: Vietnamese thousands separators, server-side SVG bar charts."""

from django.utils.html import escape
from django.utils.safestring import mark_safe


def vn_number(value):
    """1234567 -> '1.234.567' (Vietnamese thousands separator)."""
    return f"{int(value or 0):,}".replace(",", ".")


# The chart is 620 px wide (465 pt, the A4 text width between the 30 mm and 15 mm margins): one SVG unit is one
# CSS pixel, 0.75 pt, so a 14-unit font prints at 10.5 pt, readable on paper (the body text is 14 pt).
CHART_WIDTH = 620
CHART_FONT_SIZE = 14
LABEL_CHARS = 30


def bar_chart_svg(items, series, *, width=CHART_WIDTH, bar_height=15, label_width=230):
    """A horizontal grouped bar chart as inline SVG, built on the server (no JavaScript, no images).

    ``items`` is a list of (label, {series key: value}); ``series`` a list of (key, legend, colour).
    Labels are escaped: they are user-entered names.
    """
    group_gap = 10
    group_height = bar_height * len(series) + group_gap
    top = 28
    height = top + group_height * max(len(items), 1) + 4
    scale_max = max([values.get(key, 0) for _label, values in items for key, *_ in series] + [1])
    plot_width = width - label_width - 60
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="Liberation Serif" font-size="{CHART_FONT_SIZE}">'
    ]
    x = label_width
    for _key, legend, colour in series:
        parts.append(f'<rect x="{x}" y="6" width="12" height="12" fill="{colour}"/>')
        parts.append(f'<text x="{x + 16}" y="17">{escape(legend)}</text>')
        x += 28 + 8 * len(legend)
    for index, (label, values) in enumerate(items):
        y = top + index * group_height
        short = label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"
        parts.append(
            f'<text x="{label_width - 6}" y="{y + bar_height * len(series) / 2 + 3}" text-anchor="end">'
            f"{escape(short)}</text>"
        )
        for offset, (key, _legend, colour) in enumerate(series):
            value = values.get(key, 0)
            bar = plot_width * value / scale_max
            by = y + offset * bar_height
            parts.append(
                f'<rect x="{label_width}" y="{by}" width="{bar:.1f}" height="{bar_height - 1}" fill="{colour}"/>'
            )
            parts.append(f'<text x="{label_width + bar + 3:.1f}" y="{by + bar_height - 3}">{vn_number(value)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text above is escaped
