"""Every change to a report row: request, claim by a worker, progress, success, failure, sweeps.

The request creates the row and queues the task after commit with the id only; the task
(``reporting.tasks.build_report``) claims the row under a lock, so a redelivered message never builds a
second report, and a report whose worker died is either taken over or failed by the sweep.
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
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from models_registry.errors import DomainError
from models_registry.models import Role, Unit, UnitLevel
from models_registry.models.units import memberships_of
from models_registry.services.audit import audit_log

from .builders import NARRATIVE_FIELDS, ReportDocument, build_report_pdf, build_report_xlsx
from .models import STATUS_TIMESTAMP, Report, ReportPeriod, ReportStatus
from .periods import periods_ending_on
from .selectors import report_statistics

logger = logging.getLogger(__name__)

DEFAULT_STALE_AFTER = datetime.timedelta(minutes=30)
DEFAULT_REQUEUE_AFTER = datetime.timedelta(minutes=10)
REPORT_DEFERRED_MESSAGE = gettext_lazy(
    "Đã ghi nhận yêu cầu. Báo cáo sẽ được lập khi hệ thống xử lý sẵn sàng; trang này tự cập nhật."
)
FIRST_REPORT_YEAR = 2009  # the movement started in 2009


class ClaimLost(Exception):
    """Another worker (or the stale sweep) took the report over; this worker stops without writing."""


class PermissionLost(DomainError):
    """The requester may no longer see the unit (membership removed since the request)."""


def stale_after():
    value = getattr(settings, "REPORT_STALE_AFTER", DEFAULT_STALE_AFTER)
    return value if isinstance(value, datetime.timedelta) else datetime.timedelta(seconds=value)


# --- who may request what ------------------------------------------------------------------------------------


def requestable_units(user):
    """Units whose report ``user`` may request: a reviewer their own board; provincial staff every board of
    their province and the province itself (the summary); superusers every board and province."""
    boards = Unit.objects.current().filter(Q(reviews=True) | Q(level=UnitLevel.PROVINCE))
    if getattr(user, "is_superuser", False):
        return boards
    q = Q(pk__in=[])
    for membership in memberships_of(user):
        if membership.role == Role.REVIEWER and membership.unit.reviews:
            q |= Q(pk=membership.unit.pk)
        elif membership.role == Role.PROVINCIAL:
            q |= Q(path__startswith=membership.unit.path)
    return boards.filter(q)


def can_request(user, unit):
    return requestable_units(user).filter(pk=unit.pk).exists()


# --- transitions --------------------------------------------------------------------------------------------


def _move(report, status, **fields):
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


def report_request(*, actor, unit, period, year, narrative=None, number="", scheduled=False):
    """Create the next version of a report and queue its build after commit.

    ``actor`` None is the schedule. With ``scheduled``, a second call for the same unit and period (the beat
    running twice on a cut-off day) returns the report already scheduled instead of a new version.
    """
    if period not in ReportPeriod.values:
        raise DomainError(_("Kỳ báo cáo không hợp lệ."))
    if not FIRST_REPORT_YEAR <= int(year) <= timezone.localdate().year:
        raise DomainError(_("Năm báo cáo không hợp lệ."))
    if actor is not None and not can_request(actor, unit):
        raise DomainError(_("Bạn không thể yêu cầu báo cáo của đơn vị này."))
    narrative = {name: (narrative or {}).get(name, "") or "" for name in NARRATIVE_FIELDS}
    with transaction.atomic():
        # The unit row lock serializes requests for one unit: versions stay consecutive and unique.
        Unit.objects.select_for_update().get(pk=unit.pk)
        reports = Report.objects.filter(unit=unit, period=period, year=year)
        if scheduled:
            existing = reports.filter(requested_by__isnull=True).order_by("-version").first()
            if existing is not None:
                existing.already_scheduled = True
                return existing
        version = (reports.aggregate(last=Max("version"))["last"] or 0) + 1
        report = Report.objects.create(
            unit=unit,
            period=period,
            year=year,
            version=version,
            number=(number or "").strip(),
            requested_by=actor,
            status=ReportStatus.QUEUED,
            queued_at=timezone.now(),
            **narrative,
        )
        audit_log(
            action="report.requested",
            actor=actor,
            obj=report,
            changes={
                "unit": [None, unit.code],
                "period": [None, period],
                "year": [None, year],
                "version": [None, version],
            },
        )
        report_id = report.pk
        transaction.on_commit(lambda: enqueue(report_id))
    return report


def enqueue(report_id):
    """Send the build task (id only). If the broker is down the row stays queued and the sweep sends it again;
    the person waiting is told so (queue_or_defer records the message for the page)."""
    from models_registry.queueing import queue_or_defer

    from .tasks import build_report

    try:
        return queue_or_defer(build_report, report_id, deferred_message=REPORT_DEFERRED_MESSAGE)
    except Exception:
        logger.exception("Could not queue report %s; the sweep will queue it again", report_id)
        return False


def worker_token():
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


def report_claim(*, report_id, worker):
    """Take the report for ``worker``; None when it is done, gone, or still being built by a live worker."""
    with transaction.atomic():
        report = Report.objects.select_for_update().filter(pk=report_id).first()
        if report is None or report.is_final:
            return None
        if report.status == ReportStatus.RUNNING and report.worker != worker and _worker_alive(report):
            return None
        # Queued, or running for a worker that died (acks_late redelivered the message): take it over.
        _move(
            report,
            ReportStatus.RUNNING,
            worker=worker,
            heartbeat_at=timezone.now(),
            progress=5,
            attempts=F("attempts") + 1,
        )
    report.refresh_from_db()
    return report


def report_progress(*, report, worker, progress):
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


def report_generate(*, report, worker):
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


def report_succeed(*, report_id, worker, pdf, xlsx, page_count, statistics):
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
        _move(
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


def report_fail(*, report_id, error, worker=None):
    """Mark the report failed with ``error``; a worker that lost its claim must not fail another's report."""
    with transaction.atomic():
        report = Report.objects.select_for_update().filter(pk=report_id).first()
        if report is None or report.is_final:
            return report
        if worker is not None and report.status == ReportStatus.RUNNING and report.worker != worker:
            return report
        _move(report, ReportStatus.FAILED, error=str(error)[:4000])
    return report


def report_requeue(*, report_id, worker, error, attempt):
    """A transient error: back to queued, the task retries later (bounded by its max_retries)."""
    with transaction.atomic():
        report = Report.objects.select_for_update().filter(pk=report_id).first()
        if report is None or report.status != ReportStatus.RUNNING or report.worker != worker:
            return report
        _move(
            report,
            ReportStatus.QUEUED,
            worker="",
            error=_("Lỗi tạm thời (lần %(attempt)s), đang thử lại: %(error)s") % {"attempt": attempt, "error": error},
        )
    return report


# --- sweeps and schedule --------------------------------------------------------------------------------------


def report_fail_stale(*, now=None):
    """Fail reports stuck in running with no heartbeat for REPORT_STALE_AFTER (their worker died)."""
    now = now or timezone.now()
    limit = now - stale_after()
    failed = 0
    stuck = Report.objects.filter(status=ReportStatus.RUNNING).filter(
        Q(heartbeat_at__lt=limit) | Q(heartbeat_at__isnull=True, started_at__lt=limit)
    )
    for report_id in stuck.values_list("pk", flat=True):
        with transaction.atomic():
            report = Report.objects.select_for_update().get(pk=report_id)
            beat = report.heartbeat_at or report.started_at
            if report.status != ReportStatus.RUNNING or (beat and beat >= limit):
                continue  # it moved on while we looked
            minutes = int(stale_after().total_seconds() // 60)
            _move(
                report,
                ReportStatus.FAILED,
                error=_("Quá %(minutes)s phút không có tiến triển (tiến trình lập báo cáo đã dừng). Vui lòng lập lại.")
                % {"minutes": minutes},
            )
            failed += 1
    return failed


def report_requeue_waiting(*, now=None):
    """Send again the tasks of reports queued for long (the broker was down when they were requested)."""
    now = now or timezone.now()
    after = getattr(settings, "REPORT_REQUEUE_AFTER", DEFAULT_REQUEUE_AFTER)
    waiting = Report.objects.filter(status=ReportStatus.QUEUED, queued_at__lt=now - after)
    sent = 0
    for report_id in waiting.values_list("pk", flat=True):
        # Safe to send twice: the task claims the row, and a duplicate finds it taken or done.
        sent += enqueue(report_id)
    return sent


def report_schedule_due(*, day):
    """On a cut-off day, request the report of every board and the summary of every province, once."""
    created = []
    for period in periods_ending_on(day):
        units = Unit.objects.current().filter(Q(reviews=True) | Q(level=UnitLevel.PROVINCE)).order_by("path")
        for unit in units:
            report = report_request(actor=None, unit=unit, period=period.kind, year=period.year, scheduled=True)
            if not getattr(report, "already_scheduled", False):
                created.append(report.pk)
    return created
