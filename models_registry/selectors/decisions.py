"""Reads for recognition decisions: the board's decisions, the next number, provincial candidates."""

from datetime import date

from django.db.models import Count, QuerySet
from django.utils import timezone

from ..models import Decision, Practice, PracticeState, Recognition, RecognitionLevel, Unit
from ..permissions import UserLike, board_scope_q, provincial_scope_q


def decisions_visible_to(*, user: UserLike) -> QuerySet[Decision]:
    """Decisions whose issuing board is in the user's board scope."""
    return Decision.objects.filter(board_scope_q(user, "board__path"))


def decision_list(*, user: UserLike) -> QuerySet[Decision]:
    return (
        decisions_visible_to(user=user)
        .select_related("board")
        .with_level_names()
        .annotate(practice_count=Count("recognitions"))
        .order_by("-date", "-id")
    )


def decision_recognitions(*, decision: Decision) -> QuerySet[Recognition]:
    return decision.recognitions.select_related("practice__unit", "practice__field").order_by("practice__title")


def next_decision_number(*, board: Unit, today: date | None = None) -> str:
    """Suggest the board's next decision number from its numbering register ("05-QĐ/BDVHU" after "04-…")."""
    from documents.services.numbering import number_peek

    return number_peek(issuer=board, doc_type="QĐ", on=today or timezone.localdate())


def provincial_candidates(*, user: UserLike, district: Unit | None = None, q: str = "") -> QuerySet[Practice]:
    """District-recognized practices of the user's provinces that have no provincial recognition yet."""
    # Scoped through the board's path (the same practices: a practice's board is its unit or an ancestor below
    # the province), so PostgreSQL walks the province's boards in path order instead of every board of the country.
    qs = (
        Practice.objects.filter(provincial_scope_q(user, "board__path"))
        .filter(state=PracticeState.RECOGNIZED)
        .exclude(recognitions__level=RecognitionLevel.PROVINCIAL)
        .select_related("unit", "field", "board")
        .order_by("board__path", "recognized_at", "id")
    )
    if district is not None:
        qs = qs.filter(board=district)
    return qs.search(q)
