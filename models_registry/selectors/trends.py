"""The dashboard over time: registrations and recognitions per half-year since the phase began, in total, per field
and per unit (grouped by today's units where a reform took units over, see ``today_units``).

Two GROUP BY queries (one per event: ``submitted_at``, ``recognized_at``) over the dashboard's scope, grouped by
half-year, field, registering unit and board; everything else is Python over those rows, so the page costs the
same with ten practices or ten thousand.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Case, Count, IntegerField, QuerySet, Value, When
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Field, Phase, Practice
from .today_units import TodayUnits

EVENTS = ("submitted_at", "recognized_at")  # registered (đăng ký), recognized (công nhận)


@dataclass
class Line:
    """One row of a table over time: a field or a unit, its counts per half-year and the link to its practices."""

    name: str
    cells: list  # [(registered, recognized)] per half-year, in the order of ``Trends.halves``
    url_query: str = ""  # parameters of /practices/ listing this row's practices ("" when none can be listed)

    @property
    def registered(self):
        return sum(cell[0] for cell in self.cells)

    @property
    def recognized(self):
        return sum(cell[1] for cell in self.cells)


@dataclass
class Trends:
    phase: Phase | None
    halves: list  # [(year, 1 or 2)]
    totals: list  # [(registered, recognized)] per half-year
    by_field: list = field(default_factory=list)
    by_unit: list = field(default_factory=list)

    @property
    def labels(self):
        return [half_label(year, half) for year, half in self.halves]


def half_label(year, half):
    """'6T đầu 2026' / '6T cuối 2026' (6 tháng đầu năm / cuối năm)."""
    if half == 1:
        return _("6T đầu %(year)s") % {"year": year}
    return _("6T cuối %(year)s") % {"year": year}


def phase_halves(phase: Phase, today: datetime.date) -> list[tuple[int, int]]:
    """The half-years of ``phase`` from its first up to today's (all of them for a closed phase)."""
    last = min((phase.end_year, 2), (today.year, 1 if today.month <= 6 else 2))
    return [(y, h) for y in range(phase.start_year, phase.end_year + 1) for h in (1, 2) if (y, h) <= last]


def _rows(practices, stamp, start, end):
    half = Case(When(**{f"{stamp}__month__lte": 6}, then=Value(1)), default=Value(2), output_field=IntegerField())
    return (
        practices.filter(**{f"{stamp}__gte": start, f"{stamp}__lt": end})
        .annotate(y=ExtractYear(stamp), h=half)
        .values_list("y", "h", "field_id", "unit__path", "board_id")
        .annotate(n=Count("*"))
        .order_by()
    )


def trends(
    *,
    practices: QuerySet[Practice],
    grouping: TodayUnits | None,
    phase: Phase | None,
    board_names: dict[int, str] | None = None,
    today: datetime.date | None = None,
) -> Trends:
    """Counts per half-year of ``phase`` for ``practices`` (already scoped); units by ``grouping``, or with None by
    reviewing board, named from ``board_names`` (the dashboard's unit table has them)."""
    if phase is None:
        return Trends(phase=None, halves=[], totals=[])
    today = today or timezone.localdate()
    halves = phase_halves(phase, today)
    index = {half: i for i, half in enumerate(halves)}
    start = timezone.make_aware(datetime.datetime(phase.start_year, 1, 1))
    end = timezone.make_aware(datetime.datetime(phase.end_year + 1, 1, 1))
    totals = [[0, 0] for _ in halves]
    fields, units = {}, {}
    for event, stamp in enumerate(EVENTS):
        for year, half, field_id, unit_path, board_id, n in _rows(practices, stamp, start, end):
            i = index.get((year, half))
            if i is None:  # a date after today (clock skew, data repair): not a half-year of the chart yet
                continue
            totals[i][event] += n
            key = grouping.key(unit_path) if grouping is not None else f"u{board_id}"
            for table, row_key in ((fields, field_id), (units, key)):
                cells = table.get(row_key)
                if cells is None:
                    cells = table[row_key] = [[0, 0] for _ in halves]
                cells[i][event] += n
    phase_param = f"&phase={phase.pk}"
    names = dict(Field.objects.values_list("pk", "name"))  # a short list: one query, whatever the rows
    by_field = [
        Line(name=names.get(pk, "—"), cells=[tuple(c) for c in cells], url_query=f"field={pk}{phase_param}")
        for pk, cells in fields.items()
    ]
    by_unit = []
    if grouping is not None:
        groups = grouping.finish()
        for key, cells in units.items():
            group = groups[key]
            query = f"unit={group.unit_id}{phase_param}" if group.unit_id else ""
            by_unit.append(Line(name=group.name, cells=[tuple(c) for c in cells], url_query=query))
    else:
        boards = board_names or {}
        for key, cells in units.items():
            pk = int(key[1:])
            by_unit.append(
                Line(name=boards.get(pk, key), cells=[tuple(c) for c in cells], url_query=f"unit={pk}{phase_param}")
            )
    order = lambda line: (-(line.registered + line.recognized), line.name)  # noqa: E731
    return Trends(
        phase=phase,
        halves=halves,
        totals=[tuple(t) for t in totals],
        by_field=sorted(by_field, key=order),
        by_unit=sorted(by_unit, key=order),
    )
