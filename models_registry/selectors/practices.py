"""Reads for the practice side: scoped lists, one practice with what surrounds it, similar titles, notifications.

Every query starts from ``Practice.objects.visible_to(user)`` (or the user's own boards for the similar-title
hint), so a view cannot reach outside the user's scope by forgetting a filter.
"""

from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.functions import Left
from django.shortcuts import get_object_or_404

from ..models import Practice, PracticeState
from ..models.practices import fold
from ..permissions import UserLike, board_ids_of, is_officer_only, registrable_units

# What the list and the export show: one joined query, whatever the number of rows.
LIST_RELATED = ("unit", "board", "field", "phase")

# word_similarity of the typed title to the closest stretch of a practice's folded title and summary; below 0.5
# the matches in the demo data are mostly shared syllables ("duong", "thon"), not the same idea.
SIMILARITY_THRESHOLD = 0.5
# Characters of search_text compared for similar titles: a title is at most 300 characters before folding.
TITLE_HEAD = 320


def practice_queryset(*, user: UserLike) -> QuerySet[Practice]:
    return Practice.objects.visible_to(user).select_related(*LIST_RELATED)


def practice_get(*, user: UserLike, pk: int) -> Practice:
    """One practice the user may see, or 404 (the same answer for missing and out of scope)."""
    return get_object_or_404(
        Practice.objects.visible_to(user).select_related(
            "unit", "board", "field", "phase", "replicated_from", "created_by"
        ),
        pk=pk,
    )


def replication_sources(*, user: UserLike, exclude: Practice | None = None) -> QuerySet[Practice]:
    """Recognized practices of the user's boards that a new registration may replicate (nhân rộng)."""
    queryset = (
        Practice.objects.filter(board_id__in=board_ids_of(user), state=PracticeState.RECOGNIZED)
        .select_related("unit")
        .order_by("title")
    )
    if exclude is not None:
        queryset = queryset.exclude(pk=exclude.pk)
    return queryset


def practice_similar(
    *, user: UserLike, text: str, exclude_id: int | None = None, limit: int = 8
) -> list[tuple[Practice, bool]]:
    """Practices whose folded title shares words with ``text``, in the user's district board(s).

    Officers see their whole board here (not only their unit), because the point is to find what a neighbour
    already runs and replicate it rather than register a duplicate. Drafts and withdrawn ones of other units
    are left out: they are nobody's business yet.
    """
    folded = " ".join(fold(text).split())
    if len(folded) < 3:
        return []
    if is_officer_only(user):
        queryset = Practice.objects.filter(board_id__in=board_ids_of(user)).filter(
            Q(unit__in=registrable_units(user)) | ~Q(state__in=[PracticeState.DRAFT, PracticeState.WITHDRAWN])
        )
    else:
        queryset = Practice.objects.visible_to(user)
    if exclude_id:
        queryset = queryset.exclude(pk=exclude_id)
    words = [word for word in folded.split() if len(word) >= 2]
    any_word = Q()
    for word in words:
        any_word |= Q(search_text__contains=word)
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import TrigramWordSimilarity

        queryset = (
            # search_text starts with the folded title; comparing with its head keeps the match about the title
            # and costs less than scoring the whole summary (4.5 s -> 1.3 s over a 27,000-practice province, bench db).
            queryset.annotate(similarity=TrigramWordSimilarity(folded, Left("search_text", TITLE_HEAD)))
            .filter(Q(similarity__gte=SIMILARITY_THRESHOLD) | Q(search_text__contains=folded))
            .order_by("-similarity", "-created_at")
        )
    else:
        queryset = queryset.filter(any_word).order_by("-created_at")
    visible_ids = None
    rows = list(queryset.select_related("unit")[:limit])
    if rows:
        visible_ids = set(
            Practice.objects.visible_to(user).filter(pk__in=[p.pk for p in rows]).values_list("pk", flat=True)
        )
    return [(practice, practice.pk in visible_ids) for practice in rows]
