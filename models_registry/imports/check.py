"""Checking a sheet row by row: what each row will create or update, and every problem with its row and column.

Nothing is written here. The same check runs for the preview and again inside the import's transaction, so
the import acts on the data as it is at that moment, not as it was when the preview was shown.

A practice is identified by its unit and its title (spaces and case ignored): a row whose unit already has a
practice of that title is that practice. Re-importing a file therefore creates nothing the second time, and a
row equal to the stored practice is "unchanged".
"""

from collections import defaultdict

from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Decision, Practice, RecognitionLevel, UnitLevel
from ..models.practices import EDITABLE_STATES
from .columns import COLUMN_BY_KEY, UPDATABLE_KEYS
from .compare import comparable, display, practice_canonical
from .rows import (
    CREATE,
    ERROR,
    INVALID,
    UNCHANGED,
    UPDATE,
    WARNING,
    Plan,
    References,
    check_state,
    errored,
    read_row,
    row_date,
    title_key,
)
from .units import unit_matcher

# What the views and the import service name through this module.
__all__ = [
    "CREATE",
    "ERROR",
    "INVALID",
    "UNCHANGED",
    "UPDATE",
    "WARNING",
    "Checker",
    "check_sheet",
    "display",
    "title_key",
]

PROGRESS_EVERY = 250


class Checker:
    def __init__(self, *, scope, progress=None):
        self.scope = scope
        self.progress = progress
        self.refs = References()
        self.matcher = unit_matcher(scope)
        self.today = timezone.localdate()

    def board_of(self, unit):
        current = unit
        while current is not None:
            if current.reviews:
                return current
            current = self.matcher.by_id.get(current.parent_id)
        return unit.board or unit

    def province_of(self, unit):
        current = unit
        while current is not None:
            if current.level == UnitLevel.PROVINCE:
                return current
            current = self.matcher.by_id.get(current.parent_id)
        return unit.province

    def run(self, sheet):
        rows = []
        total = len(sheet.rows) or 1
        for position, (number, raw) in enumerate(sheet.rows, start=1):
            row = read_row(number, raw, sheet, self.refs)
            self._check_row(row, sheet)
            rows.append(row)
            if self.progress and position % PROGRESS_EVERY == 0:
                self.progress(position, total)
        self._check_duplicates(rows, sheet)
        decisions = self._check_decisions(rows, sheet)
        self._compare_existing(rows, sheet)
        self._check_decision_reuse(rows, decisions, sheet)
        self._resolve_sources(rows, sheet)
        return Plan(rows=rows, decisions=decisions, unknown_headers=sheet.unknown_headers)

    def _letter(self, sheet, key):
        return sheet.columns.get(key, (0, ""))[1]

    def _check_row(self, row, sheet):
        v = row.values
        letter = lambda key: self._letter(sheet, key)  # noqa: E731
        if "title" in v and not v["title"]:
            row.problem("title", _("Chưa ghi tên mô hình, điển hình."), letter=letter("title"))
        check_state(row, self.today)
        day = row_date(v)
        if "unit" in v:
            row.unit_text = v["unit"]
            match = self.matcher.match(v["unit"], day)
            if match.unit is None:
                row.problem("unit", match.message, letter=letter("unit"))
            else:
                row.unit = match.unit
        if v.get("phase") is None and "phase" not in errored(row):
            v["phase"] = self.refs.phase_of_year(day.year) if day else self.refs.current_phase
            if v["phase"] is None:
                row.problem("phase", _("Chưa có giai đoạn thi đua nào trên cổng."), letter=letter("phase"))
        for problem in row.problems:
            if not problem["column"]:
                for key, (_index, column_letter) in sheet.columns.items():
                    if COLUMN_BY_KEY[key].header_vi == problem["header"]:
                        problem["column"] = column_letter
        if row.unit is not None and v.get("decision_number"):
            level = v.get("decision_level") or RecognitionLevel.DISTRICT
            v["decision_level"] = level
            board = self.province_of(row.unit) if level == RecognitionLevel.PROVINCIAL else self.board_of(row.unit)
            row.decision_key = (board, v["decision_number"].casefold(), level)
        if row.unit is not None and v.get("provincial_number"):
            row.provincial_key = (
                self.province_of(row.unit),
                v["provincial_number"].casefold(),
                RecognitionLevel.PROVINCIAL,
            )

    def _check_duplicates(self, rows, sheet):
        seen = {}
        for row in rows:
            if row.unit is None or not row.title:
                continue
            key = (row.unit.pk, title_key(row.title))
            if key in seen:
                row.problem(
                    "title",
                    _("Trùng tên với dòng %(row)s của cùng đơn vị %(unit)s (mỗi đơn vị chỉ có một mô hình cùng tên).")
                    % {"row": seen[key], "unit": row.unit.name},
                    letter=self._letter(sheet, "title"),
                )
            else:
                seen[key] = row.number

    def _check_decisions(self, rows, sheet):
        """Rows naming the same decision agree on its date and signer."""
        decisions = {}
        for row in rows:
            for key, number_key, date_key in (
                (row.decision_key, "decision_number", "decision_date"),
                (row.provincial_key, "provincial_number", "provincial_date"),
            ):
                if key is None or not row.values.get(date_key):
                    continue
                board, folded, level = key
                entry = decisions.get((board.pk, folded))
                day = row.values[date_key]
                signer = row.values.get("decision_signer", "") if number_key == "decision_number" else ""
                if entry is None:
                    decisions[(board.pk, folded)] = {
                        "board": board,
                        "number": row.values[number_key],
                        "date": day,
                        "signer": signer,
                        "level": level,
                        "row": row.number,
                        "existing": None,
                    }
                elif entry["date"] != day or entry["level"] != level:
                    row.problem(
                        number_key,
                        _("Quyết định số %(number)s đã ghi ở dòng %(row)s với ngày %(day)s; hai dòng phải khớp nhau.")
                        % {
                            "number": row.values[number_key],
                            "row": entry["row"],
                            "day": entry["date"].strftime("%d/%m/%Y"),
                        },
                        letter=self._letter(sheet, number_key),
                    )
                elif signer and not entry["signer"]:
                    entry["signer"] = signer
        if decisions:
            boards = {key[0] for key in decisions}
            numbers = {key[1] for key in decisions}
            written = {entry["number"] for entry in decisions.values()}
            # Lower() folds only ASCII on SQLite (`make run`): the numbers as written catch the exported ones there.
            stored = (
                Decision.objects.filter(board_id__in=boards)
                .annotate(folded=Lower("number"))
                .filter(Q(folded__in=numbers) | Q(number__in=written))
                .prefetch_related("recognitions__practice")
            )
            for decision in stored:
                entry = decisions.get((decision.board_id, decision.number.casefold()))
                if entry is not None:
                    entry["existing"] = decision
        return decisions

    def _compare_existing(self, rows, sheet):
        unit_ids = {row.unit.pk for row in rows if row.unit is not None}
        existing = {}
        if unit_ids:
            stored = (
                Practice.objects.filter(unit_id__in=unit_ids)
                .select_related("unit", "field", "phase", "replicated_from")
                .prefetch_related("recognitions__decision", "commendations")
            )
            for practice in stored:
                existing.setdefault((practice.unit_id, title_key(practice.title)), []).append(practice)
        for row in rows:
            if row.unit is None or not row.title:
                row.action = CREATE
                continue
            same = existing.get((row.unit.pk, title_key(row.title)), [])
            if len(same) > 1:
                row.action = UPDATE
                row.problem(
                    "title",
                    _(
                        "Cổng đã có %(n)s mô hình tên này ở %(unit)s; không biết dòng này là mô hình nào. Sửa tên trên cổng."
                    )
                    % {"n": len(same), "unit": row.unit.name},
                    letter=self._letter(sheet, "title"),
                )
                continue
            practice = same[0] if same else None
            if practice is None:
                row.action = CREATE
                continue
            row.existing = practice
            stored = practice_canonical(practice)
            differing = []
            for key in sheet.columns:
                if key in ("number", "title", "unit") or key not in row.values:
                    continue
                if key == "decision_signer" and not row.values[key]:
                    continue  # written once per decision is enough
                if comparable(key, row.values[key]) != comparable(key, stored.get(key)):
                    differing.append(key)
            row.changes = [
                [COLUMN_BY_KEY[key].header_vi, display(key, stored.get(key)), display(key, row.values[key])]
                for key in differing
            ]
            if not differing:
                row.action = UNCHANGED
                row.problems = [problem for problem in row.problems if not problem.get("history")]
                continue
            frozen = [key for key in differing if key not in UPDATABLE_KEYS]
            if frozen:
                row.problem(
                    frozen[0],
                    _(
                        "Mô hình này đã có trên cổng; lịch sử xét duyệt (%(columns)s) không sửa bằng tệp nhập. "
                        "Sửa lại dòng cho khớp với cổng, hoặc xử lý trên trang của mô hình."
                    )
                    % {"columns": ", ".join(f"“{COLUMN_BY_KEY[key].header_vi}”" for key in frozen)},
                    letter=self._letter(sheet, frozen[0]),
                )
            elif practice.state not in EDITABLE_STATES:
                row.problem(
                    differing[0],
                    _(
                        "Mô hình này đã có trên cổng ở trạng thái “%(state)s” nên không sửa được bằng tệp nhập "
                        "(khác ở cột %(columns)s)."
                    )
                    % {
                        "state": practice.get_state_display(),
                        "columns": ", ".join(f"“{COLUMN_BY_KEY[key].header_vi}”" for key in differing),
                    },
                    letter=self._letter(sheet, differing[0]),
                )
            row.action = UPDATE

    def _check_decision_reuse(self, rows, decisions, sheet):
        """A new row naming a decision already on the portal: same date joins it, another date is a mistake."""
        for row in rows:
            if row.action != CREATE:
                continue
            for key, number_key, date_key in (
                (row.decision_key, "decision_number", "decision_date"),
                (row.provincial_key, "provincial_number", "provincial_date"),
            ):
                if key is None:
                    continue
                entry = decisions.get((key[0].pk, key[1]))
                stored = entry and entry["existing"]
                if not stored:
                    continue
                titles = ", ".join(f"“{r.practice.title}”" for r in list(stored.recognitions.all())[:3])
                if stored.date != row.values.get(date_key) or stored.level != key[2]:
                    row.problem(
                        number_key,
                        _(
                            "Số quyết định %(number)s của %(board)s đã có trên cổng (ngày %(day)s, công nhận %(titles)s). "
                            "Kiểm tra lại số quyết định."
                        )
                        % {
                            "number": stored.number,
                            "board": stored.board.name,
                            "day": stored.date.strftime("%d/%m/%Y"),
                            "titles": titles or "—",
                        },
                        letter=self._letter(sheet, number_key),
                    )
                else:
                    row.problem(
                        number_key,
                        _(
                            "Quyết định số %(number)s đã có trên cổng (công nhận %(titles)s); mô hình này được thêm vào quyết định đó."
                        )
                        % {"number": stored.number, "titles": titles or "—"},
                        level=WARNING,
                        letter=self._letter(sheet, number_key),
                    )

    def _resolve_sources(self, rows, sheet):
        sources = [row.values["replicated_from"] for row in rows if row.values.get("replicated_from")]
        wanted = {title_key(source) for source in sources}
        written = {" ".join(source.split()) for source in sources}
        if not wanted:
            return
        in_file = defaultdict(list)
        for row in rows:
            if row.title and not row.has_errors:
                in_file[title_key(row.title)].append(row)
        stored = defaultdict(list)
        root = self.scope.path.split("/")[1]
        for practice in (
            Practice.objects.filter(unit__path__startswith=f"/{root}/")
            .annotate(folded=Lower("title"))
            .filter(Q(folded__in=wanted) | Q(title__in=written))
            .select_related("unit")
        ):
            stored[title_key(practice.title)].append(practice)
        for row in rows:
            source = row.values.get("replicated_from")
            if not source:
                continue
            key = title_key(source)
            letter = self._letter(sheet, "replicated_from")
            if key == title_key(row.title):
                row.problem("replicated_from", _("Mô hình không thể nhân rộng từ chính nó."), letter=letter)
                continue
            practices = stored.get(key, [])
            file_rows = [r for r in in_file.get(key, []) if r.existing is None]
            found = len(practices) + len(file_rows)
            if found == 0:
                row.problem(
                    "replicated_from",
                    _("Không tìm thấy mô hình “%(title)s” (trên cổng hoặc trong tệp) để ghi nhân rộng từ.")
                    % {"title": source},
                    letter=letter,
                )
            elif found > 1:
                row.problem(
                    "replicated_from",
                    _("Có nhiều mô hình tên “%(title)s”; không biết nhân rộng từ mô hình nào.") % {"title": source},
                    letter=letter,
                )
            elif practices:
                row.source_key = ("practice", practices[0].pk)
            else:
                row.source_key = ("row", file_rows[0].number)


def check_sheet(sheet, *, scope, progress=None):
    return Checker(scope=scope, progress=progress).run(sheet)
