"""Builders shared by the board-side tests (review queue, decisions, dashboard, public pages)."""

from datetime import date, timedelta

from django.utils import timezone

from models_registry.models import Decision, PracticeState, Recognition, RecognitionLevel
from tests.factories import PracticeFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def proposed(unit, *, days_ago=1, **fields):
    """A practice proposed ``days_ago`` days ago (built directly: the tests exercise the board's actions)."""
    return PracticeFactory(
        unit=unit,
        state=PracticeState.PROPOSED,
        proposed_at=timezone.now() - timedelta(days=days_ago),
        **fields,
    )


_numbers = iter(range(1000, 10**6))


def recognized(unit, *, outstanding=False, decision=None, decision_date=None, **fields):
    """A practice recognized at district level by a decision of its board."""
    practice = PracticeFactory(unit=unit, state=PracticeState.RECOGNIZED, recognized_at=timezone.now(), **fields)
    if decision is None:
        decision = Decision.objects.create(
            number=f"{next(_numbers)}-QĐ/BDVHU",
            date=decision_date or date.today(),
            board=practice.board,
            signer="Phạm Quốc Khánh",
            level=RecognitionLevel.DISTRICT,
        )
    Recognition.objects.create(
        practice=practice, decision=decision, level=RecognitionLevel.DISTRICT, outstanding=outstanding
    )
    return practice


def other_commune(district, *exclude):
    return district.children.exclude(pk__in=[u.pk for u in exclude]).order_by("code").first()
