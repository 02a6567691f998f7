"""The report pipeline: request, claim, build, failure, bounded retry, redelivery, sweeps and the schedule."""

import datetime
import hashlib
import io
import socket
from unittest import mock

import pytest
from django.db import OperationalError
from django.utils import timezone
from pypdf import PdfReader

from models_registry import permissions
from models_registry.errors import DomainError
from models_registry.models import Membership, Unit
from reporting.builders.pdf import build_report_pdf
from reporting.models import Report, ReportStatus
from reporting.services import requests
from reporting.services.worker import report_move
from reporting.tasks import MAX_RETRIES, build_report, reports_fail_stale, reports_schedule_cutoff

from ..conftest import TONE_TITLE

pytestmark = pytest.mark.django_db


def request(actor, unit, **kwargs):
    """Request a report; in tests the task runs inline when the transaction's on_commit callbacks fire."""
    return requests.report_request(actor=actor, unit=unit, period="h1", year=2022, **kwargs)


def test_request_builds_the_report(world, django_capture_on_commit_callbacks):
    demo = world.demo
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        report = request(demo.reviewer, demo.kinh_mon, narrative={"strengths": "Chủ động"}, number="12")
    assert len(callbacks) == 1
    report.refresh_from_db()
    assert report.status == ReportStatus.SUCCEEDED
    assert report.version == 1 and report.attempts == 1 and report.progress == 100
    assert report.queued_at <= report.started_at <= report.finished_at
    content = report.file.read()
    assert hashlib.sha256(content).hexdigest() == report.sha256
    reader = PdfReader(io.BytesIO(content))
    assert report.page_count == len(reader.pages) >= 3
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Số 12-BC/BDVTXU" in text and "Chủ động" in text and TONE_TITLE in text
    assert report.xlsx_file.name.endswith(".xlsx") and report.xlsx_file.size > 0
    assert report.statistics["totals"]["recognized"] == 4
    assert report.statistics["unit"]["code"] == "292"


def test_regenerating_makes_a_new_version_and_keeps_the_old_file(world, django_capture_on_commit_callbacks):
    demo = world.demo
    with django_capture_on_commit_callbacks(execute=True):
        first = request(demo.reviewer, demo.kinh_mon)
    with django_capture_on_commit_callbacks(execute=True):
        second = request(demo.provincial, demo.kinh_mon)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.version, second.version) == (1, 2)
    assert first.file.name != second.file.name
    assert first.file.storage.exists(first.file.name) and second.file.storage.exists(second.file.name)


def test_who_may_request_what(demo):
    assert set(permissions.requestable_units(demo.reviewer)) == {demo.kinh_mon}
    provincial = set(permissions.requestable_units(demo.provincial))
    assert demo.province in provincial and demo.kinh_mon in provincial and len(provincial) == 13
    assert not permissions.requestable_units(demo.officer).exists()
    for actor, unit in [(demo.reviewer, demo.thanh_ha), (demo.reviewer, demo.province), (demo.officer, demo.kinh_mon)]:
        with pytest.raises(DomainError):
            request(actor, unit)
    assert not Report.objects.exists()


def test_redelivered_task_does_not_build_twice(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = request(world.demo.reviewer, world.demo.kinh_mon)
    report.refresh_from_db()
    files = sorted(report.file.storage.listdir("reports/2022/292")[1])
    # The broker delivers the same message again (acks_late after a lost connection): nothing happens.
    assert build_report.apply(args=[report.pk]).get() == "skipped"
    assert build_report.apply(args=[report.pk]).get() == "skipped"
    after = Report.objects.get(pk=report.pk)
    assert (after.attempts, after.sha256, after.finished_at) == (1, report.sha256, report.finished_at)
    assert (
        sorted(report.file.storage.listdir("reports/2022/292")[1])
        == files
        == [
            "292-h1-2022-v1.pdf",
            "292-h1-2022-v1.xlsx",
        ]
    )
    assert Report.objects.count() == 1


def _running(report, worker, heartbeat=None):
    Report.objects.filter(pk=report.pk).update(
        status=ReportStatus.RUNNING,
        worker=worker,
        started_at=timezone.now(),
        heartbeat_at=heartbeat or timezone.now(),
    )


def test_task_leaves_a_report_running_in_a_live_worker_alone(world):
    with mock.patch("reporting.services.requests.enqueue"):
        report = request(world.demo.reviewer, world.demo.kinh_mon)
    # Claimed by a live process on this machine: pid 1 always exists.
    _running(report, f"{socket.gethostname()}:1")
    assert build_report.apply(args=[report.pk]).get() == "skipped"
    assert Report.objects.get(pk=report.pk).status == ReportStatus.RUNNING


def test_task_takes_over_a_report_whose_worker_died(world):
    with mock.patch("reporting.services.requests.enqueue"):
        report = request(world.demo.reviewer, world.demo.kinh_mon)
    # The worker was SIGKILLed mid-report: its pid no longer exists, and the message was redelivered.
    _running(report, f"{socket.gethostname()}:999999999")
    assert build_report.apply(args=[report.pk]).get() == "succeeded"
    report.refresh_from_db()
    assert report.status == ReportStatus.SUCCEEDED and report.attempts == 1 and report.file


def test_failure_is_recorded_with_its_error(world):
    with mock.patch("reporting.services.requests.enqueue"):
        report = request(world.demo.reviewer, world.demo.kinh_mon)
    with mock.patch("reporting.services.worker.build_report_pdf", side_effect=ValueError("bố cục hỏng")):
        assert build_report.apply(args=[report.pk]).get() == "failed"
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert report.error == "ValueError: bố cục hỏng"
    assert report.failed_at is not None and not report.file
    assert report.attempts == 1


def test_transient_errors_are_retried_a_bounded_number_of_times(world):
    with mock.patch("reporting.services.requests.enqueue"):
        report = request(world.demo.reviewer, world.demo.kinh_mon)
    calls = []

    def flaky(document, **kwargs):
        calls.append(document)
        raise OperationalError("server closed the connection unexpectedly")

    with mock.patch("reporting.services.worker.build_report_pdf", side_effect=flaky):
        build_report.apply(args=[report.pk])
    report.refresh_from_db()
    assert len(calls) == MAX_RETRIES + 1 == 4
    assert report.status == ReportStatus.FAILED
    assert report.attempts == 4
    assert "OperationalError" in report.error and "4" in report.error


def test_a_transient_error_then_success(world):
    with mock.patch("reporting.services.requests.enqueue"):
        report = request(world.demo.reviewer, world.demo.kinh_mon)
    real = build_report_pdf
    outcomes = iter([ConnectionError("redis gone"), None])

    def once_flaky(document, **kwargs):
        error = next(outcomes)
        if error:
            raise error
        return real(document, **kwargs)

    with mock.patch("reporting.services.worker.build_report_pdf", side_effect=once_flaky):
        build_report.apply(args=[report.pk])
    report.refresh_from_db()
    assert report.status == ReportStatus.SUCCEEDED and report.attempts == 2 and report.error == ""


def test_requester_who_lost_access_gets_a_failed_report(world):
    demo = world.demo
    with mock.patch("reporting.services.requests.enqueue"):
        report = request(demo.reviewer, demo.kinh_mon)
    Membership.objects.filter(user=demo.reviewer).delete()
    build_report.apply(args=[report.pk])
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert "không còn quyền" in report.error
    assert not report.file


def test_stale_sweep_fails_stuck_reports_only(world):
    with mock.patch("reporting.services.requests.enqueue"):
        stuck = request(world.demo.reviewer, world.demo.kinh_mon)
        busy = request(world.demo.reviewer, world.demo.kinh_mon)
        waiting = request(world.demo.reviewer, world.demo.kinh_mon)
    _running(stuck, "elsewhere:42", heartbeat=timezone.now() - datetime.timedelta(minutes=31))
    _running(busy, "elsewhere:43", heartbeat=timezone.now() - datetime.timedelta(minutes=5))
    Report.objects.filter(pk=waiting.pk).update(queued_at=timezone.now() - datetime.timedelta(hours=1))
    with mock.patch("reporting.services.requests.enqueue", return_value=True) as enqueue:
        assert reports_fail_stale.apply().get() == {"failed": 1, "resent": 1}
    enqueue.assert_called_once_with(waiting.pk)
    stuck.refresh_from_db()
    assert stuck.status == ReportStatus.FAILED and "30 phút" in stuck.error
    assert Report.objects.get(pk=busy.pk).status == ReportStatus.RUNNING


def test_broker_down_leaves_the_request_queued(world, django_capture_on_commit_callbacks):
    down = mock.patch("reporting.tasks.build_report.delay", side_effect=OperationalError("broker down"))
    with down, django_capture_on_commit_callbacks(execute=True):
        report = request(world.demo.reviewer, world.demo.kinh_mon)
    report.refresh_from_db()
    assert report.status == ReportStatus.QUEUED


def test_status_changes_are_checked():
    report = Report(status=ReportStatus.SUCCEEDED)
    assert not report.can_move_to(ReportStatus.RUNNING)
    with pytest.raises(DomainError):
        report_move(report, ReportStatus.RUNNING)


def test_schedule_requests_every_board_once_on_a_cutoff_day(demo, django_capture_on_commit_callbacks):
    with mock.patch("reporting.services.requests.enqueue") as enqueue, django_capture_on_commit_callbacks(execute=True):
        assert reports_schedule_cutoff.apply(args=["2022-06-13"]).get() == []
        created = reports_schedule_cutoff.apply(args=["2022-06-14"]).get()
        again = reports_schedule_cutoff.apply(args=["2022-06-14"]).get()
    boards = Unit.objects.filter(reviews=True).count()
    assert len(created) == boards + 1  # every district board and the provincial summary
    assert again == []
    assert enqueue.call_count == boards + 1
    reports = Report.objects.filter(period="h1", year=2022)
    assert reports.count() == boards + 1
    assert reports.filter(unit=demo.province, requested_by__isnull=True).count() == 1
    assert set(reports.values_list("version", flat=True)) == {1}
    with mock.patch("reporting.services.requests.enqueue"):
        year_end = reports_schedule_cutoff.apply(args=["2022-12-14"]).get()
    assert Report.objects.filter(pk__in=year_end, period="year").count() == boards + 1
