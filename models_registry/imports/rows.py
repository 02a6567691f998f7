"""One sheet row as the checks see it: parsed cells, their problems, the workflow columns checked against the state.

``Row`` and ``Plan`` are what ``check.Checker`` produces; ``References`` are the lists a row is checked against.
Nothing is written here.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import override

from ..models import Field, Phase, PracticeState, RecognitionLevel
from ..models.practices import PracticeKind, PracticeSubject
from . import cells
from .columns import (
    COLUMN_BY_KEY,
    NUMBER_FIELDS,
    NUMBER_LIMITS,
    STATE_DATE_FIELD,
    TEXT,
)

CREATE, UPDATE, UNCHANGED, INVALID = "create", "update", "unchanged", "error"
ERROR, WARNING = "error", "warning"
RECOGNIZED_STATES = {PracticeState.RECOGNIZED, PracticeState.DISCONTINUED}
PROPOSED_STATES = {PracticeState.PROPOSED, PracticeState.RETURNED, PracticeState.NOT_RECOGNIZED, *RECOGNIZED_STATES}


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


def read_row(number, raw, sheet, refs):
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


def row_date(values):
    for key in ("submitted_on", "decision_date", "proposed_on", "provincial_date"):
        if values.get(key):
            return values[key]
    return None


def check_state(row, today):
    """The workflow columns agree with the state: the dates it needs, in order, and a decision only if recognized."""
    v = row.values
    state = v.get("state")
    if state is None:
        state = PracticeState.RECOGNIZED if v.get("decision_number") else PracticeState.REGISTERED
        v["state"] = state
    if state != PracticeState.DRAFT and not v.get("submitted_on") and "submitted_on" not in errored(row):
        row.problem("submitted_on", _("Thiếu ngày đăng ký (bắt buộc với mọi trạng thái trừ bản nháp)."))
    if state in PROPOSED_STATES - RECOGNIZED_STATES and not v.get("proposed_on") and "proposed_on" not in errored(row):
        row.problem("proposed_on", _("Thiếu ngày đề nghị công nhận."))
    if state in STATE_DATE_FIELD and not v.get("state_on") and "state_on" not in errored(row):
        row.problem("state_on", _("Thiếu ngày của trạng thái “%(state)s”.") % {"state": PracticeState(state).label})
    if state in RECOGNIZED_STATES and not v.get("proposed_on"):
        # Stored as the proposal date, so that the same file read again compares equal.
        v["proposed_on"] = v.get("decision_date")
    if state in (PracticeState.RETURNED, PracticeState.NOT_RECOGNIZED) and not v.get("reason"):
        row.problem("reason", _("Thiếu lý do trả lại / không công nhận."))
    if state in RECOGNIZED_STATES:
        if not v.get("decision_number") and "decision_number" not in errored(row):
            row.problem("decision_number", _("Mô hình đã công nhận cần có số quyết định công nhận."))
        if not v.get("decision_date") and "decision_date" not in errored(row):
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


def errored(row):
    keys = set()
    for problem in row.problems:
        if problem["level"] == ERROR:
            for column in COLUMN_BY_KEY.values():
                if column.header_vi == problem["header"]:
                    keys.add(column.key)
    return keys
