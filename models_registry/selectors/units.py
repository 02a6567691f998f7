"""Reads of units for filters: the reviewing boards (districts) in a user's scope."""

from ..models import Unit
from ..permissions import board_scope_q


def district_boards(user=None):
    """Reviewing boards (districts) in the user's scope, for filters; every current board when ``user`` is None."""
    qs = Unit.objects.filter(reviews=True, valid_until__isnull=True)
    if user is not None:
        qs = qs.filter(board_scope_q(user, "path"))
    return qs.order_by("path")
