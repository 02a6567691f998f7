"""The worker's side of a report: claim under a lock, progress with a heartbeat, build, succeed or fail.

A redelivered message never builds a second report (the claim), and a report whose worker died is either taken
over by the next delivery or failed by the sweep (``services.schedule``).
"""

import datetime
import hashlib
import io
import logging
import os
import socket

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from models_registry.errors import DomainError

from ..builders.document import ReportDocument
from ..builders.pdf import build_report_pdf
from ..builders.xlsx import build_report_xlsx
from ..models import STATUS_TIMESTAMP, Report, ReportStatus
from ..selectors import report_statistics

logger = logging.getLogger(__name__)

DEFAULT_STALE_AFTER = datetime.timedelta(minutes=30)


class ClaimLost(Exception):
    """Another worker (or the stale sweep) took the report over; this worker stops without writing."""


class PermissionLost(DomainError):
    """The requester may no longer see the unit (membership removed since the request)."""


def stale_after() -> datetime.timedelta:
    value = getattr(settings, "REPORT_STALE_AFTER", DEFAULT_STALE_AFTER)
    return value if isinstance(value, datetime.timedelta) else datetime.timedelta(seconds=value)


def report_move(report: Report, status: str, **fields) -> Report:
    """Apply one allowed status change to a locked report row and save only what changed."""
    if not report.can_move_to(status):
        raise DomainError(
            _("Không thể chuyển báo cáo từ “%(old)s” sang “%(new)s”.")
            % {"old": report.get_status_display(), "new": ReportStatus(status).label}
        )
    report.status = status
    stamp = STATUS_TIMESTAMP[status]
    setattr(report, stamp, timezone.now())
    for name, value in fields.items():
        setattr(report, name, value)
    report.save(update_fields={"status", stamp, *fields})
    return report


def worker_token() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _worker_alive(report):
    """Whether the worker that claimed ``report`` may still be building it."""
    host, _sep, pid = report.worker.rpartition(":")
    if host == socket.gethostname() and pid.isdigit():
        # Same machine: ask the OS. A prefork child killed mid-report is gone once its parent requeues.
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True
    # Another machine: trust its heartbeat until it is older than the stale limit.
    return bool(report.heartbeat_at and report.heartbeat_at > timezone.now() - stale_after())


def report_claim(*, report_id: int, worker: str) -> Report | None:
    """Take the report for ``worker``; None when it is done, gone, or still being built by a live worker."""
    with transaction.atomic():
        report = Report.objects.select_for_update().filter(pk=report_id).first()
        if report is None or report.is_final:
            return None
        if report.status == ReportStatus.RUNNING and report.worker != worker and _worker_alive(report):
            return None
        # Queued, or running for a worker that died (acks_late redelivered the message): take it over.
        report_move(
            report,
            ReportStatus.RUNNING,
            worker=worker,
            heartbeat_at=timezone.now(),
            progress=5,
            attempts=F("attempts") + 1,
        )
    report.refresh_from_db()
    return report


def report_progress(*, report: Report, worker: str, progress: int) -> None:
    """Record progress (and a heartbeat); raise ClaimLost when the report is no longer this worker's."""
    updated = Report.objects.filter(pk=report.pk, status=ReportStatus.RUNNING, worker=worker).update(
        progress=progress, heartbeat_at=timezone.now()
    )
    if not updated:
        raise ClaimLost(report.pk)
    report.progress = progress


def _check_requester(report):
    requester = report.requested_by
    if report.requested_by_id is None:
        return  # the schedule sees every board
    if requester is None or not requester.is_active:
        raise PermissionLost(_("Tài khoản yêu cầu báo cáo không còn hoạt động."))
    requester._danvan_memberships = None  # re-read memberships: they may have changed since the request
    if not Report.objects.visible_to(requester).filter(pk=report.pk).exists():
        raise PermissionLost(_("Người yêu cầu không còn quyền xem báo cáo của đơn vị này."))


def report_generate(*, report: Report, worker: str) -> Report:
    """Build the documents of a claimed report and save them. Raises on failure; the task records it."""
    _check_requester(report)
    report_progress(report=report, worker=worker, progress=10)
    statistics = report_statistics(
        unit=report.unit, period_kind=report.period, year=report.year, user=report.requested_by
    )
    report_progress(report=report, worker=worker, progress=40)
    document = ReportDocument.from_report(report)
    document.statistics = statistics
    pdf_name, _type, pdf = build_report_pdf(
        document,
        # Progress (and a heartbeat for the stale sweep) after each part of a long document.
        on_progress=lambda done, total: report_progress(report=report, worker=worker, progress=40 + 40 * done // total),
    )
    report_progress(report=report, worker=worker, progress=80)
    xlsx_name, _type, xlsx = build_report_xlsx(document)
    report_progress(report=report, worker=worker, progress=90)
    from pypdf import PdfReader

    page_count = len(PdfReader(io.BytesIO(pdf)).pages)
    return report_succeed(
        report_id=report.pk,
        worker=worker,
        pdf=(pdf_name, pdf),
        xlsx=(xlsx_name, xlsx),
        page_count=page_count,
        statistics=statistics,
    )


def report_succeed(
    *,
    report_id: int,
    worker: str,
    pdf: tuple[str, bytes],
    xlsx: tuple[str, bytes],
    page_count: int,
    statistics: dict,
) -> Report:
    with transaction.atomic():
        report = Report.objects.select_for_update().select_related("unit").get(pk=report_id)
        if report.status != ReportStatus.RUNNING or report.worker != worker:
            raise ClaimLost(report_id)
        pdf_name, pdf_bytes = pdf
        xlsx_name, xlsx_bytes = xlsx
        # Storage names carry the version so that an older version's file is never overwritten.
        stem = f"{report.unit.code}-{report.period}-{report.year}-v{report.version}"
        report.file.save(f"{stem}.pdf", ContentFile(pdf_bytes), save=False)
        report.xlsx_file.save(f"{stem}.xlsx", ContentFile(xlsx_bytes), save=False)
        report_move(
            report,
            ReportStatus.SUCCEEDED,
            file=report.file.name,
            xlsx_file=report.xlsx_file.name,
            page_count=page_count,
            sha256=hashlib.sha256(pdf_bytes).hexdigest(),
            statistics=statistics,
            progress=100,
            heartbeat_at=timezone.now(),
            error="",
        )
    logger.info("Report %s built: %s (%s pages)", report_id, pdf_name, page_count)
    return report


def report_fail(*, report_id: int, error: object, worker: str | None = None) -> Report | None:
    """Mark the report failed with ``error``; a worker that lost its claim must not fail another's report."""
    with transaction.atomic():
        report = Report.objects.select_for_update().filter(pk=report_id).first()
        if report is None or report.is_final:
            return report
        if worker is not None and report.status == ReportStatus.RUNNING and report.worker != worker:
            return report
        report_move(report, ReportStatus.FAILED, error=str(error)[:4000])
    return report


def report_requeue(*, report_id: int, worker: str, error: object, attempt: int) -> Report | None:
    """A transient error: back to queued, the task retries later (bounded by its max_retries)."""
    with transaction.atomic():
        report = Report.objects.select_for_update().filter(pk=report_id).first()
        if report is None or report.status != ReportStatus.RUNNING or report.worker != worker:
            return report
        report_move(
            report,
            ReportStatus.QUEUED,
            worker="",
            error=_("Lỗi tạm thời (lần %(attempt)s), đang thử lại: %(error)s") % {"attempt": attempt, "error": error},
        )
    return report
