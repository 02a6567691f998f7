"""The events a report counts (DESIGN §5): each registration, proposal, return, rejection, discontinuation,
recognition, outstanding mark and commendation, with the day it happened.

Where each event comes from:
- workflow transitions: the audit log (``practice.proposed`` …), one event per transition, so a practice proposed
  in November, returned in December and proposed again in January counts once in each period. Records that came
  in without a log of their history (the Excel import, bulk synthetic data) have only the practice's timestamps;
  a timestamp stands in for an action only when the practice has no audit event of that action at all;
- recognitions: the decision's date (district level and provincial level);
- outstanding marks: the decision's date when the practice was outstanding from its recognition, else the day of
  the ``practice.outstanding_marked`` event; an unmark before the period ends takes it out again;
- commendations: their date.

Nothing here reads a practice's *current* state or latest timestamp, so a closed period gives the same events
whenever it is asked again. ``period_events`` fetches every event of a window in a fixed number of queries.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from models_registry.models import AuditEvent, Commendation, Practice, Recognition, RecognitionLevel
from models_registry.models.audit import PRACTICE_OUTSTANDING_MARKED, PRACTICE_OUTSTANDING_UNMARKED

from .periods import DayRange

# Event kind -> (audit action of the transition, practice timestamp standing in when the action was never logged).
TRANSITIONS = {
    "registered": ("practice.registered", "submitted_at"),
    "proposed": ("practice.proposed", "proposed_at"),
    "returned": ("practice.returned", "returned_at"),
    "not_recognized": ("practice.not_recognized", "rejected_at"),
    "discontinued": ("practice.discontinued", "discontinued_at"),
}
OUTSTANDING_ACTIONS = (PRACTICE_OUTSTANDING_MARKED, PRACTICE_OUTSTANDING_UNMARKED)


@dataclass(frozen=True)
class Event:
    """One thing that happened to a practice on a day; ``detail`` carries what a section lists (a decision…)."""

    practice_id: int
    kind: str  # a TRANSITIONS key, "recognized", "recognized_provincial", "outstanding", "commended"
    day: datetime.date
    detail: tuple = ()


@dataclass(frozen=True)
class Window(DayRange):
    start: datetime.date  # inclusive
    end: datetime.date  # inclusive

    def __contains__(self, day):
        return self.start <= day <= self.end


def _local_day(moment):
    return timezone.localdate(moment)


def _transitions(scope, window):
    """Logged transitions in the window, and timestamps of actions a practice has no log of (two queries)."""
    by_action = {action: kind for kind, (action, _stamp) in TRANSITIONS.items()}
    events = [
        Event(practice_id, by_action[action], _local_day(created_at))
        for practice_id, action, created_at in AuditEvent.objects.filter(
            scope("practice__"),
            action__in=list(by_action),
            created_at__gte=window.start_at,
            created_at__lt=window.end_before,
        ).values_list("practice_id", "action", "created_at")
    ]
    stamps = {kind: stamp for kind, (_action, stamp) in TRANSITIONS.items()}
    in_window = Q()
    for stamp in stamps.values():
        in_window |= Q(**{f"{stamp}__gte": window.start_at, f"{stamp}__lt": window.end_before})
    logged = {
        f"logged_{kind}": Exists(AuditEvent.objects.filter(practice=OuterRef("pk"), action=action))
        for kind, (action, _stamp) in TRANSITIONS.items()
    }
    rows = Practice.objects.filter(scope(""), in_window).annotate(**logged).values("pk", *stamps.values(), *logged)
    for row in rows.iterator(chunk_size=5000):
        for kind, stamp in stamps.items():
            moment = row[stamp]
            if moment is not None and not row[f"logged_{kind}"] and window.start_at <= moment < window.end_before:
                events.append(Event(row["pk"], kind, _local_day(moment)))
    return events


def _recognitions(scope, window, marks_since):
    """Recognitions decided in the window, and the outstanding marks (initial ones and later ones).

    ``marks_since`` holds the marks from the window's start on, later ones included: a recognition outstanding from
    its decision and unmarked after the window was outstanding in it (the first mark's old value says so).
    """
    marked = marks_since.filter(created_at__lt=window.end_before)
    rows = (
        Recognition.objects.filter(scope("practice__"))
        .filter(
            Q(decision__date__gte=window.start, decision__date__lte=window.end)
            | Q(level=RecognitionLevel.DISTRICT, practice_id__in=marked.values("practice_id"))
        )
        .values_list(
            "practice_id", "level", "outstanding", "decision__date", "decision__number", "decision__board__name"
        )
    )
    events, initial = [], {}
    for practice_id, level, outstanding, day, number, issuer in rows:
        if not window.start <= day <= window.end:
            continue  # fetched only for the marks below
        kind = "recognized" if level == RecognitionLevel.DISTRICT else "recognized_provincial"
        events.append(Event(practice_id, kind, day, (number, day, issuer)))
        if level == RecognitionLevel.DISTRICT:
            initial[practice_id] = (day, outstanding)
    marks = {}
    history = marks_since.filter(practice_id__in=list(initial)) | marked
    for practice_id, action, created_at, changes in history.order_by("created_at", "pk").values_list(
        "practice_id", "action", "created_at", "changes"
    ):
        marks.setdefault(practice_id, []).append((created_at, action == PRACTICE_OUTSTANDING_MARKED, changes))
    for practice_id, (day, outstanding) in initial.items():
        history = marks.get(practice_id, [])
        if history:
            # The flag today is the last mark's; what it was at the decision is the first mark's old value.
            old = (history[0][2] or {}).get("outstanding", [None])[0]
            outstanding = bool(old) if old is not None else not history[0][1]
        events.append(Event(practice_id, "outstanding", day, (outstanding,)))
    for practice_id, history in marks.items():
        for created_at, value, _changes in history:
            if created_at < window.end_before:
                events.append(Event(practice_id, "outstanding", _local_day(created_at), (value,)))
    return events


def period_events(*, scope, window: Window) -> list[Event]:
    """Every event of the practices ``scope(prefix)`` selects, dated in ``window``. Five queries, any size.

    ``scope`` is a function of the lookup prefix that reaches a practice ("" or "practice__").
    """
    marks_since = AuditEvent.objects.filter(
        scope("practice__"), action__in=OUTSTANDING_ACTIONS, created_at__gte=window.start_at
    )
    events = _transitions(scope, window)
    events += _recognitions(scope, window, marks_since)
    events += [
        Event(practice_id, "commended", day, (form, issuer, number))
        for practice_id, form, issuer, number, day in Commendation.objects.filter(
            scope("practice__"), date__gte=window.start, date__lte=window.end
        ).values_list("practice_id", "form", "issuer", "decision_number", "date")
    ]
    return events


def outstanding_in(events, window: Window) -> dict[int, datetime.date]:
    """Practices marked outstanding in ``window`` and still outstanding at its end: {practice id: day marked}.

    ``events`` must hold every outstanding event up to the window's end (``period_events`` of a window that ends
    with it gives them).
    """
    last, marked = {}, {}
    for event in sorted((e for e in events if e.kind == "outstanding"), key=lambda e: e.day):
        if event.day > window.end:
            continue
        last[event.practice_id] = event.detail[0]
        if event.detail[0] and event.day in window:
            marked.setdefault(event.practice_id, event.day)
    return {practice_id: day for practice_id, day in marked.items() if last[practice_id]}
