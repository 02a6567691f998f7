"""Celery tasks of the registry: notification e-mails, sent off the request, retried when mail is down."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from .services.notifications import notification_emails_send, notifications_pending_email_ids

EMAIL_MAX_RETRIES = 5


@shared_task(
    bind=True,
    max_retries=EMAIL_MAX_RETRIES,
    acks_late=True,
    # The database restarting under the worker: try the whole batch again a little later.
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=30,
    retry_backoff_max=1800,
)
def send_notification_email(self, notification_ids):
    """E-mail the given notifications; retry the failed ones with growing delays (then the sweep takes over)."""
    sent, failed = notification_emails_send(ids=notification_ids)
    if failed and self.request.retries < self.max_retries:
        raise self.retry(args=(failed,), countdown=min(60 * 2**self.request.retries, 1800))
    return {"sent": len(sent), "failed": len(failed)}


@shared_task
def notifications_send_pending():
    """Periodic (beat): send the e-mails that could not be queued or sent earlier."""
    sent, failed = notification_emails_send(ids=notifications_pending_email_ids())
    return {"sent": len(sent), "failed": len(failed)}
