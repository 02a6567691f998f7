"""Report statistics: every figure and list of a board's (or the province's) report for one period.

The figures count events dated in the period (``reporting.events``): a closed period gives the same numbers
whenever it is rebuilt. All events of the window from the phase's start (or the same period a year earlier) to the
period's end come in a fixed number of queries, then add up in Python by unit, district, field and sector — a
report costs the same queries with 50 practices or 50,000. The result is plain JSON data, stored on the report
row as the snapshot the document was built from.
"""

import datetime

from django.db.models import BigIntegerField, CharField, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from models_registry.bodies import current_phase
from models_registry.models import Field, PracticeMove, Recognition, RecognitionLevel, Unit, UnitLevel
from models_registry.models.practices import Practice, PracticeKind, PracticeSubject
from models_registry.permissions import UserLike, scope_q

from .events import Window, outstanding_in, period_events
from .figures import (
    COMPARED,
    FIGURE_KEYS,
    FIGURES,
    GROUP_COLUMNS,
    RESOURCE_KEYS,
    RESOURCES,
    SECTORS,
    active,
    commendations_by_form,
    empty_row,
    tally,
    totals_of,
)
from .periods import period_bounds
from .today import TodaysUnits

__all__ = ["COMPARED", "FIGURES", "FIGURE_KEYS", "GROUP_COLUMNS", "RESOURCES", "practice_scope", "report_statistics"]
KIND_LABELS = {PracticeKind.MODEL: "Mô hình", PracticeKind.EXEMPLAR: "Điển hình"}
SUBJECT_LABELS = {PracticeSubject.COLLECTIVE: "Tập thể", PracticeSubject.INDIVIDUAL: "Cá nhân"}
SUMMARY_LENGTH = 600  # characters of a typical model's summary quoted in the report


def practice_scope(*, unit: Unit, user: UserLike | None, prefix: str = "") -> Q:
    """Practices a report of ``unit`` covers: the board's own (or the whole province), within what ``user`` sees.

    ``user`` None is the schedule (the system itself), which sees the unit's whole subtree.
    """
    if unit.level == UnitLevel.PROVINCE:
        q = Q(**{f"{prefix}unit__path__startswith": unit.path})
    else:
        # By board, not by path: a district report never counts another board's practice.
        q = Q(**{f"{prefix}board": unit})
    # A unit created by a reform counts its predecessors' events as its own (the 2025 annual report of a new
    # ward includes what its old communes did before 1/7/2025); units before the reform have no history.
    for path in unit.history_paths:
        q |= Q(**{f"{prefix}unit__path__startswith": path})
    if unit.valid_until is not None:
        # A unit closed by a reform still counts the open practices that moved away from it (its own past).
        moved = PracticeMove.objects.filter(
            Q(old_unit__path__startswith=unit.path) if unit.level == UnitLevel.PROVINCE else Q(old_board=unit)
        )
        q |= Q(**{f"{prefix}pk__in": moved.values("practice_id")})
    if user is not None:
        q &= scope_q(user, f"{prefix}unit__path")
    return q


def _as_it_was(unit, lookup):
    """``lookup`` ("unit_id", "board_id") of a practice as it was before a reform moved it away from ``unit``;
    the current value when ``unit`` is not closed (today's reports read today's values).

    A report of a closed board is rebuilt after the reform with the same rows: a practice that moved from Phường
    An Lưu to Phường Kinh Môn is still An Lưu's in Thị xã Kinh Môn's report of 2023.
    """
    if unit.valid_until is None:
        return F(lookup)
    old = f"old_{lookup.removesuffix('_id')}_id"
    moves = PracticeMove.objects.filter(practice=OuterRef("pk")).order_by("pk")
    return Coalesce(Subquery(moves.values(old)[:1]), F(lookup), output_field=BigIntegerField())


def _facts(unit, practice_ids):
    """What the figures need of each practice: {id: {kind, subject, unit_id, board_id, resources, decision …}}."""
    district = Recognition.objects.filter(practice=OuterRef("pk"), level=RecognitionLevel.DISTRICT)
    rows = (
        Practice.objects.filter(pk__in=practice_ids)
        .annotate(
            unit_then=_as_it_was(unit, "unit_id"),
            board_then=_as_it_was(unit, "board_id"),
            decision_number=Subquery(district.values("decision__number")[:1], output_field=CharField()),
            decision_date=Subquery(district.values("decision__date")[:1]),
        )
        .values(
            "pk",
            "title",
            "summary",
            "kind",
            "subject",
            "field_id",
            "field__name",
            "replicated_from_id",
            "unit_then",
            "board_then",
            "decision_number",
            "decision_date",
            *RESOURCE_KEYS,
        )
    )
    return {row["pk"]: row for row in rows.iterator(chunk_size=5000)}


def _windows(period):
    """The period, the same period a year earlier, and the phase up to the period's end."""
    previous = period_bounds(period.kind, period.year - 1)
    phase = current_phase(on=period.end)
    phase_start = period_bounds("year", phase.start_year).start if phase else previous.start
    return (
        Window(period.start, period.end),
        Window(previous.start, previous.end),
        Window(min(phase_start, period.start), period.end),
    )


def report_statistics(*, unit: Unit, period_kind: str, year: int, user: UserLike | None = None) -> dict:
    """The statistics of the report of ``unit`` (a board, or a province or city for the summary).

    ``user`` is the requester: nothing they may not see is counted. Returns JSON-serializable data.
    """
    period = period_bounds(period_kind, year)
    summary = unit.level == UnitLevel.PROVINCE
    here, previous, phase = _windows(period)
    fetch = Window(min(previous.start, phase.start), period.end)
    events = period_events(scope=lambda prefix: practice_scope(unit=unit, user=user, prefix=prefix), window=fetch)
    facts = _facts(unit, {event.practice_id for event in events})
    today = TodaysUnits(unit, facts, summary=summary)
    outstanding = outstanding_in(events, here)

    grouped = tally(events, facts, here, outstanding, key_of=today.group_of)
    totals = totals_of(grouped)
    keys = {key for key, row in grouped.items() if active(row)}
    if summary:
        # Every board appears in the summary, also those with nothing to report: Hải Dương's districts in 2023,
        # Hải Phòng's communes now (the boards as they were on the period's last day).
        boards = Unit.objects.subtree_of(unit).filter(reviews=True).exclude(pk=unit.pk).as_of(period.end)
        keys |= set(boards.values_list("pk", flat=True))
    names = today.names(keys)
    ordered = sorted(keys, key=lambda key: names[key]["path"])
    groups = [
        {"id": key, "code": names[key]["code"], "name": names[key]["name"], **grouped.get(key, empty_row())}
        for key in ordered
    ]

    by_field_raw = tally(events, facts, here, outstanding, key_of=lambda fact: fact["field_id"])
    fields = Field.objects.filter(Q(active=True) | Q(pk__in=list(by_field_raw))).order_by("order", "name")
    by_field = [{"id": f.pk, "name": f.name, **by_field_raw.get(f.pk, empty_row())} for f in fields]
    by_sector_raw = tally(events, facts, here, outstanding, key_of=lambda fact: today.sector_of(fact))
    by_sector = [{"id": key, "name": str(label), **by_sector_raw.get(key, empty_row())} for key, label in SECTORS]

    def practice_item(practice_id, number="", day=None):
        fact = facts[practice_id]
        return {
            "id": practice_id,
            "title": fact["title"],
            "unit": today.unit_name(fact),
            "kind": KIND_LABELS.get(fact["kind"], fact["kind"]),
            "subject": SUBJECT_LABELS.get(fact["subject"], fact["subject"]),
            "field": fact["field__name"],
            "decision": number or fact["decision_number"] or "",
            "decision_date": (day or fact["decision_date"]).strftime("%d/%m/%Y")
            if (day or fact["decision_date"])
            else "",
            "board": names.get(today.group_of(fact), {}).get("name", "") if summary else "",
            "order": (names.get(today.group_of(fact), {}).get("path", ""), day or datetime.date.min, number),
        }

    def listed(kind):
        items = [
            {**practice_item(e.practice_id, e.detail[0], e.detail[1]), "outstanding": e.practice_id in outstanding}
            for e in events
            if e.kind == kind and e.day in here
        ]
        items.sort(key=lambda item: (*item.pop("order"), item["title"], item["id"]))
        return items

    typical = [practice_item(practice_id) for practice_id in sorted(outstanding, key=lambda pk: facts[pk]["title"])]
    for item in typical:
        item.pop("order")
        summary_text = " ".join((facts[item["id"]]["summary"] or "").split())
        item["summary"] = summary_text[:SUMMARY_LENGTH] + ("…" if len(summary_text) > SUMMARY_LENGTH else "")

    def totals_in(window):
        return totals_of(tally(events, facts, window, outstanding_in(events, window)))

    local_today = timezone.localdate()
    return {
        "kind": "summary" if summary else "district",
        "unit": {"id": unit.pk, "code": unit.code, "name": unit.name},
        "period": {
            "kind": period.kind,
            "year": period.year,
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
        },
        # Built before the cut-off: the figures are provisional, counted up to this day.
        "provisional_until": local_today.isoformat() if local_today < period.end else None,
        "totals": totals,
        "previous": totals_in(previous),
        "previous_period": {"start": previous.start.isoformat(), "end": previous.end.isoformat()},
        "phase_totals": totals_in(phase),
        "phase_start": phase.start.isoformat(),
        "groups": groups,
        "by_field": by_field,
        "by_sector": by_sector,
        "commendations": commendations_by_form(events, here),
        "typical": typical,
        "provincial": listed("recognized_provincial"),
        "annex": listed("recognized"),
        "computed_at": timezone.now().isoformat(),
    }
