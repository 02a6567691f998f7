"""Lay out parts of a long document in separate processes (the book of models), without Django.

A part is an HTML file; its process writes the PDF beside it and a JSON file with its page count and the page (from 0)
where each ``p-…`` anchor fell. Run as ``python -m documents.builders.layout BASE_URL PART.html…``: a plain process
(not multiprocessing), so that a Celery prefork worker, whose children may not fork pools of their own, can use it.
The parent (``book.py``) starts a few of these, one per core, and merges the parts in order.
"""

import contextlib
import json
import logging
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ANCHOR_PREFIX = "p-"
POLL_SECONDS = 0.2
# An image source "qr:<url>" is drawn by the part's own process as the QR code of <url> (see qr_png).
QR_SCHEME = "qr:"


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


def layout_part(html_path: Path, base_url: str) -> dict:
    """Lay out one part: write ``<part>.pdf`` and ``<part>.json``; return the JSON's content."""
    from weasyprint import HTML

    document = HTML(filename=str(html_path), base_url=base_url, encoding="utf-8", url_fetcher=_url_fetcher()).render()
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
    paths: list[Path], *, base_url: str, workers: int, on_done=None, meanwhile=None, timeout: float = 3600
) -> list:
    """Lay out ``paths`` in ``workers`` processes; ``on_done(count)`` as parts finish, ``meanwhile()`` runs here
    while they work. Returns the parts' JSON, in order. A process that fails raises RuntimeError with its error
    output (the caller records the failure)."""
    if not paths:
        if meanwhile is not None:
            meanwhile()
        return []
    workers = max(1, min(workers, len(paths)))
    # Round robin: part 0, 2, 4… in one process and 1, 3, 5… in the other keeps them busy to the end.
    shares = [paths[i::workers] for i in range(workers)]
    with contextlib.ExitStack() as stack:
        # Error output goes to files, not pipes: a full pipe would stop a process that nobody reads yet.
        errors = [stack.enter_context(tempfile.TemporaryFile()) for _share in shares]
        processes = [
            subprocess.Popen(
                [sys.executable, "-m", "documents.builders.layout", base_url, *map(str, share)],
                cwd=Path(__file__).resolve().parents[2],
                stdout=subprocess.DEVNULL,
                stderr=error,
            )
            for share, error in zip(shares, errors, strict=True)
        ]
        stack.callback(_stop, processes)
        deadline = time.monotonic() + timeout
        done = 0
        if meanwhile is not None:
            meanwhile()
        while any(process.poll() is None for process in processes):
            if time.monotonic() > deadline:
                raise RuntimeError("book layout timed out")
            finished = sum(1 for path in paths if path.with_suffix(".json").exists())
            if finished != done and on_done is not None:
                on_done(finished)
            done = finished
            time.sleep(POLL_SECONDS)
        for process, error in zip(processes, errors, strict=True):
            if process.returncode != 0:
                error.seek(0)
                raise RuntimeError(f"book layout failed: {error.read().decode(errors='replace')[-2000:]}")
    if on_done is not None and done != len(paths):
        on_done(len(paths))
    return [json.loads(path.with_suffix(".json").read_text()) for path in paths]


def _stop(processes):
    """On the way out (done, failed or timed out): no layout process outlives its book."""
    for process in processes:
        if process.poll() is None:
            process.kill()
        process.wait()


def main(argv):
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    base_url, *paths = argv
    for path in paths:
        layout_part(Path(path), base_url)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
