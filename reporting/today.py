"""Under which unit a report shows a practice's events: the unit as it was, or today's unit that succeeded it.

A report of a unit closed by a reform (Thị xã Kinh Môn, Tỉnh Hải Dương) shows its practices where they were: its
2023 report is the same before and after the reform. A report of a unit valid today (a ward, the city) that counts
its predecessors' events (DESIGN §7, the 2025 annual report) shows them under today's units: a practice of the old
Phường An Lưu, or of an organization under it, counts under Phường Kinh Môn, which succeeded it; in the city's
summary under the board that reviews there now. A unit split between several successors (42 old communes) left no
record of which part went where: its decided practices count under the successor that kept its code, else the
first successor in the tree. Units without a successor below the province (an old district's own practices and
organizations) keep their old board's name, marked with the day it closed.
"""

from models_registry.models import Succession, Unit, UnitLevel
from models_registry.models.units import PATH_SEPARATOR, sector_of


def _ids(path):
    return [int(part) for part in path.split(PATH_SEPARATOR) if part]


class TodaysUnits:
    """Group keys, names and sectors for the practices of one report (at most four queries)."""

    def __init__(self, report_unit, facts, *, summary):
        self.report_unit = report_unit
        self.summary = summary
        ids = {fact["unit_then"] for fact in facts.values()} | {fact["board_then"] for fact in facts.values()}
        self.units = {
            unit.pk: unit
            for unit in Unit.objects.filter(pk__in=ids).only("name", "kind", "sector", "path", "code", "valid_until")
        }
        self.today = {}  # old unit id -> (today's unit id, today's board id)
        if report_unit.valid_until is None:
            outside = [unit for unit in self.units.values() if not unit.path.startswith(report_unit.path)]
            if outside:
                self._map(outside)

    def _map(self, outside):
        chain = {pk for unit in outside for pk in _ids(unit.path)}
        successors = {}
        # A province's succession (Tỉnh Hải Dương -> Thành phố Hải Phòng) places nothing: the province is the report.
        rows = (
            Succession.objects.filter(old_id__in=chain)
            .exclude(old__level=UnitLevel.PROVINCE)
            .values_list("old_id", "old__code", "new_id", "new__code", "new__path")
        )
        for old_id, old_code, new_id, new_code, new_path in rows.order_by("new__path"):
            current = successors.get(old_id)
            # The successor that kept the old code (Phường Kinh Môn took An Lưu's 10675), else the first one.
            if current is None or (new_code == old_code and current[1] != old_code):
                successors[old_id] = (new_id, new_code, new_path)
        if not successors:
            return
        boards = {}
        if self.summary:
            above = {pk for _id, _code, path in successors.values() for pk in _ids(path)}
            reviewing = dict(Unit.objects.filter(pk__in=above, reviews=True).values_list("pk", "depth"))
            for new_id, _code, path in successors.values():
                candidates = [pk for pk in _ids(path) if pk in reviewing]
                boards[new_id] = max(candidates, key=reviewing.get) if candidates else new_id
        for unit in outside:
            for pk in reversed(_ids(unit.path)):
                if pk in successors:
                    new_id = successors[pk][0]
                    self.today[unit.pk] = (new_id, boards.get(new_id, new_id))
                    break

    def group_of(self, fact):
        """The group key of a practice: its board in a summary, else its registering unit (today's if mapped)."""
        mapped = self.today.get(fact["unit_then"])
        if mapped is not None:
            return mapped[1] if self.summary else mapped[0]
        return fact["board_then"] if self.summary else fact["unit_then"]

    def unit_name(self, fact):
        """The registering unit's name as it was (the annex names the unit that registered)."""
        unit = self.units.get(fact["unit_then"])
        return unit.name if unit else ""

    def sector_of(self, fact):
        unit = self.units.get(fact["unit_then"])
        return sector_of(unit.kind, unit.sector) if unit else "other"

    def names(self, keys):
        """{key: {name, code, path}} for the group keys; a closed unit in today's report says when it closed."""
        names = {}
        for unit in Unit.objects.filter(pk__in=keys).only("name", "code", "path", "valid_until"):
            name = unit.name
            if self.report_unit.valid_until is None and unit.valid_until is not None:
                name = f"{name} (đến {unit.valid_until:%d/%m/%Y})"
            names[unit.pk] = {"name": name, "code": unit.code, "path": unit.path}
        return names
