"""Report statistics: every figure of a board's (or the province's) report for one period.

All figures come from a handful of aggregate queries (conditional COUNT/SUM grouped by unit, field or
district), so a report costs the same dozen queries with 50 practices or 50,000. The result is plain JSON
data: it is stored on the report row as the snapshot the document was built from.
"""

from django.db.models import BigIntegerField, CharField, Count, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from models_registry.models import (
    Commendation,
    Field,
    Practice,
    PracticeMove,
    Recognition,
    RecognitionLevel,
    Unit,
    UnitLevel,
)
from models_registry.models.practices import PracticeKind, PracticeSubject
from models_registry.permissions import UserLike, scope_q

from .periods import period_bounds

# (key, label) in the order the document and the spreadsheet show them.
FIGURES = [
    ("registered", "Mô hình, điển hình đăng ký mới"),
    ("proposed", "Đề nghị công nhận"),
    ("returned", "Trả lại để bổ sung"),
    ("recognized", "Được công nhận (cấp huyện)"),
    ("recognized_collective", "— trong đó tập thể"),
    ("recognized_individual", "— trong đó cá nhân"),
    ("recognized_model", "— trong đó mô hình"),
    ("recognized_exemplar", "— trong đó điển hình"),
    ("outstanding", "Mô hình, điển hình tiêu biểu"),
    ("recognized_provincial", "Được công nhận cấp tỉnh"),
    ("not_recognized", "Không công nhận"),
    ("discontinued", "Không duy trì"),
    ("replicated", "Nhân rộng từ mô hình đã có"),
    ("commended", "Lượt khen thưởng"),
]
FIGURE_KEYS = [key for key, _label in FIGURES]
# The columns of the tables by unit / district / field (the full list is in the summary table).
GROUP_COLUMNS = [
    ("registered", "Đăng ký"),
    ("proposed", "Đề nghị"),
    ("returned", "Trả lại"),
    ("recognized", "Công nhận"),
    ("outstanding", "Tiêu biểu"),
    ("not_recognized", "Không CN"),
    ("replicated", "Nhân rộng"),
    ("commended", "Khen thưởng"),
]
RESOURCES = [
    ("people_reached", "Số người được vận động, thụ hưởng", "người"),
    ("money_mobilized_vnd", "Tiền vận động được", "đồng"),
    ("workdays_mobilized", "Ngày công vận động được", "ngày công"),
    ("land_donated_m2", "Đất hiến", "m²"),
    ("budget_vnd", "Kinh phí đầu tư", "đồng"),
    ("socialized_funding_vnd", "Kinh phí xã hội hóa", "đồng"),
]
KIND_LABELS = {PracticeKind.MODEL: "Mô hình", PracticeKind.EXEMPLAR: "Điển hình"}
SUBJECT_LABELS = {PracticeSubject.COLLECTIVE: "Tập thể", PracticeSubject.INDIVIDUAL: "Cá nhân"}


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


def _between(lookup, period):
    return Q(**{f"{lookup}__gte": period.start_at, f"{lookup}__lt": period.end_before})


def _dated_between(lookup, period):
    return Q(**{f"{lookup}__gte": period.start, f"{lookup}__lte": period.end})


def _as_it_was(unit, lookup, prefix=""):
    """``lookup`` (e.g. "unit_id", "board__name") of a practice as it was before a reform moved it away from
    ``unit``; None when ``unit`` is not closed (today's reports read today's values).

    A report of a closed board is rebuilt after the reform with the same rows: a practice that moved from Phường
    An Lưu to Phường Kinh Môn is still An Lưu's in Thị xã Kinh Môn's report of 2023.
    """
    if unit.valid_until is None:
        return None
    column, _sep, rest = lookup.partition("__")
    column = column.removesuffix("_id")
    old = f"old_{column}__{rest}" if rest else f"old_{column}"
    moves = PracticeMove.objects.filter(practice=OuterRef(f"{prefix}pk" if prefix else "pk")).order_by("pk")
    output = BigIntegerField() if lookup.endswith("_id") else CharField()
    return Coalesce(Subquery(moves.values(old)[:1]), F(f"{prefix}{lookup}"), output_field=output)


def _grouped(queryset, group, annotations, *, unit=None, prefix=""):
    """{group value: {name: value}} — one GROUP BY query; ``group`` None gives {None: totals}."""
    if group is None:
        return {None: queryset.aggregate(**annotations)}
    historical = _as_it_was(unit, group, prefix) if unit is not None and group in ("unit_id", "board_id") else None
    if historical is not None:
        queryset, group = queryset.annotate(as_it_was=historical), "as_it_was"
    else:
        group = f"{prefix}{group}"
    rows = queryset.order_by().values(group).annotate(**annotations)
    return {row.pop(group): row for row in rows}


def _figures(unit, user, period, group):
    """Every figure of FIGURES (and the resources) per value of ``group``, a practice lookup or None."""
    practices = Practice.objects.filter(practice_scope(unit=unit, user=user))
    counts = _grouped(
        practices,
        group,
        unit=unit,
        annotations={
            "registered": Count("pk", filter=_between("submitted_at", period)),
            "proposed": Count("pk", filter=_between("proposed_at", period)),
            "returned": Count("pk", filter=_between("returned_at", period)),
            "not_recognized": Count("pk", filter=_between("rejected_at", period)),
            "discontinued": Count("pk", filter=_between("discontinued_at", period)),
            "replicated": Count("pk", filter=_between("submitted_at", period) & Q(replicated_from__isnull=False)),
        },
    )
    by = {"unit": unit, "prefix": "practice__"}
    recognitions = Recognition.objects.filter(practice_scope(unit=unit, user=user, prefix="practice__"))
    district = recognitions.filter(_dated_between("decision__date", period), level=RecognitionLevel.DISTRICT)
    recognized = _grouped(
        district,
        group,
        **by,
        annotations={
            "recognized": Count("pk"),
            "recognized_collective": Count("pk", filter=Q(practice__subject=PracticeSubject.COLLECTIVE)),
            "recognized_individual": Count("pk", filter=Q(practice__subject=PracticeSubject.INDIVIDUAL)),
            "recognized_model": Count("pk", filter=Q(practice__kind=PracticeKind.MODEL)),
            "recognized_exemplar": Count("pk", filter=Q(practice__kind=PracticeKind.EXEMPLAR)),
            "outstanding": Count("pk", filter=Q(outstanding=True)),
            **{key: Sum(f"practice__{key}") for key, _label, _unit in RESOURCES},
        },
    )
    provincial = _grouped(
        recognitions.filter(_dated_between("decision__date", period), level=RecognitionLevel.PROVINCIAL),
        group,
        **by,
        annotations={"recognized_provincial": Count("pk")},
    )
    commended = _grouped(
        Commendation.objects.filter(
            practice_scope(unit=unit, user=user, prefix="practice__"), _dated_between("date", period)
        ),
        group,
        **by,
        annotations={"commended": Count("pk")},
    )
    result = {}
    for source in (counts, recognized, provincial, commended):
        for key, values in source.items():
            row = result.setdefault(key, {})
            row.update({name: value or 0 for name, value in values.items()})
    for row in result.values():
        for key in [*FIGURE_KEYS, *(r[0] for r in RESOURCES)]:
            row.setdefault(key, 0)
    return result


def _empty_row():
    return {key: 0 for key in [*FIGURE_KEYS, *(r[0] for r in RESOURCES)]}


def _active(row):
    return any(row[key] for key in FIGURE_KEYS)


def _annex(unit, user, period):
    """The practices recognized (district level) in the period with their decisions, by district then date."""
    rows = (
        Recognition.objects.filter(
            practice_scope(unit=unit, user=user, prefix="practice__"),
            _dated_between("decision__date", period),
            level=RecognitionLevel.DISTRICT,
        )
        .annotate(
            unit_name=_as_it_was(unit, "unit__name", "practice__") or F("practice__unit__name"),
            board_name=_as_it_was(unit, "board__name", "practice__") or F("practice__board__name"),
            board_path=_as_it_was(unit, "board__path", "practice__") or F("practice__board__path"),
        )
        .order_by("board_path", "decision__date", "decision__number", "practice__title", "practice_id")
        .values_list(
            "practice_id",
            "practice__title",
            "unit_name",
            "practice__kind",
            "practice__subject",
            "practice__field__name",
            "decision__number",
            "decision__date",
            "outstanding",
            "board_name",
        )
    )
    return [
        {
            "id": pk,
            "title": title,
            "unit": unit_name,
            "kind": KIND_LABELS.get(kind, kind),
            "subject": SUBJECT_LABELS.get(subject, subject),
            "field": field,
            "decision": number,
            "decision_date": date.strftime("%d/%m/%Y"),
            "outstanding": outstanding,
            "board": board,
        }
        for pk, title, unit_name, kind, subject, field, number, date, outstanding, board in rows.iterator(
            chunk_size=2000
        )
    ]


def report_statistics(*, unit: Unit, period_kind: str, year: int, user: UserLike | None = None) -> dict:
    """The statistics of the report of ``unit`` (a district board, or a province for the summary).

    ``user`` is the requester: nothing they may not see is counted. Returns JSON-serializable data.
    """
    period = period_bounds(period_kind, year)
    summary = unit.level == UnitLevel.PROVINCE
    totals = _figures(unit, user, period, None)[None]

    group = "board_id" if summary else "unit_id"
    grouped = _figures(unit, user, period, group)
    if summary:
        # Every district appears in the summary, also those with nothing to report.
        boards = Unit.objects.subtree_of(unit).filter(reviews=True).exclude(pk=unit.pk)
        # The boards as they were on the period's last day: Hải Dương's districts in 2023, Hải Phòng's communes now.
        keys = set(boards.as_of(period.end).values_list("pk", flat=True)) | {
            key for key, row in grouped.items() if _active(row)
        }
    else:
        keys = {key for key, row in grouped.items() if _active(row)}
    names = {u.pk: (u.path, u.name, u.code) for u in Unit.objects.filter(pk__in=keys).only("path", "name", "code")}
    groups = [
        {"id": key, "code": names[key][2], "name": names[key][1], **grouped.get(key, _empty_row())}
        for key in sorted(keys, key=lambda k: names[k][0])
    ]

    by_field_raw = _figures(unit, user, period, "field_id")
    fields = Field.objects.filter(Q(active=True) | Q(pk__in=list(by_field_raw))).order_by("order", "name")
    by_field = [{"id": f.pk, "name": f.name, **by_field_raw.get(f.pk, _empty_row())} for f in fields]

    return {
        "kind": "summary" if summary else "district",
        "unit": {"id": unit.pk, "code": unit.code, "name": unit.name},
        "period": {
            "kind": period.kind,
            "year": period.year,
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
        },
        "totals": totals,
        "groups": groups,
        "by_field": by_field,
        "annex": _annex(unit, user, period),
        "computed_at": timezone.now().isoformat(),
    }
