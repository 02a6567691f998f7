"""pdfparts.layout: parts of a PDF laid out at once in separate processes, page numbers running on across them."""

import pytest
from pypdf import PdfReader

from pdfparts.layout import FIRST_PAGE_TOKEN, PAGES_TOKEN, Numbering, layout_parts


def _html(body, first_page=None):
    first = f"@page :first {{ counter-reset: page {first_page}; }}" if first_page is not None else ""
    return (
        '<!doctype html><html><head><meta charset="utf-8"><style>'
        "@page { size: A6; margin: 15mm; @bottom-right { content: counter(page); } }"
        f"{first}</style></head><body>{body}</body></html>"
    )


def _pages(count, word):
    return "".join(f'<p style="break-before: {"page" if i else "auto"}">{word} {i}</p>' for i in range(count))


def _parts(folder, sizes):
    paths = []
    for index, size in enumerate(sizes):
        path = folder / f"part-{index:04d}.html"
        # Every part after the first is written with a placeholder number: layout gives it the right one.
        path.write_text(_html(_pages(size, f"phan{index}"), None if index == 0 else 1), encoding="utf-8")
        paths.append(path)
    return paths


def test_page_numbers_run_on_across_parts_laid_out_at_once(tmp_path):
    sizes = [3, 2, 4, 1, 2]
    paths = _parts(tmp_path, sizes)
    results = layout_parts(
        paths,
        base_url=str(tmp_path),
        workers=2,
        numbering=Numbering(numbers_html=_html(PAGES_TOKEN, FIRST_PAGE_TOKEN), renumber=[False] + [True] * 4),
    )
    assert [result["pages"] for result in results] == sizes
    printed = [page.extract_text().split() for path in paths for page in PdfReader(path.with_suffix(".pdf")).pages]
    # Each page keeps its own text and carries its place in the whole document.
    assert [words[-1] for words in printed] == [str(n) for n in range(1, sum(sizes) + 1)]
    assert [words[:2] for words in printed][3:5] == [["phan1", "0"], ["phan1", "1"]]


def test_a_failed_part_stops_the_others_at_once(tmp_path):
    """The part after a failed one waits for its page count: the failure is reported, not a timeout."""
    paths = _parts(tmp_path, [2, 2])
    paths[0].unlink()
    with pytest.raises(RuntimeError, match="layout failed"):
        layout_parts(
            paths,
            base_url=str(tmp_path),
            workers=2,
            timeout=60,
            numbering=Numbering(numbers_html=_html(PAGES_TOKEN, FIRST_PAGE_TOKEN), renumber=[False, True]),
        )


def test_a_process_killed_by_a_signal_is_run_once_more(tmp_path, monkeypatch):
    """A crash in a C library as a process starts (no Python error): the layout starts again from scratch."""
    from pdfparts import layout

    real, calls = layout._run, []

    def crashing_once(*args, **kwargs):
        calls.append(kwargs["meanwhile"])
        if len(calls) == 1:
            raise layout.Killed("layout failed (exit status -11): ")
        return real(*args, **kwargs)

    monkeypatch.setattr(layout, "_run", crashing_once)
    paths = _parts(tmp_path, [2, 3])
    results = layout_parts(
        paths,
        base_url=str(tmp_path),
        workers=2,
        meanwhile=lambda: None,
        numbering=Numbering(numbers_html=_html(PAGES_TOKEN, FIRST_PAGE_TOKEN), renumber=[False, True]),
    )
    assert [result["pages"] for result in results] == [2, 3]
    assert calls[1] is None  # what ran meanwhile is not run twice
    last = PdfReader(paths[1].with_suffix(".pdf")).pages[-1]
    assert last.extract_text().split()[-1] == "5"
