"""Where things are on a PDF page, read back with pypdf: text runs with their position and printed size, and the
thin filled rules WeasyPrint draws for borders. Coordinates are CSS pixels from the top left (as laid out)."""

import io
from dataclasses import dataclass
from pathlib import Path

from fontTools.ttLib import TTFont
from pypdf import PdfReader
from pypdf.generic import ContentStream

FONT_DIR = Path(__file__).resolve().parents[2] / "reporting" / "fonts"
PX_TO_PT = 0.75


@dataclass
class Run:
    text: str
    x: float
    y: float  # baseline, from the top
    size_pt: float  # printed size


def runs(page):
    found = []

    def visit(text, cm, tm, _font, size):
        if text.strip():
            found.append(Run(" ".join(text.split()), tm[4], tm[5], size * abs(tm[0]) * abs(cm[0])))

    page.extract_text(visitor_text=visit)
    return found


def find(page, text):
    return next(run for run in runs(page) if run.text.startswith(text))


def horizontal_rules(page, reader):
    """(x0, x1, y) of the thin horizontal shapes filled on ``page`` (a border drawn as a four-point path)."""
    rules, points = [], []
    for args, op in ContentStream(page.get_contents(), reader).operations:
        if op == b"m":
            points = [tuple(float(a) for a in args)]
        elif op == b"l":
            points.append(tuple(float(a) for a in args))
        elif op in (b"f", b"f*", b"h"):
            if len(points) == 4:
                xs, ys = [p[0] for p in points], [p[1] for p in points]
                if max(ys) - min(ys) <= 2 and max(xs) - min(xs) > 10:
                    rules.append((min(xs), max(xs), min(ys)))
            if op != b"h":
                points = []
    return rules


def vertical_lines(page, reader):
    """{x: (top, bottom)} of the vertical strokes on ``page`` (the column borders of a table)."""
    lines, start = {}, None
    for args, op in ContentStream(page.get_contents(), reader).operations:
        if op == b"m":
            start = tuple(float(a) for a in args)
        elif op == b"l" and start is not None:
            x, y = (float(a) for a in args)
            if abs(x - start[0]) < 0.01 and abs(y - start[1]) > 5:
                top, bottom = lines.get(round(x, 1), (min(y, start[1]), max(y, start[1])))
                lines[round(x, 1)] = (min(top, y, start[1]), max(bottom, y, start[1]))
            start = None
    return lines


def text_width_px(text, size_px, style="Bold"):
    """The advance width of ``text`` in the shipped Liberation Serif at ``size_px`` (what the layout gives it)."""
    font = TTFont(FONT_DIR / f"LiberationSerif-{style}.ttf")
    cmap, metrics = font.getBestCmap(), font["hmtx"]
    units = font["head"].unitsPerEm
    return sum(metrics[cmap[ord(ch)]][0] for ch in text) * size_px / units


def reader_of(content):
    return PdfReader(io.BytesIO(content))
