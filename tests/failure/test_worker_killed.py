"""A Celery worker is killed (SIGKILL) while it builds a report: never stuck in "running".

Either the message is delivered again and a new worker takes the report over and completes it, or the
periodic sweep marks it failed with a reason. Real workers on a throwaway Redis; the machine's Redis is untouched.
"""

import datetime
import time

import pytest
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from models_registry.models import PracticeState
from reporting.models import ReportStatus
from reporting.services.requests import report_request
from reporting.tasks import reports_fail_stale
from tests.reporting.helpers import practice_in
from tests.servers import CeleryWorker, ThrowawayRedis, celery_broker, database_url

pytestmark = [pytest.mark.fault, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

# Redelivery of an unacknowledged task after this many seconds (production: an hour).
VISIBILITY_TIMEOUT = 3


@pytest.fixture
def redis_server():
    server = ThrowawayRedis().start()
    yield server
    server.close()


@pytest.fixture
def big_report(demo, redis_server):
    """A Kinh Môn 6-month report with enough recognized practices that its PDF takes a while to build."""
    year = timezone.localdate().year - 1
    day = datetime.date(year, 3, 10)
    for _n in range(150):
        practice_in(demo.an_luu, PracticeState.RECOGNIZED, day)
    with celery_broker(redis_server.url):
        report = report_request(actor=demo.reviewer, unit=demo.kinh_mon, period="h1", year=year)
    return report


def start_worker(redis_server):
    return CeleryWorker(
        broker_url=redis_server.url,
        db_url=database_url(connection.settings_dict),
        extra_env={"CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT)},
    )


def wait_for(report, predicate, timeout=90, worker=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        report.refresh_from_db()
        if predicate(report):
            return report
        time.sleep(0.05)
    raise AssertionError(
        f"report {report.pk} stayed {report.status}/{report.progress}: {worker and worker.log()[-3000:]}"
    )


def kill_while_running(report, redis_server):
    worker = start_worker(redis_server)
    try:
        wait_for(report, lambda r: r.status == ReportStatus.RUNNING and r.progress >= 10, worker=worker)
        worker.kill(9)
    finally:
        worker.stop()
    report.refresh_from_db()
    assert report.status == ReportStatus.RUNNING, "the report finished before the worker was killed"
    return report


def test_killed_report_is_redelivered_and_completed(big_report, redis_server):
    report = kill_while_running(big_report, redis_server)
    killed_worker = report.worker

    time.sleep(VISIBILITY_TIMEOUT + 1)
    # No manual re-send: the new worker gets the same unacknowledged message again from Redis.
    worker = start_worker(redis_server)
    try:
        report = wait_for(
            report, lambda r: r.status != ReportStatus.RUNNING or r.worker != killed_worker, worker=worker
        )
        report = wait_for(report, lambda r: r.is_final, worker=worker)
    finally:
        worker.stop()
    assert report.status == ReportStatus.SUCCEEDED, report.error
    assert report.worker != killed_worker
    assert report.file and report.page_count >= 1


def test_killed_report_is_failed_by_the_stale_sweep(big_report, redis_server):
    report = kill_while_running(big_report, redis_server)
    # Nobody picks the message up again (no worker); the sweep runs later and the report is not stuck.
    with override_settings(REPORT_STALE_AFTER=datetime.timedelta(seconds=1)):
        time.sleep(1.5)
        reports_fail_stale.apply().get()
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert "không có tiến triển" in report.error
