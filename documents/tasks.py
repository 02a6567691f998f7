"""Celery tasks: build one book of models; sweep stuck and waiting books."""

import logging

from celery import shared_task

from models_registry.errors import DomainError

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def build_book(book_id):
    """Build book ``book_id``; a redelivered or duplicate message finds it taken or done and does nothing."""
    from .services import books

    book = books.book_claim(book_id=book_id)
    if book is None:
        return "skipped"
    try:
        books.book_generate(book=book)
    except Exception as error:
        logger.exception("Book %s failed", book_id)
        text = str(error) if isinstance(error, DomainError) else f"{type(error).__name__}: {error}"
        books.book_fail(book_id=book_id, error=text)
        return "failed"
    return "succeeded"


@shared_task
def books_sweep():
    """Periodic: fail books whose worker stopped mid-build, and re-send books that never reached a worker."""
    from .services import books

    return {"failed": books.book_fail_stale(), "resent": books.book_requeue_waiting()}
