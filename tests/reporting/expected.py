"""The figures a report must show, counted here straight from the database with plain ORM filters."""

import datetime

from django.db.models import Sum

from models_registry.models import Commendation, Practice, Recognition

H1_2022 = (datetime.date(2021, 12, 15), datetime.date(2022, 6, 14))


def expected_figures(practices, period=H1_2022):
    """``practices``: the queryset a report covers (e.g. Practice.objects.filter(board=...))."""
    start, end = period

    def dated(name):
        return practices.filter(**{f"{name}__date__gte": start, f"{name}__date__lte": end}).count()

    ids = practices.values("pk")
    recognitions = Recognition.objects.filter(practice__in=ids, decision__date__gte=start, decision__date__lte=end)
    district = recognitions.filter(level="district")
    return {
        "registered": dated("submitted_at"),
        "proposed": dated("proposed_at"),
        "returned": dated("returned_at"),
        "recognized": district.count(),
        "recognized_collective": district.filter(practice__subject="collective").count(),
        "recognized_individual": district.filter(practice__subject="individual").count(),
        "recognized_model": district.filter(practice__kind="model").count(),
        "recognized_exemplar": district.filter(practice__kind="exemplar").count(),
        "outstanding": district.filter(outstanding=True).count(),
        "recognized_provincial": recognitions.filter(level="provincial").count(),
        "not_recognized": dated("rejected_at"),
        "discontinued": dated("discontinued_at"),
        "replicated": practices.filter(
            submitted_at__date__gte=start, submitted_at__date__lte=end, replicated_from__isnull=False
        ).count(),
        "commended": Commendation.objects.filter(practice__in=ids, date__gte=start, date__lte=end).count(),
        "money_mobilized_vnd": Practice.objects.filter(pk__in=district.values("practice_id")).aggregate(
            s=Sum("money_mobilized_vnd")
        )["s"]
        or 0,
    }
