"""Notifications: an in-app row per recipient after the transaction commits, and its e-mail copy via Celery.

The e-mail is sent by a task so that a slow or absent mail server never delays the officer's request. If the
broker is down the rows stay ``email_pending``: the user is told, and the periodic sweep sends them later.
"""

import logging
from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..errors import DomainError
from ..models import Notification, Practice
from ..queueing import queue_or_defer
from ..tasks import send_notification_email

logger = logging.getLogger(__name__)

EMAIL_DEFERRED_MESSAGE = gettext_lazy("Đã lưu. Thư thông báo sẽ được gửi khi hệ thống thư sẵn sàng.")
# The sweep leaves fresh rows to the task that was queued for them, and gives up on rows older than a few days
# (the in-app notification is still there): retries are bounded.
SWEEP_MIN_AGE = timedelta(minutes=2)
SWEEP_MAX_AGE = timedelta(days=3)
SWEEP_BATCH = 500
# Set while demo data replays years of history: the in-app rows are wanted, their e-mails are not.
_emails_muted = ContextVar("notification_emails_muted", default=False)


@contextmanager
def notification_emails_muted():
    token = _emails_muted.set(True)
    try:
        yield
    finally:
        _emails_muted.reset(token)


def notify_users(*, users: Iterable[AbstractBaseUser], practice: Practice | None, action: str, message: str) -> None:
    """Create in-app notifications once the current transaction commits, then queue their e-mails."""
    users = list(users)
    url = reverse("practice_detail", args=[practice.pk]) if practice is not None else ""
    muted = _emails_muted.get()  # read now: deliver() runs later, after commit

    def deliver():
        notifications = Notification.objects.bulk_create(
            Notification(
                recipient=user,
                practice=practice,
                action=action,
                message=message,
                url=url,
                email_pending=bool(user.email) and not muted,
            )
            for user in users
        )
        ids = [notification.pk for notification in notifications if notification.email_pending]
        if ids:
            queue_or_defer(send_notification_email, ids, deferred_message=EMAIL_DEFERRED_MESSAGE)

    transaction.on_commit(deliver)


def _subject(message):
    # A reason typed by a reviewer may hold line breaks; a header must not (no header injection, no crash).
    return _("[Dân vận khéo] %s") % " ".join(str(message).split())[:120]


def notification_emails_send(*, ids: Iterable[int]) -> tuple[list[int], list[int]]:
    """Send the e-mail copy of each still-pending notification in ``ids``; return (sent ids, failed ids).

    Each row is locked while its mail goes out and then marked sent, so the queued task and the sweep can
    overlap without sending anything twice. A failure leaves the row pending for a later try.
    """
    sent, failed = [], []
    for pk in ids:
        with transaction.atomic():
            notification = (
                Notification.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("recipient")
                .filter(pk=pk, email_pending=True)
                .first()
            )
            if notification is None:
                continue
            email = notification.recipient.email
            if email and notification.recipient.is_active:
                body = f"{notification.message}\n\n{settings.SITE_URL}{notification.url}"
                try:
                    send_mail(_subject(notification.message), body, None, [email])
                except Exception as error:  # the mail server's trouble; retried, never lost
                    logger.warning("Notification e-mail %s not sent: %s", pk, error)
                    failed.append(pk)
                    continue
            notification.email_pending = False
            notification.emailed_at = timezone.now()
            notification.save(update_fields=["email_pending", "emailed_at"])
            sent.append(pk)
    return sent, failed


def notifications_pending_email_ids(*, now: datetime | None = None) -> list[int]:
    """Ids of notifications whose e-mail is still due (for the periodic sweep), oldest first."""
    now = now or timezone.now()
    return list(
        Notification.objects.filter(
            email_pending=True, created_at__lte=now - SWEEP_MIN_AGE, created_at__gte=now - SWEEP_MAX_AGE
        )
        .order_by("created_at", "id")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )


def notification_mark_read(*, notification: Notification, actor: AbstractBaseUser) -> Notification:
    """Mark one of ``actor``'s notifications read (once: the first reading time stays)."""
    if notification.recipient_id != actor.pk:
        raise DomainError(_("Thông báo này không phải của bạn."))
    if notification.read_at is None:
        now = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now)
        notification.read_at = now
    return notification


def notifications_mark_all_read(*, actor: AbstractBaseUser) -> int:
    """Mark every unread notification of ``actor`` read; how many there were."""
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).update(read_at=timezone.now())
