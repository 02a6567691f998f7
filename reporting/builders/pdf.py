"""The report as a PDF in the Party document format (Hướng dẫn 36-HD/VPTW), laid out by WeasyPrint.

Returns ``(filename, content_type, bytes)`` so it can be tested and used without Celery. The serif font ships in
``reporting/fonts`` and is embedded in the file. Long lists (the annex) are block elements, not table rows:
WeasyPrint lays out block paragraphs several times faster than table rows, which keeps a 6,000-practice summary
in budget.
"""

import gc
import io
import logging
from pathlib import Path

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

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


# The annex is laid out in parts of at most this many practices, each a separate WeasyPrint document merged with
# pypdf: layout time grows faster than linearly with the length of one document, and a part's memory is freed
# before the next one is laid out. In the summary a part holds the segments of several boards (114 communes with a
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
    """The report's HTML documents: the body, then one renderer per annex part (see ANNEX_PART_SIZE).

    Annex parts are functions of their first page number, known only once the parts before are laid out.
    """
    context = document_context(document)
    context["font_faces"] = mark_safe(_font_faces())  # noqa: S308 - built from our own file paths
    parts = [lambda _first_page: render_to_string("reporting/report_pdf.html", {**context, "first_page": 0})]
    for chunk in _annex_chunks(context):
        parts.append(
            lambda first_page, chunk=chunk: render_to_string(
                "reporting/report_annex.html", {**context, "chunk": chunk, "first_page": first_page}
            )
        )
    return parts


def build_report_pdf(document, on_progress=None):
    """The report as a PDF: ``(filename, content_type, bytes)``.

    ``on_progress(done, total)`` is called after each part, so that a long summary shows progress.
    """
    # Imported here: WeasyPrint loads Pango at import time, which the web process needs only for reports.
    from pypdf import PdfReader, PdfWriter
    from weasyprint import HTML

    pages = 0
    pdfs = []
    parts = render_report_html(document)
    # Layout allocates millions of objects; without this every garbage collection pass would also walk
    # the statistics and everything the process held before (a fifth of the time on a 6,000-row summary).
    gc.freeze()
    try:
        for done, part in enumerate(parts, start=1):
            rendered = HTML(string=part(pages + 1), base_url=str(FONT_DIR)).render()
            pages += len(rendered.pages)
            # Kept as bytes until the end: parsed pypdf objects would grow the heap each collection walks.
            pdfs.append(rendered.write_pdf())
            del rendered
            if on_progress is not None:
                on_progress(done, len(parts))
    finally:
        gc.unfreeze()
    writer = PdfWriter()
    for pdf in pdfs:
        writer.append(PdfReader(io.BytesIO(pdf)))
    name = report_filename(document.unit, document.period_kind, document.year, document.version, "pdf")
    writer.add_metadata({"/Title": name.removesuffix(".pdf").replace("-", " "), "/Creator": "Cổng Dân vận khéo"})
    buffer = io.BytesIO()
    writer.write(buffer)
    return name, PDF_TYPE, buffer.getvalue()
