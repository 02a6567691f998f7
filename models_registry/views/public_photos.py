"""Photos on the public pages: only those the board marked public, of recognized practices, re-encoded by Pillow.

Re-encoding (not serving the upload) makes every public image a small JPEG and drops its metadata (EXIF: the
phone's GPS position, its owner's name); any other upload is served only through ``attachment_download``'s
permission check. The bytes are cached by attachment and size; the flag is read on every request, so a photo
the board takes back disappears at once (browsers keep it at most PUBLIC_MAX_AGE seconds).
"""

import io

from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET
from PIL import Image, ImageOps

from ..permissions import public_photos

SIZES = {"thumb": (480, 360), "large": (1600, 1200)}
PUBLIC_MAX_AGE = 600
CACHE_SECONDS = 24 * 3600


def render_photo(attachment, size) -> bytes:
    """The attachment's image fitted into ``size``, as a JPEG without metadata (Http404 if it cannot be read)."""
    try:
        with attachment.file.open("rb") as handle, Image.open(handle) as image:
            image = ImageOps.exif_transpose(image)
            if size == SIZES["thumb"]:
                image = ImageOps.fit(image, size)  # cards line up: every thumbnail has the same shape
            else:
                image.thumbnail(size)
            out = io.BytesIO()
            image.convert("RGB").save(out, format="JPEG", quality=82, optimize=True)
    except (OSError, ValueError, Image.DecompressionBombError):
        raise Http404
    return out.getvalue()


def _serve(pk, size_name):
    attachment = get_object_or_404(public_photos().only("id", "file"), pk=pk)
    key = f"public-photo:{attachment.pk}:{size_name}:{attachment.file.name}"
    content = cache.get(key)
    if content is None:
        content = render_photo(attachment, SIZES[size_name])
        cache.set(key, content, CACHE_SECONDS)
    response = HttpResponse(content, content_type="image/jpeg")
    response["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}"
    return response


@require_GET
def public_photo_thumb(request, pk):
    return _serve(pk, "thumb")


@require_GET
def public_photo(request, pk):
    return _serve(pk, "large")
