"""Report pages: list and request, progress, status for the progress script, downloads.

Every lookup goes through ``Report.objects.visible_to(user)``: a report outside the user's scope is a 404.
"""

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from models_registry.bodies import body_names
from models_registry.exports import XLSX_TYPE
from models_registry.permissions import may_request_report, requestable_units
from models_registry.services.submissions import submission_once
from models_registry.views.helpers import progress_json, service_call
from models_registry.web.params import positive_int

from .builders.document import NARRATIVE_FIELDS, PDF_TYPE, report_filename
from .downloads import stored_file_download
from .forms import ReportRequestForm
from .models import Report, ReportStatus
from .periods import period_bounds
from .services.requests import report_request

REPORTS_PER_PAGE = 60


def _visible(request):
    return Report.objects.visible_to(request.user).select_related("unit", "requested_by")


@login_required
def report_list(request):
    """The reports the user may see, versions grouped by unit and period, and the request form."""
    may_request = requestable_units(request.user).exists()
    form = None
    if may_request:
        form = ReportRequestForm(request.POST or None, user=request.user)
        if request.method == "POST" and form.is_valid():
            result = service_call(
                request,
                submission_once,
                token=form.cleaned_data["submission_token"],
                actor=request.user,
                create=lambda: report_request(
                    actor=request.user,
                    unit=form.cleaned_data["unit"],
                    period=form.cleaned_data["period"],
                    year=form.cleaned_data["year"],
                    number=form.cleaned_data["number"],
                    narrative=form.narrative,
                ),
            )
            if result is not None:
                report, created = result
                if created:
                    messages.success(request, _("Đã gửi yêu cầu lập báo cáo. Trang này tự cập nhật khi báo cáo xong."))
                    _warn_if_running(request, report)
                else:
                    messages.info(request, _("Yêu cầu này đã được gửi trước đó; đây là báo cáo đang lập."))
                return redirect("report_detail", pk=report.pk)
    elif request.method == "POST":
        raise Http404
    reports = _visible(request)
    year = positive_int(request.GET.get("year", ""), limit=9999)
    if year:
        reports = reports.filter(year=year)
    page = Paginator(reports.order_by("-year", "period", "unit__path", "-version"), REPORTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    groups = [
        {
            "unit": rows[0].unit,
            "end": period_bounds(rows[0].period, rows[0].year).end,
            "period": rows[0].get_period_display(),
            "year": rows[0].year,
            "versions": rows,
        }
        for rows in (list(g) for _key, g in groupby(page.object_list, key=lambda r: (r.unit_id, r.period, r.year)))
    ]
    # Each report under the name of the body that reports, as it was called at the period's end (one query).
    names = body_names((group["unit"], group["end"]) for group in groups)
    for group in groups:
        group["body"] = names[(group["unit"].pk, group["end"])]
    years = Report.objects.visible_to(request.user).order_by("-year").values_list("year", flat=True).distinct()
    return render(
        request,
        "reporting/report_list.html",
        {"form": form, "groups": groups, "page": page, "years": list(years), "year": year},
    )


def _warn_if_running(request, report):
    """A period not over yet gives provisional figures: say so when the report is requested."""
    period = period_bounds(report.period, report.year)
    if timezone.localdate() <= period.end:
        messages.warning(
            request,
            _("Kỳ báo cáo chưa kết thúc (đến ngày %(end)s): số liệu trong báo cáo là số liệu tạm tính.")
            % {"end": f"{period.end:%d/%m/%Y}"},
        )


@login_required
def report_detail(request, pk):
    report = get_object_or_404(_visible(request), pk=pk)
    return render(
        request,
        "reporting/report_detail.html",
        {"report": report, "may_regenerate": may_request_report(request.user, report.unit), "status": _status(report)},
    )


def _status(report):
    done = report.status == ReportStatus.SUCCEEDED
    return {
        "id": report.pk,
        "status": report.status,
        "status_label": report.get_status_display(),
        "progress": report.progress,
        "final": report.is_final,
        "error": report.error if report.status == ReportStatus.FAILED else "",
        "page_count": report.page_count,
        "pdf_url": reverse("report_download", args=[report.pk, "pdf"]) if done else "",
        "xlsx_url": reverse("report_download", args=[report.pk, "xlsx"]) if done else "",
    }


@login_required
@require_GET
def report_status(request, pk):
    """Polled by static/js/job_progress.js while the report is being built."""
    report = get_object_or_404(Report.objects.visible_to(request.user), pk=pk)
    return progress_json(_status(report))


@login_required
@require_POST
def report_regenerate(request, pk):
    """A new version of the same report (same unit, period and narrative) built from today's data."""
    report = get_object_or_404(_visible(request), pk=pk)
    new = service_call(
        request,
        report_request,
        success=lambda new: _("Đã gửi yêu cầu lập lại báo cáo (phiên bản %(version)s).") % {"version": new.version},
        actor=request.user,
        unit=report.unit,
        period=report.period,
        year=report.year,
        number=report.number,
        narrative={name: getattr(report, name) for name in NARRATIVE_FIELDS},
    )
    return redirect("report_detail", pk=(new or report).pk)


@login_required
@require_GET
def report_download(request, pk, fmt):
    if fmt not in ("pdf", "xlsx"):
        raise Http404
    report = get_object_or_404(_visible(request), pk=pk, status=ReportStatus.SUCCEEDED)
    stored, content_type = (report.file, PDF_TYPE) if fmt == "pdf" else (report.xlsx_file, XLSX_TYPE)
    name = report_filename(report.unit, report.period, report.year, report.version, fmt)
    return stored_file_download(stored, name=name, content_type=content_type)
