"""Reads for the public showcase: recognized practices without contact data, for anyone."""

import datetime

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from ..models import Attachment, Field, Practice, PracticeState, Recognition, Unit
from ..permissions import public_photos

# The only columns the public pages load: contact data and the creator never leave the database.
PUBLIC_FIELDS = (
    "id",
    "title",
    "kind",
    "subject",
    "summary",
    "content",
    "results",
    "people_reached",
    "money_mobilized_vnd",
    "workdays_mobilized",
    "land_donated_m2",
    "state",
    "recognized_at",
    "unit__id",
    "unit__name",
    "board__id",
    "board__name",
    "field__id",
    "field__name",
)
PHOTO_FIELDS = ("id", "practice_id", "original_name", "uploaded_at")


def photos_of_public_practices() -> QuerySet[Attachment]:
    """The photos the board marked public, oldest first, with only what a public page needs."""
    return public_photos().only(*PHOTO_FIELDS).order_by("uploaded_at", "id")


def _year_range(year):
    start = timezone.make_aware(datetime.datetime(year, 1, 1))
    return start, timezone.make_aware(datetime.datetime(year + 1, 1, 1))


def unit_q(unit_id: int, history_paths=()) -> Q:
    """Practices of today's unit ``unit_id``: those its body reviews, and those of the units it took over in a
    reform (``Unit.history_paths``: a ward of 2026 shows what its predecessor communes were recognized for)."""
    q = Q(board_id=unit_id)
    for path in history_paths:
        q |= Q(unit__path__startswith=path)
    return q


def public_practices(
    *,
    q: str = "",
    district: int | Unit | None = None,
    district_history: list[str] | tuple = (),
    field: Field | None = None,
    year: int | None = None,
    photos: bool = False,
) -> QuerySet[Practice]:
    """Recognized practices, as the public may see them, newest recognition first.

    ``district`` is a reviewing unit of today, with the paths of the units it took over (``district_history``);
    ``year`` the year of
    recognition; ``photos`` prefetches each practice's public photos into ``public_photos`` (one query).
    """
    qs = (
        Practice.objects.filter(state=PracticeState.RECOGNIZED)
        .select_related("unit", "board", "field")
        .only(*PUBLIC_FIELDS)
        .prefetch_related(
            Prefetch(
                "recognitions",
                queryset=Recognition.objects.select_related("decision").with_level_names().order_by("level", "id"),
            )
        )
        .order_by("-recognized_at", "-id")
    )
    if photos:
        qs = qs.prefetch_related(
            Prefetch("attachments", queryset=photos_of_public_practices(), to_attr="public_photos")
        )
    if district is not None:
        qs = qs.filter(unit_q(getattr(district, "pk", district), district_history))
    if field is not None:
        qs = qs.filter(field=field)
    if year is not None:
        start, end = _year_range(year)
        qs = qs.filter(recognized_at__gte=start, recognized_at__lt=end)
    return qs.search(q)


def field_counts(practices: QuerySet[Practice]) -> dict[int, int]:
    """How many of ``practices`` are in each field (one GROUP BY)."""
    return dict(practices.order_by().values_list("field_id").annotate(n=Count("id")))
