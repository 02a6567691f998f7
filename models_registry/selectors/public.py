"""Reads for the public showcase: recognized practices without contact data, for anyone."""

from django.db.models import Prefetch, QuerySet

from ..models import Field, Practice, PracticeState, Recognition, Unit

# The only columns the public pages load: contact data and the creator never leave the database.
PUBLIC_FIELDS = (
    "id",
    "title",
    "kind",
    "subject",
    "summary",
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


def public_practices(
    *, q: str = "", district: int | Unit | None = None, field: Field | None = None
) -> QuerySet[Practice]:
    """Recognized practices, as the public may see them, newest recognition first."""
    qs = (
        Practice.objects.filter(state=PracticeState.RECOGNIZED)
        .select_related("unit", "board", "field")
        .only(*PUBLIC_FIELDS)
        .prefetch_related(
            Prefetch(
                "recognitions",
                queryset=Recognition.objects.select_related("decision").order_by("level", "id"),
            )
        )
        .order_by("-recognized_at", "-id")
    )
    if district is not None:
        qs = qs.filter(board=district)
    if field is not None:
        qs = qs.filter(field=field)
    return qs.search(q)
