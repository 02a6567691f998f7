"""Sweeps and the schedule: fail reports whose worker died, re-send reports that never reached a worker, and
request every board's and province's report on a cut-off day (once, even if the beat runs twice)."""

import datetime

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.sweeps import fail_stale
from models_registry.models import Unit, UnitLevel

from ..models import Report, ReportStatus
from ..periods import periods_ending_on
from . import requests
from .worker import report_move, stale_after

DEFAULT_REQUEUE_AFTER = datetime.timedelta(minutes=10)


def report_fail_stale(*, now: datetime.datetime | None = None) -> int:
    """Fail reports stuck in running with no heartbeat for REPORT_STALE_AFTER (their worker died)."""

    def fail(report):
        minutes = int(stale_after().total_seconds() // 60)
        report_move(
            report,
            ReportStatus.FAILED,
            error=_("Quá %(minutes)s phút không có tiến triển (tiến trình lập báo cáo đã dừng). Vui lòng lập lại.")
            % {"minutes": minutes},
        )

    limit = (now or timezone.now()) - stale_after()
    return fail_stale(model=Report, running=ReportStatus.RUNNING, limit=limit, fail=fail)


def report_requeue_waiting(*, now: datetime.datetime | None = None) -> int:
    """Send again the tasks of reports queued for long (the broker was down when they were requested)."""
    now = now or timezone.now()
    after = getattr(settings, "REPORT_REQUEUE_AFTER", DEFAULT_REQUEUE_AFTER)
    waiting = Report.objects.filter(status=ReportStatus.QUEUED, queued_at__lt=now - after)
    sent = 0
    for report_id in waiting.values_list("pk", flat=True):
        # Safe to send twice: the task claims the row, and a duplicate finds it taken or done.
        sent += requests.enqueue(report_id)
    return sent


def report_schedule_due(*, day: datetime.date) -> list[int]:
    """On a cut-off day, request the report of every board and the summary of every province, once."""
    created = []
    for period in periods_ending_on(day):
        units = Unit.objects.current().filter(Q(reviews=True) | Q(level=UnitLevel.PROVINCE)).order_by("path")
        for unit in units:
            report = requests.report_request(
                actor=None, unit=unit, period=period.kind, year=period.year, scheduled=True
            )
            if not getattr(report, "already_scheduled", False):
                created.append(report.pk)
    return created
