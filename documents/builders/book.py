"""The book of models (Tuyển tập mô hình, điển hình “Dân vận khéo”) of one phase and one unit.

Cover and table of contents, then one page per recognized practice (summary, content, results, QR code to its
public page). Practice pages are laid out in parts of BOOK_PART_SIZE, each its own WeasyPrint document merged at
the end (as the report annex is): layout time grows faster than linearly with a document's length, and a part's
memory is freed before the next. Page numbers run from the first practice page; the contents are laid out last,
when every practice's page is known from the parts' anchors.
"""

import gc
import io
import logging

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone

from models_registry.models import PracticeState, Recognition

from ..identity import identity_for
from .common import FONT_DIR, PDF_TYPE, filename, font_faces, public_url, qr_data_uri, vn_number

BOOK_PART_SIZE = 100
# One page per practice: long texts are cut at a length that fits the page (the page clips what still would not),
# the rest is on the public page behind the QR code. Shorter texts also keep 1,000 pages near the time budget.
TEXT_LIMITS = {"summary": 450, "content": 900, "results": 450}
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def book_practices(*, unit, phase):
    """The recognized practices of ``phase`` registered in ``unit``'s subtree, grouped by board and unit."""
    from models_registry.models import Practice

    return list(
        Practice.objects.filter(phase=phase, state=PracticeState.RECOGNIZED, unit__path__startswith=unit.path)
        .select_related("unit", "field", "board")
        .prefetch_related(
            Prefetch("recognitions", queryset=Recognition.objects.select_related("decision").order_by("level", "id"))
        )
        .order_by("board__path", "unit__path", "title", "id")
    )


def _cut(text, limit):
    text = (text or "").strip()
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"


def _entry(practice):
    url = public_url(practice.pk)
    recognitions = list(practice.recognitions.all())
    return {
        "pk": practice.pk,
        "title": practice.title,
        "unit": practice.unit.name,
        "board": practice.board.name,
        "field": practice.field.name,
        "kind": f"{practice.get_kind_display()} ({practice.get_subject_display().lower()})",
        "decisions": [
            {
                "number": r.decision.number,
                "date": r.decision.date.strftime("%d/%m/%Y"),
                "level": r.get_level_display().lower(),
                "outstanding": r.outstanding,
            }
            for r in recognitions
        ],
        "outstanding": any(r.outstanding for r in recognitions),
        "summary": _cut(practice.summary, TEXT_LIMITS["summary"]),
        "content": _cut(practice.content, TEXT_LIMITS["content"]),
        "results": _cut(practice.results, TEXT_LIMITS["results"]),
        "figures": [
            ("Người được vận động, thụ hưởng", vn_number(practice.people_reached)),
            ("Tiền vận động (đồng)", vn_number(practice.money_mobilized_vnd)),
            ("Ngày công", vn_number(practice.workdays_mobilized)),
            ("Đất hiến (m²)", vn_number(practice.land_donated_m2)),
        ],
        "url": url,
        "qr": qr_data_uri(url),
    }


def _render(html):
    from weasyprint import HTML

    return HTML(string=html, base_url=str(FONT_DIR)).render()


def build_book_pdf(*, unit, phase, practices, on_progress=None):
    """The book as a PDF: ``(filename, content_type, bytes)``. ``on_progress(done, total)`` after each part."""
    from pypdf import PdfReader, PdfWriter

    identity = identity_for(unit.board or unit, on=timezone.localdate())
    common = {"unit": unit, "phase": phase, "identity": identity, "font_faces": font_faces()}
    chunks = [practices[i : i + BOOK_PART_SIZE] for i in range(0, len(practices), BOOK_PART_SIZE)]
    total = len(chunks) + 1
    parts, contents, next_page = [], [], 1
    gc.freeze()  # layout allocates millions of objects; collections need not walk what came before
    try:
        for done, chunk in enumerate(chunks, start=1):
            entries = [_entry(p) for p in chunk]
            document = _render(
                render_to_string("documents/book_part.html", {**common, "entries": entries, "first_page": next_page})
            )
            first_page_of = {}
            for index, page in enumerate(document.pages):
                for anchor in page.anchors:
                    if anchor.startswith("p-"):
                        first_page_of.setdefault(anchor, next_page + index)
            contents.extend(
                {"title": e["title"], "unit": e["unit"], "page": first_page_of.get(f"p-{e['pk']}", next_page)}
                for e in entries
            )
            next_page += len(document.pages)
            parts.append(document.write_pdf())
            del document
            if on_progress is not None:
                on_progress(done, total)
        front = _render(
            render_to_string(
                "documents/book_front.html",
                {**common, "contents": contents, "count": len(practices), "year": timezone.localdate().year},
            )
        ).write_pdf()
    finally:
        gc.unfreeze()
    writer = PdfWriter()
    for pdf in [front, *parts]:
        writer.append(PdfReader(io.BytesIO(pdf)))
    title = f"Tuyển tập mô hình, điển hình Dân vận khéo giai đoạn {phase.name} — {unit.name}"
    writer.add_metadata({"/Title": title, "/Creator": "Cổng Dân vận khéo"})
    buffer = io.BytesIO()
    writer.write(buffer)
    if on_progress is not None:
        on_progress(total, total)
    return filename(["Tuyển tập", phase.name, unit.name]), PDF_TYPE, buffer.getvalue()
