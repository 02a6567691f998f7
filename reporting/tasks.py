"""Celery tasks: build one report, request the reports due at a cut-off date, sweep stuck reports.

Each task imports its service inside the function (services import the tasks they queue; never the reverse at
import time), and stays a few lines: the work and its rules are in ``reporting.services``.
"""

import datetime
import logging

from celery import shared_task
from django.db import InterfaceError, OperationalError, connection
from django.utils import timezone

from models_registry.errors import DomainError

logger = logging.getLogger(__name__)

# Errors worth another try: the database or a network service was briefly unreachable.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, ConnectionError, TimeoutError)
MAX_RETRIES = 3


def _reset_broken_connection():
    """After a database error the connection may be dead; a worker drops it so the next query reconnects."""
    if not connection.in_atomic_block:
        connection.close_if_unusable_or_obsolete()


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=MAX_RETRIES)
def build_report(self, report_id):
    """Build report ``report_id``. Idempotent: a redelivered or duplicate message finds the report done or taken."""
    from .services import worker as services

    worker = services.worker_token()
    report = services.report_claim(report_id=report_id, worker=worker)
    if report is None:
        return "skipped"
    try:
        services.report_generate(report=report, worker=worker)
    except services.ClaimLost:
        logger.warning("Report %s was taken over while this worker built it; result dropped", report_id)
        return "lost"
    except TRANSIENT_ERRORS as error:
        _reset_broken_connection()
        attempt = self.request.retries + 1
        if self.request.retries < self.max_retries:
            services.report_requeue(report_id=report_id, worker=worker, error=error, attempt=attempt)
            raise self.retry(exc=error, countdown=10 * 2**self.request.retries)
        logger.exception("Report %s failed after %s attempts", report_id, attempt)
        services.report_fail(
            report_id=report_id, worker=worker, error=f"{type(error).__name__}: {error} (sau {attempt} lần thử)"
        )
        return "failed"
    except Exception as error:
        logger.exception("Report %s failed", report_id)
        _reset_broken_connection()
        text = str(error) if isinstance(error, DomainError) else f"{type(error).__name__}: {error}"
        services.report_fail(report_id=report_id, worker=worker, error=text)
        return "failed"
    return "succeeded"


@shared_task
def reports_schedule_cutoff(day=None):
    """Daily: on a cut-off date, request the reports of every board and province (once, even if run twice)."""
    day = datetime.date.fromisoformat(day) if day else timezone.localdate()
    from .services.schedule import report_schedule_due

    created = report_schedule_due(day=day)
    if created:
        logger.info("Scheduled %s reports for the cut-off of %s", len(created), day)
    return created


@shared_task
def reports_fail_stale():
    """Periodic: fail reports whose worker stopped, and re-send reports that never reached a worker."""
    from .services.schedule import report_fail_stale, report_requeue_waiting

    failed = report_fail_stale()
    resent = report_requeue_waiting()
    return {"failed": failed, "resent": resent}
