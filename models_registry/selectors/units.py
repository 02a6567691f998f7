"""Reads of units for filters: the reviewing boards (districts) in a user's scope."""

from django.db.models import QuerySet

from ..models import Unit
from ..permissions import UserLike, board_scope_q


def district_boards(*, user: UserLike | None = None) -> QuerySet[Unit]:
    """Reviewing boards (districts) in the user's scope, for filters; every current board when ``user`` is None."""
    qs = Unit.objects.filter(reviews=True, valid_until__isnull=True)
    if user is not None:
        qs = qs.filter(board_scope_q(user, "path"))
    return qs.order_by("path")
