"""Checking a sheet row by row: what each row will create or update, and every problem with its row and column.

Nothing is written here. The same check runs for the preview and again inside the import's transaction, so
the import acts on the data as it is at that moment, not as it was when the preview was shown.

A practice is identified by its unit and its title (spaces and case ignored): a row whose unit already has a
practice of that title is that practice. Re-importing a file therefore creates nothing the second time, and a
row equal to the stored practice is "unchanged".
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from ..models import Decision, Field, Phase, Practice, PracticeState, RecognitionLevel, UnitLevel
from ..models.practices import EDITABLE_STATES, PracticeKind, PracticeSubject
from . import cells
from .columns import (
    COLUMN_BY_KEY,
    NUMBER_FIELDS,
    NUMBER_LIMITS,
    PLAIN_DATE_FIELDS,
    PLAIN_TEXT_FIELDS,
    STATE_DATE_FIELD,
    TEXT,
    UPDATABLE_KEYS,
    recognitions_of,
)
from .units import unit_matcher

CREATE, UPDATE, UNCHANGED, INVALID = "create", "update", "unchanged", "error"
ERROR, WARNING = "error", "warning"
RECOGNIZED_STATES = {PracticeState.RECOGNIZED, PracticeState.DISCONTINUED}
PROPOSED_STATES = {PracticeState.PROPOSED, PracticeState.RETURNED, PracticeState.NOT_RECOGNIZED, *RECOGNIZED_STATES}
PROGRESS_EVERY = 250


def title_key(title):
    return " ".join(str(title or "").split()).casefold()


@dataclass
class Row:
    number: int
    values: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)
    unit: object = None
    unit_text: str = ""
    existing: object = None
    action: str = ""
    changes: list = field(default_factory=list)
    decision_key: tuple = None
    provincial_key: tuple = None
    source_key: object = None  # how replicated_from resolves: ("row", n) or ("practice", id)

    @property
    def title(self):
        return self.values.get("title", "")

    @property
    def has_errors(self):
        return any(problem["level"] == ERROR for problem in self.problems)

    def problem(self, key, message, level=ERROR, letter="", history=False):
        column = COLUMN_BY_KEY.get(key)
        entry = {
            "column": letter,
            "header": column.header_vi if column else "",
            "level": level,
            "message": str(message),
        }
        if history:
            # A doubt about the order of past events: moot when the row is what the portal already holds.
            entry["history"] = True
        self.problems.append(entry)


@dataclass
class Plan:
    rows: list
    decisions: dict  # (board id, folded number) -> {"board", "number", "date", "signer", "level", "existing"}
    unknown_headers: list = field(default_factory=list)

    @property
    def counts(self):
        counts = {CREATE: 0, UPDATE: 0, UNCHANGED: 0, "errors": 0, "warnings": 0, "rows": len(self.rows)}
        for row in self.rows:
            if row.has_errors:
                counts["errors"] += 1
            else:
                counts[row.action] += 1
            counts["warnings"] += sum(1 for p in row.problems if p["level"] == WARNING)
        counts["new_decisions"] = len(self.new_decision_keys())
        return counts

    def new_decision_keys(self):
        """Decisions to create: named by a new row and not on the portal yet."""
        keys = set()
        for row in self.rows:
            if row.action != CREATE or row.has_errors:
                continue
            for key in (row.decision_key, row.provincial_key):
                if key is not None and self.decisions.get((key[0].pk, key[1]), {}).get("existing", True) is None:
                    keys.add((key[0].pk, key[1]))
        return keys

    def preview(self):
        """The plan as JSON for the preview page."""
        return [
            {
                "row": row.number,
                "title": row.title,
                "unit": row.unit.name if row.unit else row.unit_text,
                "action": INVALID if row.has_errors else row.action,
                "problems": row.problems,
                "changes": row.changes,
            }
            for row in self.rows
        ]


class References:
    """The lists a row is checked against, loaded once per check."""

    def __init__(self):
        with override("vi"):
            self.kinds = cells.Options([(label, value) for value, label in PracticeKind.choices])
            self.subjects = cells.Options([(label, value) for value, label in PracticeSubject.choices])
            self.states = cells.Options(
                [((label, value, *STATE_SYNONYMS.get(value, ())), value) for value, label in PracticeState.choices]
            )
            self.levels = cells.Options(
                [((label, value, *LEVEL_SYNONYMS.get(value, ())), value) for value, label in RecognitionLevel.choices]
            )
        self.fields = cells.Options([((f.name, f.code), f) for f in Field.objects.filter(active=True)])
        self.phases = list(Phase.objects.all())
        self.phase_options = cells.Options([((p.name, p.name.replace("–", "-")), p) for p in self.phases])
        self.current_phase = next((p for p in self.phases if p.is_current), self.phases[0] if self.phases else None)

    def phase_of_year(self, year):
        for phase in self.phases:
            if phase.start_year <= year <= phase.end_year:
                return phase
        return self.current_phase


STATE_SYNONYMS = {
    PracticeState.DRAFT: ("nháp",),
    PracticeState.REGISTERED: ("đăng ký", "đang xây dựng"),
    PracticeState.PROPOSED: ("đề nghị", "đã đề nghị công nhận"),
    PracticeState.RETURNED: ("trả lại",),
    PracticeState.RECOGNIZED: ("công nhận", "được công nhận"),
    PracticeState.NOT_RECOGNIZED: ("không được công nhận",),
    PracticeState.WITHDRAWN: ("rút", "rút đăng ký"),
    PracticeState.DISCONTINUED: ("không còn duy trì", "thôi duy trì"),
}
LEVEL_SYNONYMS = {
    RecognitionLevel.DISTRICT: ("huyện", "cấp thị xã", "cấp thành phố", "thị xã"),
    RecognitionLevel.PROVINCIAL: ("tỉnh",),
}


def _cell(values, index):
    return values[index] if index < len(values) else None


def _read_row(number, raw, sheet, refs):
    """Parse every present column of one row into ``row.values``; cell problems carry their column letter."""
    row = Row(number=number)
    for key, (index, letter) in sheet.columns.items():
        column = COLUMN_BY_KEY[key]
        value = _cell(raw, index)
        formula = sheet.formula_cells.get((number, index))
        if formula is not None:
            if value is None:
                row.problems.append(
                    {
                        "column": letter,
                        "header": column.header_vi,
                        "level": ERROR,
                        "message": _(
                            "Ô có công thức (%(formula)s) nhưng tệp không lưu kết quả của nó; cổng không tự tính công "
                            "thức. Mở tệp trong Excel, lưu lại (hoặc dán giá trị thay cho công thức) rồi tải lên."
                        )
                        % {"formula": formula},
                    }
                )
                continue
            row.problems.append(
                {
                    "column": letter,
                    "header": column.header_vi,
                    "level": WARNING,
                    "message": _(
                        "Ô có công thức (%(formula)s): dùng giá trị đã lưu trong tệp “%(value)s”, không tính lại."
                    )
                    % {"formula": formula, "value": value},
                }
            )
        try:
            parsed, warning = _parse(key, column, value, refs)
        except cells.CellError as error:
            row.problems.append(
                {"column": letter, "header": column.header_vi, "level": ERROR, "message": error.message}
            )
            continue
        if warning:
            row.problems.append({"column": letter, "header": column.header_vi, "level": WARNING, "message": warning})
        row.values[key] = parsed
    return row


def _parse(key, column, value, refs):
    if key == "number":
        return None, None
    if key == "kind":
        return (PracticeKind.MODEL, None) if value in (None, "") else cells.choice(value, refs.kinds, what=_("loại"))
    if key == "subject":
        if value in (None, ""):
            return PracticeSubject.COLLECTIVE, None
        return cells.choice(value, refs.subjects, what=_("đối tượng"))
    if key == "field":
        if value in (None, ""):
            raise cells.CellError(
                _("Chưa ghi lĩnh vực. Ghi một trong: %(allowed)s.") % {"allowed": ", ".join(refs.fields.values_labels)}
            )
        return cells.choice(value, refs.fields, what=_("lĩnh vực"))
    if key == "phase":
        return (None, None) if value in (None, "") else cells.choice(value, refs.phase_options, what=_("giai đoạn"))
    if key == "state":
        return (None, None) if value in (None, "") else cells.choice(value, refs.states, what=_("trạng thái"))
    if key == "decision_level":
        return (None, None) if value in (None, "") else cells.choice(value, refs.levels, what=_("cấp công nhận"))
    if key == "outstanding":
        return cells.flag(value)
    if key == "commendations":
        return cells.commendations(value)
    if key in NUMBER_FIELDS:
        return cells.number(value, limit=NUMBER_LIMITS[key])
    if column.kind == "date":
        return cells.date(value)
    if column.kind == TEXT:
        parsed, warning = cells.text(value, max_length=column.max_length)
        if key == "contact_email" and parsed and ("@" not in parsed or " " in parsed):
            raise cells.CellError(_("Địa chỉ thư điện tử “%(value)s” không hợp lệ.") % {"value": parsed})
        return parsed, warning
    return cells.text(value)


def _row_date(values):
    for key in ("submitted_on", "decision_date", "proposed_on", "provincial_date"):
        if values.get(key):
            return values[key]
    return None


def _check_state(row, today):
    """The workflow columns agree with the state: the dates it needs, in order, and a decision only if recognized."""
    v = row.values
    state = v.get("state")
    if state is None:
        state = PracticeState.RECOGNIZED if v.get("decision_number") else PracticeState.REGISTERED
        v["state"] = state
    if state != PracticeState.DRAFT and not v.get("submitted_on") and "submitted_on" not in _errored(row):
        row.problem("submitted_on", _("Thiếu ngày đăng ký (bắt buộc với mọi trạng thái trừ bản nháp)."))
    if state in PROPOSED_STATES - RECOGNIZED_STATES and not v.get("proposed_on") and "proposed_on" not in _errored(row):
        row.problem("proposed_on", _("Thiếu ngày đề nghị công nhận."))
    if state in STATE_DATE_FIELD and not v.get("state_on") and "state_on" not in _errored(row):
        row.problem("state_on", _("Thiếu ngày của trạng thái “%(state)s”.") % {"state": PracticeState(state).label})
    if state in RECOGNIZED_STATES and not v.get("proposed_on"):
        # Stored as the proposal date, so that the same file read again compares equal.
        v["proposed_on"] = v.get("decision_date")
    if state in (PracticeState.RETURNED, PracticeState.NOT_RECOGNIZED) and not v.get("reason"):
        row.problem("reason", _("Thiếu lý do trả lại / không công nhận."))
    if state in RECOGNIZED_STATES:
        if not v.get("decision_number") and "decision_number" not in _errored(row):
            row.problem("decision_number", _("Mô hình đã công nhận cần có số quyết định công nhận."))
        if not v.get("decision_date") and "decision_date" not in _errored(row):
            row.problem("decision_date", _("Mô hình đã công nhận cần có ngày quyết định."))
    else:
        for key in ("decision_number", "decision_date", "provincial_number", "provincial_date"):
            if v.get(key):
                row.problem(
                    key,
                    _("Trạng thái “%(state)s” không có quyết định công nhận; xóa ô này hoặc sửa trạng thái.")
                    % {"state": PracticeState(state).label},
                )
        if v.get("outstanding"):
            row.problem("outstanding", _("Chỉ mô hình đã công nhận mới là tiêu biểu."))
        if v.get("commendations"):
            row.problem("commendations", _("Chỉ ghi khen thưởng cho mô hình đã được công nhận."))
    if bool(v.get("provincial_number")) != bool(v.get("provincial_date")):
        row.problem("provincial_number", _("Ghi cả số và ngày của quyết định cấp tỉnh."))
    if v.get("provincial_number") and v.get("decision_level") == RecognitionLevel.PROVINCIAL:
        row.problem("provincial_number", _("Quyết định chính đã là cấp tỉnh; không ghi thêm quyết định cấp tỉnh."))
    order = [
        ("submitted_on", v.get("submitted_on")),
        ("proposed_on", v.get("proposed_on") if state != PracticeState.WITHDRAWN else None),
        ("decision_date", v.get("decision_date")),
        ("provincial_date", v.get("provincial_date")),
    ]
    if state in STATE_DATE_FIELD:
        order.append(("state_on", v.get("state_on")))
    previous = None
    for key, day in order:
        if day is None:
            continue
        if day > today:
            row.problem(key, _("Ngày %(day)s ở tương lai.") % {"day": day.strftime("%d/%m/%Y")}, history=True)
        elif previous and day < previous[1]:
            row.problem(
                key,
                history=True,
                message=_("Ngày %(day)s sớm hơn “%(other)s” (%(other_day)s).")
                % {
                    "day": day.strftime("%d/%m/%Y"),
                    "other": COLUMN_BY_KEY[previous[0]].header_vi,
                    "other_day": previous[1].strftime("%d/%m/%Y"),
                },
            )
        previous = (key, day)


def _errored(row):
    keys = set()
    for problem in row.problems:
        if problem["level"] == ERROR:
            for column in COLUMN_BY_KEY.values():
                if column.header_vi == problem["header"]:
                    keys.add(column.key)
    return keys


def _text(value):
    return cells.text(value)[0]


def practice_canonical(practice):
    """A stored practice in the parsed form of a row, to compare column by column."""
    main, provincial = recognitions_of(practice)
    state_field = STATE_DATE_FIELD.get(practice.state)

    def day(value):
        return timezone.localtime(value).date() if value else None

    values = {
        "title": practice.title,
        "kind": practice.kind,
        "subject": practice.subject,
        "field": practice.field,
        "phase": practice.phase,
        "state": practice.state,
        "submitted_on": day(practice.submitted_at),
        "proposed_on": day(practice.proposed_at),
        "state_on": day(getattr(practice, state_field)) if state_field else None,
        "reason": _text(practice.last_reason),
        "decision_number": main.decision.number if main else "",
        "decision_date": main.decision.date if main else None,
        "decision_level": main.level if main else None,
        "decision_signer": _text(main.decision.signer) if main else "",
        "outstanding": bool(main and main.outstanding),
        "provincial_number": provincial.decision.number if provincial else "",
        "provincial_date": provincial.decision.date if provincial else None,
        "commendations": [
            (c.form, c.issuer, c.decision_number, c.date)
            for c in sorted(practice.commendations.all(), key=lambda c: (c.date, c.pk))
        ],
        "replicated_from": title_key(practice.replicated_from.title) if practice.replicated_from_id else "",
    }
    for name in PLAIN_TEXT_FIELDS:
        values[name] = _text(getattr(practice, name))
    for name in NUMBER_FIELDS + PLAIN_DATE_FIELDS:
        values[name] = getattr(practice, name)
    return values


def _comparable(key, value):
    if key == "replicated_from":
        return title_key(value)
    if key == "decision_level":
        return value or RecognitionLevel.DISTRICT
    if key in ("decision_number", "provincial_number"):
        return (value or "").casefold()
    return value


def display(key, value, *, limit=120):
    """A value as the preview shows it (long texts cut at ``limit`` characters; None keeps them whole)."""
    if value in (None, ""):
        return ""
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if key == "kind":
        return str(PracticeKind(value).label)
    if key == "subject":
        return str(PracticeSubject(value).label)
    if key == "state":
        return str(PracticeState(value).label)
    if key == "decision_level":
        return str(RecognitionLevel(value).label)
    if key == "commendations":
        return "\n".join("; ".join([a, b, c, d.strftime("%d/%m/%Y")]) for a, b, c, d in value)
    text = str(value)
    return text if limit is None or len(text) <= limit else text[: limit - 3] + "…"


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
            row = _read_row(number, raw, sheet, self.refs)
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
        _check_state(row, self.today)
        day = _row_date(v)
        if "unit" in v:
            row.unit_text = v["unit"]
            match = self.matcher.match(v["unit"], day)
            if match.unit is None:
                row.problem("unit", match.message, letter=letter("unit"))
            else:
                row.unit = match.unit
        if v.get("phase") is None and "phase" not in _errored(row):
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
                if _comparable(key, row.values[key]) != _comparable(key, stored.get(key)):
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
