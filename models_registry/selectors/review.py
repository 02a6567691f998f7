"""Reads for the review queue: proposals waiting for the user's board, oldest first."""

from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone

from ..models import Practice, PracticeState
from ..permissions import UserLike

# The province complains that recognition is late: a proposal waiting longer than this is highlighted.
LATE_AFTER_DAYS = 30


def review_queue(*, user: UserLike, assigned: str = "") -> QuerySet[Practice]:
    """Proposals waiting for the user's boards, oldest proposal first; ``assigned`` filters by who handles them
    (``mine``, ``assigned``, ``unassigned``, see ``selectors.board.filter_assigned``)."""
    from .board import filter_assigned

    queryset = (
        Practice.objects.reviewable_by(user)
        .filter(state=PracticeState.PROPOSED)
        .select_related("unit", "field", "board", "assignment__assignee")
        .order_by("proposed_at", "id")
    )
    return filter_assigned(queryset, user=user, assigned=assigned)


def review_queue_count(*, user: UserLike) -> int:
    return Practice.objects.reviewable_by(user).filter(state=PracticeState.PROPOSED).count()


def days_waiting(*, practice: Practice, now: datetime | None = None) -> int:
    if practice.proposed_at is None:
        return 0
    return ((now or timezone.now()) - practice.proposed_at).days
