"""The periodic sweep of books of models: a build whose worker died is failed with a Vietnamese reason, a book
that never reached a worker is sent again, and a build still making progress is left alone."""

import datetime
from unittest import mock

import pytest
from django.utils import timezone

from documents.models import Book, BookStatus
from documents.tasks import books_sweep
from models_registry.models import Phase

pytestmark = pytest.mark.django_db


def book(demo, status, **times):
    created = Book.objects.create(
        unit=demo.kinh_mon, phase=Phase.objects.get(name="2021–2025"), requested_by=demo.reviewer, status=status
    )
    Book.objects.filter(pk=created.pk).update(**times)
    return created


def test_the_sweep_fails_stuck_builds_and_resends_waiting_ones(demo, settings):
    settings.BOOK_STALE_AFTER = datetime.timedelta(minutes=15)
    now = timezone.now()
    stuck = book(
        demo,
        BookStatus.RUNNING,
        started_at=now - datetime.timedelta(hours=1),
        heartbeat_at=now - datetime.timedelta(minutes=16),
    )
    silent = book(demo, BookStatus.RUNNING, started_at=now - datetime.timedelta(minutes=20), heartbeat_at=None)
    busy = book(
        demo,
        BookStatus.RUNNING,
        started_at=now - datetime.timedelta(hours=1),
        heartbeat_at=now - datetime.timedelta(minutes=2),
    )
    waiting = book(demo, BookStatus.QUEUED, queued_at=now - datetime.timedelta(minutes=30))
    fresh = book(demo, BookStatus.QUEUED)
    done = book(demo, BookStatus.SUCCEEDED, started_at=now - datetime.timedelta(days=1))
    with mock.patch("documents.services.books.book_enqueue", return_value=True) as enqueue:
        assert books_sweep.apply().get() == {"failed": 2, "resent": 1}
    enqueue.assert_called_once_with(waiting.pk)
    for failed in (stuck, silent):
        failed.refresh_from_db()
        assert failed.status == BookStatus.FAILED and failed.finished_at is not None
        assert failed.error == ("Quá 15 phút không có tiến triển (tiến trình lập tuyển tập đã dừng). Vui lòng lập lại.")
    assert {b.pk: b.status for b in Book.objects.filter(pk__in=[busy.pk, fresh.pk, done.pk])} == {
        busy.pk: BookStatus.RUNNING,
        fresh.pk: BookStatus.QUEUED,
        done.pk: BookStatus.SUCCEEDED,
    }


def test_the_sweep_runs_every_five_minutes(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["books-sweep"]
    assert entry == {"task": "documents.tasks.books_sweep", "schedule": 300.0}
