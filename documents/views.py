"""Document pages and downloads: decision PDF, certificates, registration sheet, register, books of models.

Every lookup goes through the same scoped selectors as the pages the documents belong to: an object outside
the user's scope is a 404 here too.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from models_registry.permissions import is_board_user
from models_registry.selectors.decisions import decisions_visible_to
from models_registry.selectors.practices import practice_get

from .builders.certificates import build_certificates_pdf
from .builders.common import ascii_filename
from .builders.decision import build_decision_pdf
from .builders.sheet import build_sheet_pdf


def board_required(view):
    """Reviewers and provincial staff; anyone else gets the same 404 as a missing page."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not is_board_user(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def file_response(name, content_type, content, *, inline=False):
    from urllib.parse import quote

    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = (
        f"{disposition}; filename=\"{ascii_filename(name)}\"; filename*=UTF-8''{quote(name, safe='')}"
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _decision(request, pk):
    return get_object_or_404(decisions_visible_to(request.user).select_related("board"), pk=pk)


@require_GET
@board_required
def decision_document(request, pk):
    """The decision in the Party document format, ready to sign."""
    return file_response(*build_decision_pdf(_decision(request, pk)))


@require_GET
@board_required
def decision_certificates(request, pk):
    """All certificates of a decision in one PDF, or one practice's with ``?practice=<id>``."""
    decision = _decision(request, pk)
    practice_id = request.GET.get("practice")
    if practice_id is not None and not practice_id.isdigit():
        raise Http404
    built = build_certificates_pdf(decision, practice_id=int(practice_id) if practice_id else None)
    if built is None:
        raise Http404
    return file_response(*built)


@require_GET
@login_required
def practice_sheet(request, pk):
    """The registration sheet of a practice the user may see."""
    return file_response(*build_sheet_pdf(practice_get(request.user, pk)))
