"""The book of models (Tuyển tập mô hình, điển hình “Dân vận khéo”) of one phase and one unit.

Cover and table of contents, then one page per recognized practice (summary, content, results, QR code to its
public page). Practice pages are laid out in parts of BOOK_PART_SIZE, each its own WeasyPrint document in its own
process (pdfparts/layout.py), a few at a time, and merged at the end: layout time grows faster than linearly with a
document's length, a part's memory is freed with its process, and a 1,000-practice book uses every core. Page
numbers run from the first practice page; the contents are laid out last, from the parts' anchors.
"""

import io
import logging
import tempfile
from pathlib import Path

from django.conf import settings
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone

from models_registry.models import PracticeState, Recognition
from pdfparts.layout import QR_SCHEME, default_workers, layout_parts

from ..identity import identity_for
from .common import FONT_DIR, PDF_TYPE, filename, font_faces, public_url, vn_number

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
            Prefetch(
                "recognitions",
                queryset=Recognition.objects.select_related("decision", "decision__board")
                .with_level_names()
                .order_by("level", "id"),
            )
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
                "level": r.level_name,
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
        "qr": QR_SCHEME + url,  # drawn by the part's process (pdfparts/layout.py)
    }


def book_workers() -> int:
    """How many processes lay out a book's parts at once (BOOK_WORKERS; by default one per core, at most 4)."""
    return default_workers(getattr(settings, "BOOK_WORKERS", None))


def _render(html):
    from weasyprint import HTML

    return HTML(string=html, base_url=str(FONT_DIR)).render()


def _write_parts(folder, chunks, common, starts, *, first_index=0):
    """One HTML file per part; ``starts`` are the page numbers their first pages carry."""
    paths, entries = [], []
    for index, (chunk, start) in enumerate(zip(chunks, starts, strict=True), start=first_index):
        part_entries = [_entry(p) for p in chunk]
        path = Path(folder) / f"part-{index:04d}.html"
        html = render_to_string("documents/book_part.html", {**common, "entries": part_entries, "first_page": start})
        path.write_text(html, encoding="utf-8")
        paths.append(path)
        entries.append(part_entries)
    return paths, entries


def _front_pdf(common, contents, count):
    html = render_to_string(
        "documents/book_front.html", {**common, "contents": contents, "count": count, "year": timezone.localdate().year}
    )
    return _render(html).write_pdf()


def build_book_pdf(*, unit, phase, practices, on_progress=None, workers=None):
    """The book as a PDF: ``(filename, content_type, bytes)``. ``on_progress(done, total)`` as parts finish.

    Every practice takes one page (the part template clips what would not fit), so each part's first page number
    is known before any layout: the parts are laid out at the same time in ``workers`` processes (pdfparts/layout.py),
    then the cover and contents, then everything is merged. Should a part come out longer anyway, the parts after
    it are laid out again with the right numbers.
    """
    from pypdf import PdfReader, PdfWriter

    identity = identity_for(unit.board or unit, on=timezone.localdate())
    common = {"unit": unit, "phase": phase, "identity": identity, "font_faces": font_faces()}
    chunks = [practices[i : i + BOOK_PART_SIZE] for i in range(0, len(practices), BOOK_PART_SIZE)]
    total = len(chunks) + 1
    starts = [1 + i * BOOK_PART_SIZE for i in range(len(chunks))]
    with tempfile.TemporaryDirectory(prefix="tuyen-tap-") as folder:
        paths, entries = _write_parts(folder, chunks, common, starts)
        front = {}

        def contents_of(results):
            """The contents from the parts' page counts and anchors; None when a part ran past its one page each."""
            contents, next_page = [], 1
            for index, part_entries in enumerate(entries):
                if results is not None and starts[index] != next_page:
                    return None
                first_page = results[index]["first_page"] if results is not None else {}
                contents.extend(
                    {"title": e["title"], "unit": e["unit"], "page": next_page + first_page.get(f"p-{e['pk']}", i)}
                    for i, e in enumerate(part_entries)
                )
                next_page += results[index]["pages"] if results is not None else len(part_entries)
            return contents

        def lay_out_front():
            # While the parts are laid out: the contents as they will be (one page per practice), checked below.
            front["contents"] = contents_of(None)
            front["pdf"] = _front_pdf(common, front["contents"], len(practices))

        results = layout_parts(
            paths,
            base_url=str(FONT_DIR),
            workers=workers or book_workers(),
            on_done=(lambda done: on_progress(done, total)) if on_progress else None,
            meanwhile=lay_out_front,
        )
        contents = contents_of(results)
        if contents is None:  # a part ran long: lay out the parts after it again, one at a time, with their numbers
            next_page = 1
            for index, chunk in enumerate(chunks):
                if starts[index] != next_page:
                    starts[index] = next_page
                    paths[index].with_suffix(".json").unlink()
                    _write_parts(folder, [chunk], common, [next_page], first_index=index)
                    results[index] = layout_parts([paths[index]], base_url=str(FONT_DIR), workers=1)[0]
                next_page += results[index]["pages"]
            contents = contents_of(results)
        if contents != front["contents"]:
            front["pdf"] = _front_pdf(common, contents, len(practices))
        writer = PdfWriter()
        for pdf in [front["pdf"], *(path.with_suffix(".pdf").read_bytes() for path in paths)]:
            writer.append(PdfReader(io.BytesIO(pdf)))
    title = f"Tuyển tập mô hình, điển hình Dân vận khéo giai đoạn {phase.name} — {unit.name}"
    writer.add_metadata({"/Title": title, "/Creator": "Cổng Dân vận khéo"})
    buffer = io.BytesIO()
    writer.write(buffer)
    if on_progress is not None:
        on_progress(total, total)
    return filename(["Tuyển tập", phase.name, unit.name]), PDF_TYPE, buffer.getvalue()
