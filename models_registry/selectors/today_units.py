"""History grouped by today's units: which unit of today a practice's registering unit belongs to.

After the 2025 reform a ward of Hải Phòng took in old communes (``Succession``; each new unit keeps its
predecessors' paths in ``Unit.history_paths``), so the practices those communes registered before 1/7/2025 are
counted under the ward, for the ward's own Party committee and for the city board alike. An old commune split
between several new ones cannot be given to one of them: it keeps a line of its own, named as it was. Practices
of an old unit above the communes (a district's own) stay under that old unit's name.

Grouping is done in Python over rows already grouped by the registering unit's path, so it costs two small
queries (today's units under the root, the names of the old units that remain), whatever the number of practices.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from ..models import Unit
from ..models.units import PATH_SEPARATOR


@dataclass
class UnitGroup:
    """One line of a table by unit: a unit of today (``unit_id`` links to the practice list) or an old unit."""

    key: str
    name: str
    code: str = ""
    unit_id: int | None = None  # today's unit, for ``/practices/?unit=`` (None for a split or closed old unit)
    reviews: bool = False  # a reviewing body: the dashboard may drill into it


def _prefixes(path):
    """'/1/5/9/' -> ['/1/5/9/', '/1/5/', '/1/'] (longest first)."""
    parts = [part for part in path.split(PATH_SEPARATOR) if part]
    return [PATH_SEPARATOR + PATH_SEPARATOR.join(parts[:n]) + PATH_SEPARATOR for n in range(len(parts), 0, -1)]


class TodayUnits:
    """Maps registering-unit paths to the lines of a table one level below ``root``.

    With ``today`` (and ``root`` still open), the lines are ``root``'s units of today and their predecessors'
    paths go with them; otherwise (a closed root: the history as it was) the lines are ``root``'s children then.
    """

    def __init__(self, root: Unit, *, today: bool = True):
        self.root = root
        self.today = today
        self.groups: dict[str, UnitGroup] = {}
        self.by_path: dict[str, str] = {}  # path prefix -> group key
        self._unknown: set[int] = set()
        self._named: set[int] = set()  # old units already named by ``finish``
        self.exact: dict[str, str] = {}  # paths that count only for practices of that very unit
        own = UnitGroup(key=f"u{root.pk}", name=root.name, code=root.code, unit_id=root.pk, reviews=root.reviews)
        self._add(own, [])
        self.exact[root.path] = own.key  # the root's own practices; those below it go to its lines
        taken = {}
        if today and root.valid_until is None:
            children = Unit.objects.filter(parent=root, valid_until__isnull=True).values_list(
                "pk", "code", "name", "path", "history_paths", "reviews"
            )
            for pk, code, name, path, history, reviews in children:
                group = UnitGroup(key=f"u{pk}", name=name, code=code, unit_id=pk, reviews=reviews)
                self._add(group, [path])
                for old in history:
                    taken.setdefault(old, []).append(group)
            for old, groups in taken.items():
                if len(groups) == 1:
                    self._add(groups[0], [old])
                else:  # split between several units of today: a line of its own (named when its name is read)
                    self._add(UnitGroup(key=f"split:{old}", name=""), [old])
        if today:
            # A ward's predecessors are communes: everything under them is the ward's. The city's predecessors are
            # whole provinces whose communes went to the city's units above: only the old province's own practices
            # are the city's, an old district's own keep that district's name (the fallback).
            for old in root.history_paths:
                if taken:
                    self.exact[old] = own.key
                else:
                    self.by_path[old] = own.key

    def _add(self, group, paths):
        self.groups.setdefault(group.key, group)
        for path in paths:
            self.by_path[path] = group.key

    def key(self, unit_path: str) -> str:
        """The line of a practice registered by the unit at ``unit_path``."""
        if unit_path in self.exact:
            return self.exact[unit_path]
        for prefix in _prefixes(unit_path):
            key = self.by_path.get(prefix)
            if key is not None:
                return key
        return self._fallback(unit_path)

    def _fallback(self, unit_path):
        """An old unit that went to nobody below the root: its ancestor one level below the root's depth."""
        ids = [int(part) for part in unit_path.split(PATH_SEPARATOR) if part]
        depth = self.root.depth + 1
        pk = ids[depth] if len(ids) > depth else ids[-1]
        key = f"u{pk}"
        if key not in self.groups:
            self._unknown.add(pk)
            self.groups[key] = UnitGroup(key=key, name=str(pk))
        return key

    def finish(self) -> dict[str, UnitGroup]:
        """Name the old units met on the way (one query) and return every line by key."""
        split_ids = {int(key.split(PATH_SEPARATOR)[-2]): key for key in self.groups if key.startswith("split:")}
        wanted = (self._unknown | set(split_ids)) - self._named
        self._named |= wanted
        if wanted:
            for pk, code, name, valid_until, reviews in Unit.objects.filter(pk__in=wanted).values_list(
                "pk", "code", "name", "valid_until", "reviews"
            ):
                if pk in split_ids:
                    group = self.groups[split_ids[pk]]
                    group.name, group.code = _("%(name)s (đã chia tách)") % {"name": name}, code
                if f"u{pk}" in self.groups and pk in self._unknown:
                    group = self.groups[f"u{pk}"]
                    group.code = code
                    if valid_until is None:
                        group.name, group.unit_id, group.reviews = name, pk, reviews
                    else:
                        group.name = _("%(name)s (trước sắp xếp)") % {"name": name}
        return self.groups


def grouped_rows(rows, mapper: TodayUnits, columns) -> list[dict]:
    """Sum rows grouped by ``unit__path`` into the mapper's lines: one dict per line with its ``columns``."""
    totals = {}
    for row in rows:
        key = mapper.key(row["unit__path"])
        bucket = totals.get(key)
        if bucket is None:
            bucket = totals[key] = dict.fromkeys(columns, 0)
        for column in columns:
            bucket[column] += row[column]
    groups = mapper.finish()
    lines = []
    for key, counts in totals.items():
        group = groups[key]
        board_id = group.unit_id if group.reviews else None
        lines.append({"code": group.code, "name": group.name, "unit_id": group.unit_id, "board_id": board_id, **counts})
    return lines
