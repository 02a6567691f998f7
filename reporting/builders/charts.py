"""Numbers and charts as the documents show them: Vietnamese thousands separators, server-side SVG bar charts."""

from django.utils.html import escape
from django.utils.safestring import mark_safe


def vn_number(value):
    """1234567 -> '1.234.567' (Vietnamese thousands separator)."""
    return f"{int(value or 0):,}".replace(",", ".")


def bar_chart_svg(items, series, *, width=620, bar_height=9, label_width=190):
    """A horizontal grouped bar chart as inline SVG, built on the server (no JavaScript, no images).

    ``items`` is a list of (label, {series key: value}); ``series`` a list of (key, legend, colour).
    Labels are escaped: they are user-entered names.
    """
    group_gap = 8
    group_height = bar_height * len(series) + group_gap
    top = 22
    height = top + group_height * max(len(items), 1) + 4
    scale_max = max([values.get(key, 0) for _label, values in items for key, *_ in series] + [1])
    plot_width = width - label_width - 40
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="Liberation Serif" font-size="10">'
    ]
    x = label_width
    for _key, legend, colour in series:
        parts.append(f'<rect x="{x}" y="4" width="10" height="10" fill="{colour}"/>')
        parts.append(f'<text x="{x + 14}" y="13">{escape(legend)}</text>')
        x += 14 + 7 * len(legend)
    for index, (label, values) in enumerate(items):
        y = top + index * group_height
        short = label if len(label) <= 34 else label[:33] + "…"
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
            parts.append(f'<text x="{label_width + bar + 3:.1f}" y="{by + bar_height - 2}">{vn_number(value)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text above is escaped
