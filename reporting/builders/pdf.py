"""The report as a PDF in the Party document format (Hướng dẫn 36-HD/VPTW), laid out by WeasyPrint.

Returns ``(filename, content_type, bytes)`` so it can be tested and used without Celery. The serif font ships in
``reporting/fonts`` and is embedded in the file. The annex is a numbered table, laid out in parts of
ANNEX_PART_SIZE practices in parallel processes (pdfparts/layout.py), which keeps a 6,000-practice summary in budget.
"""

import io
import logging
import tempfile
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from pdfparts.layout import FIRST_PAGE_TOKEN, PAGES_TOKEN, Numbering, default_workers, layout_part, layout_parts

from .document import PDF_TYPE, document_context, report_filename

FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"
# WeasyPrint logs every layout step at INFO; a 300-page summary would flood the worker's log.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def _font_faces():
    faces = []
    for weight, style, name in [
        ("normal", "normal", "Regular"),
        ("bold", "normal", "Bold"),
        ("normal", "italic", "Italic"),
        ("bold", "italic", "BoldItalic"),
    ]:
        url = (FONT_DIR / f"LiberationSerif-{name}.ttf").as_uri()
        faces.append(
            f"@font-face {{ font-family: 'Liberation Serif'; src: url('{url}'); "
            f"font-weight: {weight}; font-style: {style}; }}"
        )
    return "\n".join(faces)


# The annex is laid out in parts of at most this many practices, each a separate WeasyPrint document in a layout
# process, merged with pypdf: layout time grows faster than linearly with the length of one document, a part's
# memory is freed with its process, and the parts use every core. In the summary a part holds the segments of several boards (114 communes with a
# few practices each fill a few pages, not 114), and a board longer than a part continues in the next one.
ANNEX_PART_SIZE = 400


def _annex_chunks(context):
    """[{title, segments: [{board, board_count, continued, items}]}]; none when nothing was recognized."""
    chunks, room = [], 0
    for part in context["annex_parts"]:
        items = part["items"]
        start = 0
        while start < len(items):
            if room == 0:
                chunks.append({"title": not chunks, "segments": []})
                room = ANNEX_PART_SIZE
            taken = items[start : start + room]
            chunks[-1]["segments"].append(
                {"board": part["board"], "board_count": len(items), "continued": start > 0, "items": taken}
            )
            start += len(taken)
            room -= len(taken)
    return chunks  # no practice recognized: no annex at all (the body says so), never an empty page


def render_report_html(document):
    """The report's HTML documents: ``(body, annex parts, numbers)``, see ANNEX_PART_SIZE.

    The annex parts carry a placeholder page number: the layout processes give them their real numbers, which
    depend on the pages before (``numbers`` is the blank numbered document they take them from, pdfparts/layout.py).
    """
    context = document_context(document)
    context["font_faces"] = mark_safe(_font_faces())  # noqa: S308 - built from our own file paths
    body = render_to_string("reporting/report_pdf.html", {**context, "first_page": 0})
    annex = [
        render_to_string("reporting/report_annex.html", {**context, "chunk": chunk, "first_page": 1})
        for chunk in _annex_chunks(context)
    ]
    numbers = render_to_string(
        "reporting/report_page_numbers.html",
        {"font_faces": context["font_faces"], "first_page": FIRST_PAGE_TOKEN, "pages": PAGES_TOKEN},
    )
    return body, annex, numbers


def report_workers() -> int:
    """How many processes lay out a report's parts at once (REPORT_WORKERS; by default one per core, at most 4)."""
    return default_workers(getattr(settings, "REPORT_WORKERS", None))


def build_report_pdf(document, on_progress=None, workers=None):
    """The report as a PDF: ``(filename, content_type, bytes)``.

    The body and the annex parts are laid out at the same time in ``workers`` processes (pdfparts/layout.py), the
    page numbers running on from the body through the annex; ``on_progress(done, total)`` as parts finish, so that
    a long summary shows progress. A report without an annex is laid out here.
    """
    # Imported here: pypdf and WeasyPrint (Pango, loaded at import time) are needed only for reports.
    from pypdf import PdfReader, PdfWriter

    body, annex, numbers = render_report_html(document)
    with tempfile.TemporaryDirectory(prefix="bao-cao-") as folder:
        paths = []
        for index, html in enumerate([body, *annex]):
            path = Path(folder) / f"part-{index:04d}.html"
            path.write_text(html, encoding="utf-8")
            paths.append(path)
        if annex:
            layout_parts(
                paths,
                base_url=str(FONT_DIR),
                workers=workers or report_workers(),
                on_done=(lambda done: on_progress(done, len(paths))) if on_progress else None,
                numbering=Numbering(numbers_html=numbers, renumber=[False] + [True] * len(annex)),
            )
        else:
            layout_part(paths[0], str(FONT_DIR))
            if on_progress is not None:
                on_progress(1, 1)
        writer = PdfWriter()
        for path in paths:
            writer.append(PdfReader(io.BytesIO(path.with_suffix(".pdf").read_bytes())))
    name = report_filename(document.unit, document.period_kind, document.year, document.version, "pdf")
    writer.add_metadata({"/Title": name.removesuffix(".pdf").replace("-", " "), "/Creator": "Cổng Dân vận khéo"})
    buffer = io.BytesIO()
    writer.write(buffer)
    return name, PDF_TYPE, buffer.getvalue()
