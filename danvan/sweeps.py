"""The sweep shared by the background jobs (reports, books): find the runs whose worker died and fail them.

A job row has ``status``, ``started_at`` and ``heartbeat_at`` (touched as the worker makes progress). Each app
keeps its own models, messages and status changes; this module only knows how to find a stuck run safely.
"""

import datetime
from collections.abc import Callable

from django.db import models, transaction
from django.db.models import Q


def fail_stale(
    *, model: type[models.Model], running: str, limit: datetime.datetime, fail: Callable[[models.Model], object]
) -> int:
    """Fail the rows of ``model`` in status ``running`` with no heartbeat (or no start, without one) since
    ``limit``: each is looked at again under its row lock, and ``fail(row)`` writes the failure unless it moved
    on meanwhile. Returns how many failed."""
    stuck = model.objects.filter(status=running).filter(
        Q(heartbeat_at__lt=limit) | Q(heartbeat_at__isnull=True, started_at__lt=limit)
    )
    failed = 0
    for pk in stuck.values_list("pk", flat=True):
        with transaction.atomic():
            row = model.objects.select_for_update().get(pk=pk)
            beat = row.heartbeat_at or row.started_at
            if row.status != running or (beat and beat >= limit):
                continue  # it moved on while we looked
            fail(row)
            failed += 1
    return failed
