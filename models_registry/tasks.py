"""Celery tasks of the registry: notification e-mails, sent off the request, retried when mail is down.

Tasks import their service inside the function: ``services.notifications`` queues these tasks, so the import
runs one way.
"""

from celery import shared_task
from django.db import InterfaceError, OperationalError

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
    from .services import notifications

    sent, failed = notifications.notification_emails_send(ids=notification_ids)
    if failed and self.request.retries < self.max_retries:
        raise self.retry(args=(failed,), countdown=min(60 * 2**self.request.retries, 1800))
    return {"sent": len(sent), "failed": len(failed)}


@shared_task
def notifications_send_pending():
    """Periodic (beat): send the e-mails that could not be queued or sent earlier."""
    from .services import notifications

    sent, failed = notifications.notification_emails_send(ids=notifications.notifications_pending_email_ids())
    return {"sent": len(sent), "failed": len(failed)}


@shared_task
def submission_tokens_prune():
    """Periodic (beat): forget form tokens older than a week; nobody posts a week-old form twice."""
    from .services.submissions import submission_tokens_prune as prune

    return prune()


@shared_task(acks_late=True, reject_on_worker_lost=True)
def check_import(batch_id):
    """Read and check an uploaded Excel file into its preview (idempotent: a finished check is left alone)."""
    from .services.imports import import_batch_check

    batch = import_batch_check(batch_id=batch_id)
    return batch.status if batch else "missing"


@shared_task(acks_late=True, reject_on_worker_lost=True)
def apply_import(batch_id):
    """Import a confirmed file in one transaction (a redelivered message finds it imported or failed)."""
    from .services.imports import import_batch_apply

    batch = import_batch_apply(batch_id=batch_id)
    return batch.status if batch else "missing"
