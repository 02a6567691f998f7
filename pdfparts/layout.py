"""Lay out parts of a long document in separate processes (the book of models, the report's annex), without Django.

A part is an HTML file; its process writes the PDF beside it and a JSON file with its page count and the page (from 0)
where each ``p-…`` anchor fell. Run as ``python -m pdfparts.layout [--numbering FILE] BASE_URL PART.html…``: a plain
process (not multiprocessing), so that a Celery prefork worker, whose children may not fork pools of their own, can
use it. The parent (``documents.builders.book``, ``reporting.builders.pdf``) starts a few of these, one per core,
and merges the parts in order.

Page numbers running on across parts (``Numbering``): the number printed in a page's margin does not change how the
page is filled, so every part is laid out at once, whatever number it carries. A process publishes its part's page
count as soon as the part is laid out; once the parts before it have published theirs, it knows the part's first
page number and replaces the part's margin boxes by those of a blank document of as many pages laid out with the
same @page rules from that number (``Numbering.numbers_html``), then writes the PDF. The parts come out as if laid
out in one go, one after the other.
"""

import contextlib
import faulthandler
import gc
import json
import logging
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ANCHOR_PREFIX = "p-"
POLL_SECONDS = 0.2
# An image source "qr:<url>" is drawn by the part's own process as the QR code of <url> (see qr_png).
QR_SCHEME = "qr:"
# In Numbering.numbers_html: the number of the first page, and where the blank pages go.
FIRST_PAGE_TOKEN = "__FIRST_PAGE__"
PAGES_TOKEN = "__PAGES__"
MAX_WORKERS = 4


@dataclass
class Numbering:
    """Page numbers running on across the parts: the first part starts at ``start``; the parts marked in
    ``renumber`` get their numbers from the parts before them (the others keep what they print themselves)."""

    numbers_html: str
    renumber: list
    start: int = 1


def default_workers(configured=None) -> int:
    """How many layout processes run at once: ``configured`` (a setting) else one per core, at most MAX_WORKERS."""
    return max(1, int(configured)) if configured else max(1, min(MAX_WORKERS, os.cpu_count() or 1))


def qr_png(url: str) -> bytes:
    """A QR code of ``url`` as PNG, generated here (no network): 4 px modules, 2-module border, level M."""
    import io

    import segno

    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=4, border=2)
    return buffer.getvalue()


def _url_fetcher():
    """WeasyPrint's URL fetcher, plus the QR codes: made in the part's process, so that they cost no time in the
    parent and no base64 in the HTML."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class QRFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith(QR_SCHEME):
                return URLFetcherResponse(url, qr_png(url[len(QR_SCHEME) :]), {"Content-Type": "image/png"})
            return super().fetch(url, headers)

    return QRFetcher()


def _pages_path(html_path: Path) -> Path:
    return html_path.with_suffix(".pages")


def _first_page(numbering: dict, index: int, timeout: float) -> int:
    """The number of part ``index``'s first page, once every part before it has published its page count."""
    deadline = time.monotonic() + timeout
    while True:
        counts = [_pages_path(Path(path)) for path in numbering["parts"][:index]]
        if all(path.exists() for path in counts):
            return numbering["start"] + sum(int(path.read_text()) for path in counts)
        if time.monotonic() > deadline:
            raise RuntimeError("page numbers: the parts before never counted their pages")
        time.sleep(POLL_SECONDS / 4)


def _renumber(document, *, numbering: dict, first_page: int, base_url: str, font_config):
    """Give the laid-out ``document`` the margin boxes (page numbers) of a blank document of as many pages,
    laid out with the same @page rules starting at ``first_page``."""
    from weasyprint import HTML
    from weasyprint.formatting_structure.boxes import MarginBox

    count = len(document.pages)
    blank = "<div></div>" + '<div style="break-before: page"></div>' * (count - 1)
    html = numbering["numbers_html"].replace(FIRST_PAGE_TOKEN, str(first_page)).replace(PAGES_TOKEN, blank)
    numbers = HTML(string=html, base_url=base_url).render(font_config=font_config)
    if len(numbers.pages) != count:
        raise RuntimeError(f"page numbers: {len(numbers.pages)} numbered pages for {count}")
    for page, numbered in zip(document.pages, numbers.pages, strict=True):
        box = page._page_box
        kept = tuple(child for child in box.children if not isinstance(child, MarginBox))
        box.children = kept + tuple(child for child in numbered._page_box.children if isinstance(child, MarginBox))


def layout_part(html_path: Path, base_url: str, numbering: dict | None = None, timeout: float = 3600) -> dict:
    """Lay out one part: write ``<part>.pdf`` and ``<part>.json``; return the JSON's content."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()
    document = HTML(filename=str(html_path), base_url=base_url, encoding="utf-8", url_fetcher=_url_fetcher()).render(
        font_config=font_config
    )
    if numbering is not None:
        index = numbering["parts"].index(str(html_path))
        # Published at once (written aside, then renamed: the others never read half a number).
        draft = html_path.with_suffix(".pages-draft")
        draft.write_text(str(len(document.pages)))
        os.replace(draft, _pages_path(html_path))
        if numbering["renumber"][index]:
            first_page = _first_page(numbering, index, timeout)
            _renumber(document, numbering=numbering, first_page=first_page, base_url=base_url, font_config=font_config)
    first_page = {}
    for index, page in enumerate(document.pages):
        for anchor in page.anchors:
            if anchor.startswith(ANCHOR_PREFIX):
                first_page.setdefault(anchor, index)
    html_path.with_suffix(".pdf").write_bytes(document.write_pdf())
    result = {"pages": len(document.pages), "first_page": first_page}
    # Written last: the parent counts a part as done when its JSON exists.
    html_path.with_suffix(".json").write_text(json.dumps(result))
    return result


def layout_parts(
    paths: list[Path],
    *,
    base_url: str,
    workers: int,
    on_done=None,
    meanwhile=None,
    timeout: float = 3600,
    numbering: Numbering | None = None,
) -> list:
    """Lay out ``paths`` in ``workers`` processes; ``on_done(count)`` as parts finish, ``meanwhile()`` runs here
    while they work; ``numbering`` runs the page numbers on across the parts. Returns the parts' JSON, in order.
    A process that fails raises RuntimeError with its error output (the caller records the failure)."""
    if not paths:
        if meanwhile is not None:
            meanwhile()
        return []
    workers = max(1, min(workers, len(paths)))
    # Round robin: part 0, 2, 4… in one process and 1, 3, 5… in the other keeps them busy to the end (and a part's
    # page number never waits long for the parts before it).
    shares = [paths[i::workers] for i in range(workers)]
    options = []
    if numbering is not None:
        spec = Path(paths[0]).with_name("numbering.json")
        spec.write_text(json.dumps({"parts": list(map(str, paths)), **numbering.__dict__}))
        options = ["--numbering", str(spec)]
    deadline = time.monotonic() + timeout
    try:
        _run(shares, options, base_url=base_url, paths=paths, on_done=on_done, meanwhile=meanwhile, deadline=deadline)
    except Killed:
        # A process killed by a signal (a crash in a C library as fonts load, the system short of memory): once
        # more from the start, since the parts after it may have waited for its page counts.
        for path in paths:
            for suffix in (".pages", ".json", ".pdf"):
                path.with_suffix(suffix).unlink(missing_ok=True)
        _run(shares, options, base_url=base_url, paths=paths, on_done=on_done, meanwhile=None, deadline=deadline)
    if on_done is not None:
        on_done(len(paths))
    return [json.loads(path.with_suffix(".json").read_text()) for path in paths]


class Killed(RuntimeError):
    """A layout process ended by a signal."""


def _run(shares, options, *, base_url, paths, on_done, meanwhile, deadline):
    with contextlib.ExitStack() as stack:
        # Error output goes to files, not pipes: a full pipe would stop a process that nobody reads yet.
        errors = [stack.enter_context(tempfile.TemporaryFile()) for _share in shares]
        processes = [
            subprocess.Popen(
                [sys.executable, "-m", "pdfparts.layout", *options, base_url, *map(str, share)],
                cwd=Path(__file__).resolve().parents[1],
                stdout=subprocess.DEVNULL,
                stderr=error,
            )
            for share, error in zip(shares, errors, strict=True)
        ]
        stack.callback(_stop, processes)
        done = 0
        if meanwhile is not None:
            meanwhile()
        while True:
            running = [process.poll() is None for process in processes]
            # A failed process fails the whole at once: the others may be waiting for its page counts.
            _raise_failed(processes, errors)
            if not any(running):
                return
            if time.monotonic() > deadline:
                raise RuntimeError("layout timed out")
            finished = sum(1 for path in paths if path.with_suffix(".json").exists())
            if finished != done and on_done is not None:
                on_done(finished)
            done = finished
            time.sleep(POLL_SECONDS)


def _raise_failed(processes, errors):
    for process, error in zip(processes, errors, strict=True):
        if process.returncode not in (None, 0):
            error.seek(0)
            output = error.read().decode(errors="replace")[-2000:]
            failure = Killed if process.returncode < 0 else RuntimeError
            raise failure(f"layout failed (exit status {process.returncode}): {output}")


def _stop(processes):
    """On the way out (done, failed or timed out): no layout process outlives its document."""
    for process in processes:
        if process.poll() is None:
            process.kill()
        process.wait()


def main(argv):
    # A crash in a C library (Pango, fontconfig, HarfBuzz) prints where it happened instead of nothing.
    faulthandler.enable()
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    numbering = None
    if argv[:1] == ["--numbering"]:
        numbering = json.loads(Path(argv[1]).read_text())
        argv = argv[2:]
    base_url, *paths = argv
    # What is loaded by now stays: the collector need not walk it again during layout.
    gc.freeze()
    for path in paths:
        layout_part(Path(path), base_url, numbering)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
