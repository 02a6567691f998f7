"""Serving a built file (report, book, document) for download: one header, one 404 for a missing file.

Used by the report pages, the API's report download and the documents pages (books, generated documents).
"""

from urllib.parse import quote

from django.http import FileResponse, Http404

from .builders.document import ascii_filename


def content_disposition(name: str) -> str:
    """An attachment header with an ASCII fallback and the UTF-8 name (RFC 6266 / RFC 5987)."""
    return f"attachment; filename=\"{ascii_filename(name)}\"; filename*=UTF-8''{quote(name, safe='')}"


def stored_file_download(stored, *, name: str, content_type: str) -> FileResponse:
    """The stored file as an attachment called ``name``; 404 when there is none or it is gone from storage."""
    if not stored:
        raise Http404
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = content_disposition(name)
    return response
