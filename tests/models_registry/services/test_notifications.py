"""Notification e-mails go through Celery; a broker or mail outage never loses them, nor the submission."""

import datetime

import pytest
import redis
from django.core import mail
from django.utils import timezone

from models_registry.models import Notification, PracticeState
from models_registry.names import practice_phrase
from models_registry.queueing import queue_or_defer, start_collecting, stop_collecting
from models_registry.services import practice_propose, practice_return
from models_registry.services.notifications import notification_emails_send
from models_registry.tasks import notifications_send_pending, send_notification_email
from tests.factories import PracticeFactory
from tests.servers import ThrowawayRedis, celery_broker, free_port

pytestmark = pytest.mark.django_db


@pytest.fixture
def registered(demo):
    return PracticeFactory(unit=demo.an_luu, state=PracticeState.REGISTERED)


def propose(practice, actor, capture):
    with capture(execute=True):
        return practice_propose(practice=practice, actor=actor, results={"people_reached": 50})


def test_propose_writes_notification_and_emails_reviewer(demo, registered, django_capture_on_commit_callbacks):
    propose(registered, demo.officer, django_capture_on_commit_callbacks)
    notification = Notification.objects.get(recipient=demo.reviewer, practice=registered)
    assert notification.action == "practice.proposed"
    assert not notification.email_pending and notification.emailed_at is not None
    assert [m.to for m in mail.outbox] == [[demo.reviewer.email]]
    # The title as a sentence carries it ("đề nghị công nhận mô hình “Dân vận khéo” số 1": see names.practice_phrase).
    assert practice_phrase(registered) in mail.outbox[0].body


def test_nothing_is_sent_before_commit(demo, registered, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        practice_propose(practice=registered, actor=demo.officer, results={})
    assert callbacks and not Notification.objects.exists() and not mail.outbox


def test_broker_down_keeps_submission_and_defers_email(demo, registered, django_capture_on_commit_callbacks):
    token = start_collecting()
    with celery_broker(f"redis://127.0.0.1:{free_port()}/0"):
        practice = propose(registered, demo.officer, django_capture_on_commit_callbacks)
    told = stop_collecting(token)
    practice.refresh_from_db()
    assert practice.state == PracticeState.PROPOSED
    notification = Notification.objects.get(recipient=demo.reviewer)
    assert notification.email_pending and notification.emailed_at is None
    assert mail.outbox == []
    assert told == ["Đã lưu. Thư thông báo sẽ được gửi khi hệ thống thư sẵn sàng."]

    # Later the periodic sweep sends it, once.
    Notification.objects.filter(pk=notification.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=5))
    assert notifications_send_pending.apply().get() == {"sent": 1, "failed": 0}
    assert notifications_send_pending.apply().get() == {"sent": 0, "failed": 0}
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert not notification.email_pending


def test_queue_or_defer_reaches_a_real_broker(demo):
    server = ThrowawayRedis().start()
    try:
        with celery_broker(server.url):
            assert queue_or_defer(send_notification_email, [123456]) is True
        # The message is in the Redis list that a worker consumes.
        assert redis.Redis.from_url(server.url).llen("celery") == 1
    finally:
        server.close()


def test_sweep_leaves_fresh_rows_to_their_queued_task(demo):
    Notification.objects.create(recipient=demo.reviewer, action="x", message="m", email_pending=True)
    assert notifications_send_pending.apply().get() == {"sent": 0, "failed": 0}
    assert mail.outbox == []


def test_mail_server_down_keeps_email_pending(demo, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    notification = Notification.objects.create(recipient=demo.reviewer, action="x", message="m", email_pending=True)
    assert notification_emails_send(ids=[notification.pk]) == ([], [notification.pk])
    notification.refresh_from_db()
    assert notification.email_pending


def test_reason_with_line_breaks_gives_a_one_line_subject(demo, django_capture_on_commit_callbacks):
    practice = PracticeFactory(unit=demo.an_luu, state=PracticeState.PROPOSED)
    with django_capture_on_commit_callbacks(execute=True):
        practice_return(
            practice=practice, actor=demo.reviewer, reason="Thiếu ảnh.\r\nBcc: attacker@example.com\nBổ sung số liệu."
        )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "\n" not in message.subject and "\r" not in message.subject
    assert message.bcc == [] and message.to == [demo.officer.email]
    assert "Bổ sung số liệu." in message.body


def test_task_retries_failed_emails_a_bounded_number_of_times(demo, settings, monkeypatch):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    notification = Notification.objects.create(recipient=demo.reviewer, action="x", message="m", email_pending=True)
    attempts = []
    real_send = notification_emails_send

    def counting_send(*, ids):
        attempts.append(list(ids))
        return real_send(ids=ids)

    monkeypatch.setattr("models_registry.services.notifications.notification_emails_send", counting_send)
    send_notification_email.apply(args=[[notification.pk]])
    # Tried once and retried at most max_retries times (eagerly here; with countdowns on a worker).
    assert len(attempts) == send_notification_email.max_retries + 1
    assert all(batch == [notification.pk] for batch in attempts)
    notification.refresh_from_db()
    assert notification.email_pending  # left for the periodic sweep
