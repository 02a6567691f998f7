"""Reads of the board's year and desk: practices due for their yearly check, notes and the assignment of one
practice, and the review queue's assignment filter."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from ..models import Practice, PracticeState, ReviewAssignment, ReviewNote, YearlyCheck
from ..permissions import UserLike, board_colleagues, board_desk, yearly_scope

CHECK_STATUSES = ("unchecked", "checked")
ASSIGNED_FILTERS = ("mine", "assigned", "unassigned")


def year_start(year: int) -> datetime.datetime:
    """The first instant of ``year`` in the portal's time zone (a practice recognized before it is due that year)."""
    return timezone.make_aware(datetime.datetime(year, 1, 1))


def _checked_in(year):
    return Exists(YearlyCheck.objects.filter(practice=OuterRef("pk"), year=year))


def due_q(year: int) -> Q:
    """Recognized before ``year`` and not yet checked in it: due for the yearly check."""
    return Q(state=PracticeState.RECOGNIZED, recognized_at__lt=year_start(year)) & ~Q(_checked_in(year))


def yearly_check_list(*, user: UserLike, year: int, status: str = "unchecked") -> QuerySet[Practice]:
    """Practices of the user's yearly scope (``permissions.yearly_scope``) due for the ``year`` check
    (``unchecked``) or checked in it (``checked``)."""
    practices = yearly_scope(user).select_related("unit", "field", "board")
    if status == "checked":
        return practices.filter(_checked_in(year)).order_by("title", "id")
    return practices.filter(due_q(year)).order_by("recognized_at", "id")


def yearly_check_counts(*, practices: QuerySet[Practice], year: int) -> dict[str, int]:
    """How many of ``practices`` were checked in ``year`` and how many are still due (one query)."""
    return practices.order_by().aggregate(
        checked=Count("pk", filter=Q(_checked_in(year))),
        due=Count("pk", filter=due_q(year)),
    )


def checks_of(*, practices: list[Practice], year: int) -> dict[int, YearlyCheck]:
    """The ``year`` checks of the listed practices, by practice id (one query)."""
    rows = YearlyCheck.objects.filter(practice__in=practices, year=year).select_related("checked_by")
    return {check.practice_id: check for check in rows}


def filter_assigned(queryset: QuerySet[Practice], *, user: UserLike, assigned: str) -> QuerySet[Practice]:
    """The review queue's filter: ``mine``, ``assigned`` (to anybody), ``unassigned``; anything else: all."""
    if assigned == "mine":
        return queryset.filter(assignment__assignee=user)
    if assigned == "assigned":
        return queryset.filter(assignment__isnull=False)
    if assigned == "unassigned":
        return queryset.filter(assignment__isnull=True)
    return queryset


@dataclass
class Desk:
    """The board's desk on one practice, for ``_board_desk.html``; empty for anybody else."""

    rights: frozenset = frozenset()
    notes: list = field(default_factory=list)
    assignment: ReviewAssignment | None = None
    colleagues: list = field(default_factory=list)

    @property
    def shown(self):
        return "see_notes" in self.rights


def board_desk_of(*, user: UserLike, practice: Practice) -> Desk:
    """Notes, assignment and colleagues of ``practice`` if the user is board staff of it (else nothing, no query)."""
    rights = board_desk(user, practice)
    if "see_notes" not in rights:
        return Desk()
    notes = list(ReviewNote.objects.filter(practice=practice).select_related("author"))
    assignment = ReviewAssignment.objects.filter(practice=practice).select_related("assignee").first()
    colleagues = list(board_colleagues(practice.board)) if "assign" in rights else []
    return Desk(rights=rights, notes=notes, assignment=assignment, colleagues=colleagues)
