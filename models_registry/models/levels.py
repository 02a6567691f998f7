"""Querysets that read each decision's recognition level as its body named it that day (Body.level_name).

``Decision.level_name`` and ``Recognition.level_name`` use the annotation when present: a list of decisions costs
one query, not two per row ("cấp huyện" before the 2025 reform, "cấp xã" / "cấp thành phố" after it).
"""

from django.db import models
from django.db.models import OuterRef, Q, Subquery


def _level_name_subquery(board, day):
    """The ``level_name`` of the Body row of ``board`` valid on ``day`` (both reached through OuterRef)."""
    from .bodies import Body  # bodies.py imports practices.py, which imports this module

    rows = Body.objects.filter(unit=OuterRef(board)).filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=OuterRef(day)),
        Q(valid_until__isnull=True) | Q(valid_until__gte=OuterRef(day)),
    )
    return Subquery(rows.order_by("-valid_from").values("level_name")[:1])


class DecisionQuerySet(models.QuerySet):
    def with_level_names(self):
        """Each decision's level as its body named it that day (``level_name``), in the same query."""
        return self.annotate(body_level_name=_level_name_subquery("board", "date"))


class RecognitionQuerySet(models.QuerySet):
    def with_level_names(self):
        """Each recognition's level as its decision's body named it (``level_name``), in the same query."""
        return self.annotate(body_level_name=_level_name_subquery("decision__board", "decision__date"))
