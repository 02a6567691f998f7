"""A real Celery worker, on the machine's Redis, builds a report requested through the page."""

import datetime
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis
from django.db import connection
from django.urls import reverse

from danvan.celery import app as celery_app
from models_registry.models import PracticeState
from reporting.models import Report, ReportStatus
from reporting.tasks import build_report

from ..conftest import TONE_TITLE
from ..helpers import practice_in

REDIS_URL = os.environ.get("REPORTS_TEST_REDIS_URL", "redis://127.0.0.1:6379/3")
ROOT = Path(__file__).resolve().parents[3]
WAIT_SECONDS = 120


@pytest.fixture
def real_broker(monkeypatch):
    """Publish to Redis instead of running inline, on a queue of this run only (other runs share Redis)."""
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.exceptions.ConnectionError:
        pytest.fail(f"Redis is not reachable at {REDIS_URL} (run `make services`)")
    queue = f"reports-test-{uuid.uuid4().hex[:12]}"
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    monkeypatch.setitem(celery_app.conf, "broker_url", REDIS_URL)
    monkeypatch.setattr(build_report, "queue", queue, raising=False)
    monkeypatch.setattr(build_report, "_exec_options", None)
    # Connection and producer pools are created lazily and cached: drop them so they use the new broker.
    monkeypatch.setattr(celery_app, "_pool", None)
    monkeypatch.setattr(celery_app.amqp, "_producer_pool", None)
    assert celery_app.connection_for_write().as_uri().startswith("redis://")
    assert build_report._get_exec_options()["queue"] == queue
    yield queue
    celery_app.pool.force_close_all()
    redis.Redis.from_url(REDIS_URL).delete(queue)


def start_worker(queue):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "danvan.settings.test",
        # The test database this test is using, which the worker must write to.
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{connection.settings_dict['NAME']}",
        "REDIS_URL": REDIS_URL,
        "CELERY_EAGER": "0",
    }
    celery = str(Path(sys.executable).with_name("celery"))
    command = [celery, "-A", "danvan", "worker", "-Q", queue, "-c", "1", "-l", "info"]
    command += ["--without-gossip", "--without-mingle", "--without-heartbeat", "-n", f"{queue}@%h"]
    log = open(ROOT / "var" / f"{queue}.log", "w+b")  # noqa: SIM115 - closed in stop_worker
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT), log


def stop_worker(worker, log):
    worker.terminate()
    try:
        worker.wait(timeout=20)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait(timeout=10)
    log.seek(0)
    output = log.read().decode(errors="replace")
    log.close()
    os.unlink(log.name)
    return output


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_real_worker_builds_and_the_view_serves_the_report(client, demo, real_broker):
    practice_in(demo.an_luu, PracticeState.RECOGNIZED, datetime.date(2022, 3, 1), title=TONE_TITLE)
    (ROOT / "var").mkdir(exist_ok=True)
    worker, log = start_worker(real_broker)
    output = ""
    passed = False
    try:
        client.force_login(demo.reviewer)
        response = client.post(
            reverse("report_list"), {"unit": demo.kinh_mon.pk, "period": "h1", "year": 2022, "strengths": "Tốt"}
        )
        report = Report.objects.get()
        assert response.status_code == 302 and response.url == reverse("report_detail", args=[report.pk])
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            report.refresh_from_db()
            if report.is_final or worker.poll() is not None:
                break
            time.sleep(0.5)
        status = client.get(reverse("report_status", args=[report.pk])).json()
        assert status["status"] == ReportStatus.SUCCEEDED, (status, report.error)
        download = client.get(status["pdf_url"])
        assert download.status_code == 200
        content = b"".join(download.streaming_content)
        assert content.startswith(b"%PDF")
        assert report.attempts == 1 and report.page_count >= 3
        assert report.file.name.startswith("reports/2022/292/292-h1-2022-v1")
        passed = True
    finally:
        output = stop_worker(worker, log)
        if not passed:
            print(output[-5000:])  # shown by pytest with the failure
    assert "reporting.tasks.build_report[" in output, output[-3000:]
