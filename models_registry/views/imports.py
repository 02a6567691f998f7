"""Excel import pages: the import page (template, sample, upload), a batch's progress and preview, confirm.

Only board reviewers (their subtree) and provincial staff (their province) import; anyone else, and any batch
outside the user's scope, gets a 404.
"""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ..exports import XLSX_TYPE
from ..imports.check import CREATE, INVALID, UNCHANGED, UPDATE
from ..imports.forms import ImportUploadForm
from ..imports.reader import max_rows
from ..imports.sample import SAMPLE_FILE
from ..imports.workbook import template_xlsx
from ..models import ImportStatus
from ..permissions import import_batches_visible_to, may_import
from ..services.imports import import_batch_confirm, import_batch_create
from .helpers import board_required, progress_json, service_call

RECENT_BATCHES = 10
PREVIEW_PAGE_SIZE = 100
PROBLEM_ROWS_SHOWN = 500


def _attachment(content, filename):
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@board_required
def import_index(request):
    form = ImportUploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        batch = service_call(
            request,
            import_batch_create,
            actor=request.user,
            unit=form.cleaned_data["unit"],
            file=form.cleaned_data["file"],
        )
        if batch is not None:
            return redirect("import_detail", pk=batch.pk)
    batches = (
        import_batches_visible_to(request.user)
        .select_related("unit", "uploaded_by")
        .defer("sheet", "preview")[:RECENT_BATCHES]
    )
    return render(
        request,
        "models_registry/imports/index.html",
        {"form": form, "batches": batches, "max_rows": max_rows(), "max_mb": settings.UPLOAD_MAX_BYTES // 2**20},
    )


@board_required
@require_GET
def import_template(request):
    filename, _content_type, content = template_xlsx()
    return _attachment(content, filename)


@board_required
@require_GET
def import_sample(request):
    return FileResponse(SAMPLE_FILE.open("rb"), as_attachment=True, filename=SAMPLE_FILE.name, content_type=XLSX_TYPE)


def _status(batch):
    return {
        "id": batch.pk,
        "status": batch.status,
        "status_label": batch.get_status_display(),
        "progress": batch.progress,
        "busy": batch.is_busy,
        "final": not batch.is_busy,  # static/js/job_progress.js reloads the page then
    }


@board_required
@require_GET
def import_detail(request, pk):
    batch = get_object_or_404(
        import_batches_visible_to(request.user).select_related("unit", "uploaded_by").defer("sheet"), pk=pk
    )
    rows = batch.preview or []
    problem_rows = [row for row in rows if row["action"] == INVALID]
    warning_rows = [row for row in rows if row["action"] != INVALID and row["problems"]]
    listed = [row for row in rows if row["action"] in (CREATE, UPDATE, UNCHANGED)]
    page = Paginator(listed, PREVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "models_registry/imports/detail.html",
        {
            "batch": batch,
            "status": _status(batch),
            "counts": batch.counts or {},
            "problem_rows": problem_rows[:PROBLEM_ROWS_SHOWN],
            "problem_rows_hidden": max(0, len(problem_rows) - PROBLEM_ROWS_SHOWN),
            "warning_rows": warning_rows[:PROBLEM_ROWS_SHOWN],
            "page": page,
            "may_confirm": batch.can_confirm and may_import(request.user, batch.unit),
            "imported": batch.status == ImportStatus.IMPORTED,
        },
    )


@board_required
@require_GET
def import_status(request, pk):
    """Polled by static/js/job_progress.js while the file is checked or imported."""
    batch = get_object_or_404(import_batches_visible_to(request.user).defer("sheet", "preview"), pk=pk)
    return progress_json(_status(batch))


@board_required
@require_POST
def import_confirm(request, pk):
    batch = get_object_or_404(
        import_batches_visible_to(request.user).select_related("unit").defer("sheet", "preview"), pk=pk
    )
    if service_call(request, import_batch_confirm, batch=batch, actor=request.user) is not None:
        batch.refresh_from_db(fields=["status", "counts"])
        if batch.status == ImportStatus.IMPORTED:
            messages.success(
                request,
                _("Đã nhập %(created)s mô hình mới, cập nhật %(updated)s mô hình.")
                % {"created": batch.counts.get("created", 0), "updated": batch.counts.get("updated", 0)},
            )
    return redirect(reverse("import_detail", args=[batch.pk]))
