"""Reads for the dashboard: counts of the user's district or province in a fixed number of queries.

Aggregations are ``values().annotate(Count)``: the number of queries does not depend on the number of practices.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from ..models import Field, Practice, PracticeState, Recognition, RecognitionLevel, Unit
from ..models.practices import PracticeKind, PracticeSubject
from ..models.units import PATH_SEPARATOR
from ..permissions import (
    UserLike,
    board_history_q,
    board_roots,
    board_scope_paths,
    board_scope_q,
    is_provincial,
    is_superuser,
    yearly_scope,
)
from .board import yearly_check_counts
from .review import LATE_AFTER_DAYS
from .today_units import TodayUnits, grouped_rows


@dataclass
class Bar:
    """One row of a count table, with its share of the largest row for the bar chart."""

    label: str
    value: int
    key: str = ""
    percent: int = 0  # of the largest bar in its chart; static/js/bars.js turns it into a width


def _scaled(bars, *, sort=False):
    bars = list(bars)
    if sort:
        bars.sort(key=lambda bar: (-bar.value, bar.label))
    top = max((bar.value for bar in bars), default=0)
    for bar in bars:
        bar.percent = round(100 * bar.value / top) if top else 0
    return bars


def dashboard_scope(*, user: UserLike) -> QuerySet[Practice]:
    """Practices the dashboard counts: the subtree of the user's board or province memberships.

    Scoped through the reviewing board's path, not the registering unit's: the same practices (a practice's board
    is its unit or an ancestor of it, and a board member's unit is that board or above it), but then the counts
    come from an index-only scan of practice_board_counts_idx instead of reading every row of a province
    (27,000 scattered rows for Thanh Hóa at national scale: 0.6 s, see bench/run.py).
    """
    scope = board_scope_q(user, "board__path")
    # A unit of today also counts what the units it took over registered (their board was an old district).
    history = board_history_q(user, "unit__path")
    return Practice.objects.filter(scope if history is None else scope | history)


def unit_grouping(*, user: UserLike, board: Unit | None = None) -> TodayUnits | None:
    """How the tables by unit group practices, one level below the user's board (or the drilled-into ``board``).

    A unit of today that took over others (a ward, the city) groups its history by today's units; a unit as it was
    (a district board of 2021–2025) by its children then; provincial staff of a province that was never reformed
    by reviewing board (None).
    """
    root = board if board is not None else next(iter(board_roots(user)), None)
    if root is not None and root.valid_until is None and root.history_paths:
        return TodayUnits(root)
    if root is None or (is_provincial(user) and board is None):
        return None
    return TodayUnits(root, today=False)


def _unit_table_counts():
    """Per-unit columns of the dashboard's unit table, as conditional counts in one GROUP BY."""
    return {
        "total": Count("id"),
        "registered": Count("id", filter=Q(state=PracticeState.REGISTERED)),
        "proposed": Count("id", filter=Q(state=PracticeState.PROPOSED)),
        "recognized": Count("id", filter=Q(state=PracticeState.RECOGNIZED)),
        "returned": Count("id", filter=Q(state=PracticeState.RETURNED)),
        "not_recognized": Count("id", filter=Q(state=PracticeState.NOT_RECOGNIZED)),
        "discontinued": Count("id", filter=Q(state=PracticeState.DISCONTINUED)),
    }


UNIT_COLUMNS = ("total", "registered", "proposed", "recognized", "returned", "not_recognized", "discontinued")


@dataclass
class Dashboard:
    total: int
    by_state: list
    by_field: list
    by_kind: list
    by_subject: list
    units: list  # rows of the unit table: communes for a reviewer, districts for provincial staff
    units_label: str
    recognized_this_year: int
    provincial_this_year: int
    outstanding_this_year: int
    waiting: int
    waiting_late: int
    year: int
    provincial: bool
    checked_this_year: int = 0  # recognized practices checked this year (the yearly check)
    check_due: int = 0  # recognized before this year and not yet checked in it


def dashboard_practices(*, user: UserLike, board: Unit | None = None) -> QuerySet[Practice]:
    """The practices a dashboard counts: the user's scope, or one board of it (already checked to be in scope)."""
    practices = dashboard_scope(user=user)
    if board is not None:
        q = Q(board__path__startswith=board.path)
        for path in board.history_paths:  # and what the units it took over registered
            q |= Q(unit__path__startswith=path)
        practices = practices.filter(q)
    return practices


def dashboard(
    *,
    user: UserLike,
    board: Unit | None = None,
    today: date | None = None,
    grouping: TodayUnits | None | bool = False,
) -> Dashboard:
    """Counts for the user's district (reviewer) or province (provincial staff), in a fixed number of queries.

    ``board`` narrows a provincial user's dashboard to one district (already checked to be in scope); ``grouping``
    is the ``unit_grouping`` of the unit table when the caller already has it.
    """
    from django.utils.translation import gettext as _

    now = timezone.now()
    year = (today or timezone.localdate()).year
    practices = dashboard_practices(user=user, board=board)
    provincial = is_provincial(user) and board is None

    # One GROUP BY over the covering index gives every chart, the waiting counts and the provincial table.
    # COUNT(*) rather than COUNT(id), and the late ones by proposed_at: counting a column outside the index would
    # make PostgreSQL read the rows for it.
    late_q = Q(state=PracticeState.PROPOSED, proposed_at__lt=now - timedelta(days=LATE_AFTER_DAYS))
    late_count = Count("proposed_at", filter=late_q)
    # Kind and subject (two values each) as conditional counts rather than GROUP BY columns: a quarter of the
    # rows (~800 instead of ~3,000 for a province), the same index-only scan; 2.5 ms less Python per page.
    kinds = [value for value, _label in PracticeKind.choices]
    subjects = [value for value, _label in PracticeSubject.choices]
    groups = list(
        practices.values_list("board_id", "state", "field_id")
        .annotate(
            n=Count("*"),
            late=late_count,
            **{f"kind_{value}": Count("kind", filter=Q(kind=value)) for value in kinds},
            **{f"subject_{value}": Count("subject", filter=Q(subject=value)) for value in subjects},
        )
        .order_by()
    )
    # The kind and subject columns' totals (no rows, no sums: counts of 0 below).
    sums = [sum(column) for column in list(zip(*groups, strict=True))[5:]]
    kind_counts = dict(zip(kinds, sums[: len(kinds)], strict=False))
    subject_counts = dict(zip(subjects, sums[len(kinds) :], strict=False))
    state_counts, field_counts = Counter(), Counter()
    per_board = {}
    waiting_late = 0
    for board_id, state, field_id, n, late, *_kinds_and_subjects in groups:
        state_counts[state] += n
        field_counts[field_id] += n
        waiting_late += late
        row = per_board.get(board_id)
        if row is None:  # not setdefault(): its default dict would be built for every row
            row = per_board[board_id] = {**dict.fromkeys(UNIT_COLUMNS, 0), "late": 0}
        row["total"] += n
        row["late"] += late
        if state in row:
            row[state] += n
    total = sum(state_counts.values())
    by_state = _scaled(
        Bar(label=str(label), value=state_counts.get(value, 0), key=value) for value, label in PracticeState.choices
    )
    field_names = dict(Field.objects.values_list("pk", "name"))
    by_field = _scaled(
        (Bar(label=field_names.get(pk, "—"), value=n, key=str(pk)) for pk, n in field_counts.items()),
        sort=True,
    )
    by_kind = _scaled(
        Bar(label=str(label), value=kind_counts.get(value, 0), key=value) for value, label in PracticeKind.choices
    )
    by_subject = _scaled(
        Bar(label=str(label), value=subject_counts.get(value, 0), key=value) for value, label in PracticeSubject.choices
    )
    waiting = {"waiting": state_counts.get(PracticeState.PROPOSED, 0), "late": waiting_late}

    if grouping is False:
        grouping = unit_grouping(user=user, board=board)
    if grouping is not None:
        columns = (*UNIT_COLUMNS, "late")
        rows = practices.values("unit__path").annotate(**_unit_table_counts(), late=late_count).order_by()
        units = sorted(grouped_rows(rows, grouping, columns), key=lambda r: (-r["total"], r["name"]))
        units_label = _("Đơn vị hiện nay") if grouping.today else _("Xã, phường, thị trấn")
    else:
        # One line per district board, with how many proposals wait there and for how long.
        boards = Unit.objects.filter(pk__in=per_board).values_list("pk", "name", "path")
        units = [
            {
                "code": pk,
                "name": name,
                "board_id": pk,
                "unit_id": pk,
                "board__name": name,
                "board__path": path,
                **per_board[pk],
            }
            for pk, name, path in sorted(boards, key=lambda board: board[2])
        ]
        units_label = _("Huyện, thị xã, thành phố")

    top = max((row["total"] for row in units), default=0)
    for row in units:
        row["percent"] = round(100 * row["total"] / top) if top else 0

    # A district decision recognizes only practices of its own board, so "district recognitions of practices in
    # scope" are the recognitions of decisions issued by boards in scope: found from this year's decisions, not
    # by visiting every practice of the province. Provincial recognitions come from the province's decisions,
    # which may sit above a reviewer's scope; there are few, so they are matched practice by practice.
    this_year = {"decision__date__gte": date(year, 1, 1), "decision__date__lte": date(year, 12, 31)}
    # The boards in scope are those of the counted practices: their ids walk decision_board_date_idx directly.
    district = Recognition.objects.filter(
        decision__board_id__in=list(per_board), level=RecognitionLevel.DISTRICT, **this_year
    ).aggregate(district=Count("pk"), outstanding=Count("pk", filter=Q(outstanding=True)))
    provincial_recognitions = Recognition.objects.filter(
        level=RecognitionLevel.PROVINCIAL, decision__level=RecognitionLevel.PROVINCIAL, **this_year
    )
    if provincial:
        # A provincial decision recognizes only practices of its own province: the decisions in scope suffice.
        provincial_recognitions = provincial_recognitions.filter(board_scope_q(user, "decision__board__path"))
    else:
        if not is_superuser(user):
            # Again a provincial decision recognizes only practices of its own province: only the decisions of
            # the provinces above the scope can count (a few a year), not the country's (~600 a year at national
            # scale, whose ~1,500 recognitions were each checked against the scope: 7 ms of a reviewer's page).
            provinces = {
                PATH_SEPARATOR + path.split(PATH_SEPARATOR)[1] + PATH_SEPARATOR for path in board_scope_paths(user)
            }
            provincial_recognitions = provincial_recognitions.filter(decision__board__path__in=provinces)
        provincial_recognitions = provincial_recognitions.filter(practice__in=practices.values("pk"))
    recognitions = {**district, "provincial": provincial_recognitions.count()}
    # The same practices as the yearly list (a ward: not a split predecessor's, which the city board checks).
    checks = yearly_check_counts(practices=practices & yearly_scope(user), year=year)

    return Dashboard(
        total=total,
        by_state=by_state,
        by_field=by_field,
        by_kind=by_kind,
        by_subject=by_subject,
        units=units,
        units_label=units_label,
        recognized_this_year=recognitions["district"],
        provincial_this_year=recognitions["provincial"],
        outstanding_this_year=recognitions["outstanding"],
        waiting=waiting["waiting"],
        waiting_late=waiting["late"],
        year=year,
        provincial=provincial,
        checked_this_year=checks["checked"],
        check_due=checks["due"],
    )
