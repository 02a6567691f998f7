"""Practices in a given state at a given time, for report tests (bypassing the workflow on purpose)."""

import datetime

from django.utils import timezone

from models_registry.models import Commendation, Decision, Field, PracticeState, Recognition, RecognitionLevel
from tests.factories import PracticeFactory

S = PracticeState
STAMPS = {
    S.REGISTERED: ["submitted_at"],
    S.PROPOSED: ["submitted_at", "proposed_at"],
    S.RETURNED: ["submitted_at", "proposed_at", "returned_at"],
    S.RECOGNIZED: ["submitted_at", "proposed_at", "recognized_at"],
    S.NOT_RECOGNIZED: ["submitted_at", "proposed_at", "rejected_at"],
    S.DISCONTINUED: ["submitted_at", "proposed_at", "recognized_at", "discontinued_at"],
}
_decisions = {}


def at(day):
    """Noon local time on ``day`` (a date)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def decision_for(board, day, level=RecognitionLevel.DISTRICT):
    key = (board.pk, day, level)
    if key not in _decisions or not Decision.objects.filter(pk=_decisions[key].pk).exists():
        _decisions[key] = Decision.objects.create(
            number=f"{Decision.objects.count() + 1}-QĐ/{board.symbol}",
            date=day,
            board=board,
            signer="Phạm Quốc Khánh",
            level=level,
        )
    return _decisions[key]


def practice_in(unit, state, day, *, outstanding=False, field=None, commended_on=None, **values):
    """A practice of ``unit`` that reached ``state`` on ``day``, with its recognition when recognized."""
    field = field or Field.objects.get(code="kinh-te")
    practice = PracticeFactory(unit=unit, field=field, state=state, **values)
    stamps = {name: at(day) for name in STAMPS.get(state, [])}
    if stamps:
        type(practice).objects.filter(pk=practice.pk).update(**stamps)
    if state in (S.RECOGNIZED, S.DISCONTINUED):
        Recognition.objects.create(
            practice=practice,
            decision=decision_for(practice.board, day),
            level=RecognitionLevel.DISTRICT,
            outstanding=outstanding,
        )
    if commended_on:
        Commendation.objects.create(practice=practice, form="Giấy khen", issuer="Thị ủy", date=commended_on)
    practice.refresh_from_db()
    return practice
