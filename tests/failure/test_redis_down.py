"""Redis (the task broker) dies while an officer submits and proposes.

The submission is saved, the officer is told plainly that the e-mail will follow, and once Redis is back the
periodic sweep (sent by beat through the broker, run by a real Celery worker) delivers the e-mail.
"""

import datetime
import time

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from models_registry.models import Notification, Practice, PracticeState
from models_registry.queueing import queue_or_defer
from models_registry.tasks import notifications_send_pending
from tests.factories import PracticeFactory
from tests.servers import CeleryWorker, ThrowawayRedis, celery_broker, database_url

pytestmark = [pytest.mark.fault, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

DEFERRED = "Đã lưu. Thư thông báo sẽ được gửi khi hệ thống thư sẵn sàng."


@pytest.fixture
def redis_server():
    server = ThrowawayRedis().start()
    yield server
    server.close()


def wait_until(predicate, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_officer_submits_and_proposes_while_redis_is_down(client, demo, redis_server):
    practice = PracticeFactory(unit=demo.an_luu, created_by=demo.officer)
    client.force_login(demo.officer)
    with celery_broker(redis_server.url):
        redis_server.stop()

        response = client.post(
            reverse("practice_submit", args=[practice.pk]), {"expected_version": practice.version}, follow=True
        )
        assert response.status_code == 200
        practice.refresh_from_db()
        assert practice.state == PracticeState.REGISTERED

        response = client.post(
            reverse("practice_propose", args=[practice.pk]),
            {
                "expected_version": practice.version,
                "people_reached": "350",
                "money_mobilized_vnd": "120000000",
                "workdays_mobilized": "400",
                "land_donated_m2": "900",
                "results": "Vận động 120 hộ hiến đất, làm 2 km đường.",
            },
            follow=True,
        )
        page = response.content.decode()
        assert response.status_code == 200
        assert "Đã gửi đề nghị công nhận tới Ban Dân vận Thị ủy Kinh Môn." in page
        assert DEFERRED in page  # told plainly, on the page the officer lands on
        assert Practice.objects.get(pk=practice.pk).state == PracticeState.PROPOSED
        notification = Notification.objects.get(recipient=demo.reviewer, practice=practice)
        assert notification.email_pending

        # Redis comes back; beat sends the sweep through the broker and a real worker runs it.
        redis_server.start()
        Notification.objects.filter(pk=notification.pk).update(
            created_at=timezone.now() - datetime.timedelta(minutes=5)
        )
        worker = CeleryWorker(broker_url=redis_server.url, db_url=database_url(connection.settings_dict))
        try:
            assert queue_or_defer(notifications_send_pending) is True
            delivered = wait_until(lambda: not Notification.objects.get(pk=notification.pk).email_pending)
            assert delivered, worker.log()[-3000:]
        finally:
            worker.stop()
    notification.refresh_from_db()
    assert notification.emailed_at is not None
    assert "notifications_send_pending" in worker.log() and "succeeded" in worker.log()


def test_report_requested_while_redis_is_down_is_built_later(client, demo, redis_server):
    from django.test import override_settings

    from reporting.models import Report, ReportStatus
    from reporting.tasks import reports_fail_stale

    client.force_login(demo.reviewer)
    year = timezone.localdate().year
    with celery_broker(redis_server.url):
        redis_server.stop()
        response = client.post(
            reverse("report_list"), {"unit": demo.kinh_mon.pk, "period": "h1", "year": year}, follow=True
        )
        page = response.content.decode()
        assert response.status_code == 200
        assert "Báo cáo sẽ được lập khi hệ thống xử lý sẵn sàng" in page
        report = Report.objects.get(unit=demo.kinh_mon, period="h1", year=year)
        assert report.status == ReportStatus.QUEUED

        # Redis is back: the beat sweep sends the waiting report again and a real worker builds it.
        redis_server.start()
        worker = CeleryWorker(broker_url=redis_server.url, db_url=database_url(connection.settings_dict))
        try:
            with override_settings(REPORT_REQUEUE_AFTER=datetime.timedelta(0)):
                assert reports_fail_stale.apply().get() == {"failed": 0, "resent": 1}
            built = wait_until(lambda: Report.objects.get(pk=report.pk).status == ReportStatus.SUCCEEDED, timeout=90)
            assert built, worker.log()[-3000:]
        finally:
            worker.stop()


def test_a_hung_broker_does_not_hang_the_request(demo):
    """Redis accepts the connection but never answers: publishing gives up and the work is deferred."""
    import threading

    from tests.servers import SilentServer

    server = SilentServer()
    outcome = {}
    try:
        with celery_broker(server.url):
            thread = threading.Thread(target=lambda: outcome.update(queued=queue_or_defer(notifications_send_pending)))
            thread.start()
            thread.join(60)  # a guard against hanging forever, not a speed check
            assert not thread.is_alive()
    finally:
        server.close()
    assert outcome == {"queued": False}
