"""Books of models (tuyển tập): request, claim by a worker, progress, success or failure.

Like reports: the request creates the row and queues the task after commit with the id only; the task claims the
row under a lock (a redelivered message finds it taken or done), re-checks the requester's scope, and saves the file.
"""

import datetime
import io
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.sweeps import fail_stale
from models_registry.errors import DomainError
from models_registry.models import Phase, Unit
from models_registry.models.audit import BOOK_REQUESTED
from models_registry.services.audit import audit_log

from ..models import Book, BookStatus

logger = logging.getLogger(__name__)

# A 1,000-practice book takes about a minute: a quarter of an hour without progress means the worker is gone.
DEFAULT_BOOK_STALE_AFTER = datetime.timedelta(minutes=15)
BOOK_REQUEUE_AFTER = datetime.timedelta(minutes=10)

BOOK_DEFERRED_MESSAGE = gettext_lazy(
    "Đã ghi nhận yêu cầu. Tuyển tập sẽ được lập khi hệ thống xử lý sẵn sàng; trang này tự cập nhật."
)


def book_request(*, actor, unit: Unit, phase: Phase) -> Book:
    from ..selectors import book_units

    if not book_units(actor).filter(pk=unit.pk).exists():
        raise DomainError(_("Bạn không thể lập tuyển tập của đơn vị này."))
    with transaction.atomic():
        book = Book.objects.create(unit=unit, phase=phase, requested_by=actor, status=BookStatus.QUEUED)
        audit_log(
            action=BOOK_REQUESTED,
            actor=actor,
            obj=book,
            changes={"unit": [None, unit.code], "phase": [None, phase.name]},
        )
        book_id = book.pk
        transaction.on_commit(lambda: book_enqueue(book_id))
    return book


def book_enqueue(book_id):
    from models_registry.queueing import queue_or_defer

    from ..tasks import build_book

    try:
        return queue_or_defer(build_book, book_id, deferred_message=BOOK_DEFERRED_MESSAGE)
    except Exception:
        logger.exception("Could not queue book %s", book_id)
        return False


def book_claim(*, book_id) -> Book | None:
    """Take a queued book for this worker; None when it is gone, done or already taken."""
    with transaction.atomic():
        book = Book.objects.select_for_update().filter(pk=book_id).first()
        if book is None or book.status != BookStatus.QUEUED:
            return None
        book.status = BookStatus.RUNNING
        book.started_at = book.heartbeat_at = timezone.now()
        book.progress = 5
        book.save(update_fields=["status", "started_at", "heartbeat_at", "progress"])
    return book


def book_progress(*, book, progress):
    Book.objects.filter(pk=book.pk, status=BookStatus.RUNNING).update(progress=progress, heartbeat_at=timezone.now())


def book_generate(*, book) -> Book:
    """Build a claimed book and save it (raises on failure; the task records the error)."""
    from ..builders.book import book_practices, build_book_pdf
    from ..selectors import book_units as units

    requester = book.requested_by
    if requester is None or not requester.is_active:
        raise DomainError(_("Tài khoản yêu cầu tuyển tập không còn hoạt động."))
    requester._danvan_memberships = None  # memberships may have changed since the request
    if not units(requester).filter(pk=book.unit_id).exists():
        raise DomainError(_("Người yêu cầu không còn quyền xem đơn vị này."))
    practices = book_practices(unit=book.unit, phase=book.phase)
    book_progress(book=book, progress=10)
    name, _type, pdf = build_book_pdf(
        unit=book.unit,
        phase=book.phase,
        practices=practices,
        on_progress=lambda done, total: book_progress(book=book, progress=10 + 85 * done // max(total, 1)),
    )
    from pypdf import PdfReader

    page_count = len(PdfReader(io.BytesIO(pdf)).pages)
    with transaction.atomic():
        locked = Book.objects.select_for_update().get(pk=book.pk)
        if locked.status != BookStatus.RUNNING:
            return locked
        locked.file.save(f"tuyen-tap-{locked.phase_id}-{locked.pk}.pdf", ContentFile(pdf), save=False)
        locked.status = BookStatus.SUCCEEDED
        locked.finished_at = timezone.now()
        locked.progress = 100
        locked.page_count = page_count
        locked.practice_count = len(practices)
        locked.save(update_fields=["file", "status", "finished_at", "progress", "page_count", "practice_count"])
    logger.info("Book %s built: %s (%s pages)", book.pk, name, page_count)
    return locked


def book_stale_after() -> datetime.timedelta:
    """How long a running book may go without progress before its worker counts as gone (BOOK_STALE_AFTER)."""
    return getattr(settings, "BOOK_STALE_AFTER", DEFAULT_BOOK_STALE_AFTER)


def book_fail_stale(*, now: datetime.datetime | None = None) -> int:
    """Fail books stuck in running with no progress for BOOK_STALE_AFTER (their worker died mid-build)."""

    def fail(book):
        book.status = BookStatus.FAILED
        book.finished_at = timezone.now()
        book.error = _(
            "Quá %(minutes)s phút không có tiến triển (tiến trình lập tuyển tập đã dừng). Vui lòng lập lại."
        ) % {"minutes": int(book_stale_after().total_seconds() // 60)}
        book.save(update_fields=["status", "finished_at", "error"])

    limit = (now or timezone.now()) - book_stale_after()
    return fail_stale(model=Book, running=BookStatus.RUNNING, limit=limit, fail=fail)


def book_requeue_waiting(*, now: datetime.datetime | None = None) -> int:
    """Send again the tasks of books queued for long (the broker was down when they were requested)."""
    waiting = Book.objects.filter(status=BookStatus.QUEUED, queued_at__lt=(now or timezone.now()) - BOOK_REQUEUE_AFTER)
    # Safe to send twice: the task claims the row, and a duplicate finds it taken or done.
    return sum(1 for book_id in waiting.values_list("pk", flat=True) if book_enqueue(book_id))


def book_fail(*, book_id, error):
    with transaction.atomic():
        book = Book.objects.select_for_update().filter(pk=book_id).first()
        if book is None or book.is_final:
            return book
        book.status = BookStatus.FAILED
        book.finished_at = timezone.now()
        book.error = str(error)[:4000]
        book.save(update_fields=["status", "finished_at", "error"])
    return book
