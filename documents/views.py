"""Document pages and downloads: decision PDF, certificates, registration sheet, register, books of models.

Every lookup goes through the same scoped selectors as the pages the documents belong to: an object outside
the user's scope is a 404 here too.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from models_registry.errors import DomainError
from models_registry.selectors.decisions import decisions_visible_to
from models_registry.selectors.practices import practice_get
from models_registry.views.helpers import board_required, progress_json
from models_registry.web.params import positive_int
from reporting.downloads import content_disposition, stored_file_download

from . import selectors
from .builders.certificates import build_certificates_pdf
from .builders.common import PDF_TYPE, filename
from .builders.decision import build_decision_pdf
from .builders.register import build_register_xlsx
from .builders.sheet import build_sheet_pdf
from .forms import BookRequestForm, RegisterFilterForm
from .models import BookStatus
from .services.books import book_request
from .services.reports import report_issue as report_issue_service

REGISTER_PAGE_SIZE = 50
REGISTER_EXPORT_LIMIT = 50_000


def file_response(name, content_type, content):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition(name)
    response["Cache-Control"] = "private, no-store"
    return response


def _decision(request, pk):
    return get_object_or_404(decisions_visible_to(user=request.user).select_related("board"), pk=pk)


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
    if practice_id is not None:
        practice_id = positive_int(practice_id)
        if practice_id is None:
            raise Http404
    built = build_certificates_pdf(decision, practice_id=practice_id)
    if built is None:
        raise Http404
    return file_response(*built)


@require_GET
@login_required
def practice_sheet(request, pk):
    """The registration sheet of a practice the user may see."""
    return file_response(*build_sheet_pdf(practice_get(user=request.user, pk=pk)))


# --- Numbering register --------------------------------------------------------------------------------------


def _register_filters(request):
    form = RegisterFilterForm(request.GET or None, user=request.user)
    filters = form.filters()
    query = urlencode({k: getattr(v, "pk", v) for k, v in filters.items()})
    return form, filters, query


@require_GET
@board_required
def register(request):
    """The numbering register (sổ đăng ký văn bản) of the bodies in the user's scope, newest first."""
    form, filters, query = _register_filters(request)
    page = Paginator(selectors.register_entries(request.user, **filters), REGISTER_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "documents/register.html", {"form": form, "page": page, "query": query})


@require_GET
@board_required
def register_export(request):
    """The same lines (same filters) as an Excel workbook."""
    form, filters, _query = _register_filters(request)
    entries = selectors.register_entries(request.user, **filters)[:REGISTER_EXPORT_LIMIT]
    issuer = filters.get("issuer")
    title = issuer.name if issuer else "Các cơ quan trong phạm vi quản lý"
    return file_response(*build_register_xlsx(entries, title=title))


# --- Books of models ---------------------------------------------------------------------------------------------

BOOKS_PAGE_SIZE = 30


def _book_status(book):
    done = book.status == BookStatus.SUCCEEDED
    return {
        "id": book.pk,
        "status": book.status,
        "status_label": book.get_status_display(),
        "progress": book.progress,
        "final": book.is_final,
        "error": book.error if book.status == BookStatus.FAILED else "",
        "page_count": book.page_count,
        "pdf_url": reverse("book_download", args=[book.pk]) if done else "",
    }


@require_http_methods(["GET", "POST"])
@board_required
def book_list(request):
    """The books the user may see and the request form (unit and phase)."""
    form = BookRequestForm(request.POST or None, units=selectors.book_units(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            book = book_request(actor=request.user, unit=form.cleaned_data["unit"], phase=form.cleaned_data["phase"])
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Đã gửi yêu cầu lập tuyển tập. Trang này tự cập nhật khi tuyển tập xong."))
            return redirect("book_detail", pk=book.pk)
    page = Paginator(selectors.books_visible_to(request.user), BOOKS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "documents/book_list.html", {"form": form, "page": page})


@require_GET
@board_required
def book_detail(request, pk):
    book = get_object_or_404(selectors.books_visible_to(request.user), pk=pk)
    return render(request, "documents/book_detail.html", {"book": book, "status": _book_status(book)})


@require_GET
@board_required
def book_status(request, pk):
    """Polled by static/js/job_progress.js while the book is being built."""
    book = get_object_or_404(selectors.books_visible_to(request.user), pk=pk)
    return progress_json(_book_status(book))


@require_GET
@board_required
def book_download(request, pk):
    book = get_object_or_404(selectors.books_visible_to(request.user), pk=pk, status=BookStatus.SUCCEEDED)
    name = filename(["Tuyển tập", book.phase.name, book.unit.name])
    return stored_file_download(book.file, name=name, content_type=PDF_TYPE)


# --- Issuing a report ---------------------------------------------------------------------------------------------


@require_POST
@board_required
def report_issue(request, pk):
    """Give a finished report its number from the register; the numbered version is built and shown."""
    from reporting.models import Report

    report = get_object_or_404(Report.objects.visible_to(request.user), pk=pk)
    try:
        numbered, entry = report_issue_service(actor=request.user, report=report)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("report_detail", pk=report.pk)
    messages.success(
        request,
        _("Đã cấp số %(number)s; bản báo cáo có số đang được lập (phiên bản %(version)s).")
        % {"number": entry.number, "version": numbered.version},
    )
    return redirect("report_detail", pk=numbered.pk)
