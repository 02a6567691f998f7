"""The columns of the practice sheet: one list for the template, the list export and the import.

Each column says how a practice is written into a cell (``export``) and how a cell is read back
(``models_registry.imports.cells``), so that an exported file imports back with zero changes.
"""

from dataclasses import dataclass
from functools import lru_cache

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from ..models import PracticeState, RecognitionLevel
from .units import unit_label

TEXT = "text"
CHOICE = "choice"
DATE = "date"
NUMBER = "number"
FLAG = "flag"
LINES = "lines"
IGNORED = "ignored"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: str
    width: int
    help: str
    example: str = ""
    required: bool = False
    max_length: int = 0

    @property
    def header_vi(self):
        """The Vietnamese header, whatever the active language: the file format does not change with it."""
        return _vietnamese(self.header)


@lru_cache(maxsize=256)
def _vietnamese(text):
    with override("vi"):
        return str(text)


def _local_date(value):
    return timezone.localtime(value).date() if value else None


STATE_DATE_FIELD = {
    PracticeState.RETURNED: "returned_at",
    PracticeState.NOT_RECOGNIZED: "rejected_at",
    PracticeState.WITHDRAWN: "withdrawn_at",
    PracticeState.DISCONTINUED: "discontinued_at",
}
# Registration text fields of DESIGN §4, in the order of the registration form: (model field, header, width).
TEXT_FIELDS = [
    ("summary", _("Tóm tắt"), 60),
    ("situation", _("Thực trạng và lý do xây dựng"), 40),
    ("goals", _("Mục tiêu và tiêu chí"), 40),
    ("content", _("Nội dung và cách làm"), 40),
    ("area_beneficiaries", _("Phạm vi, đối tượng thụ hưởng"), 30),
    ("leading_forces", _("Lực lượng chủ trì"), 24),
    ("coordinating_forces", _("Lực lượng phối hợp"), 24),
    ("participating_forces", _("Lực lượng tham gia"), 24),
]

COLUMNS = [
    Column("number", _("STT"), IGNORED, 6, _("Số thứ tự, không bắt buộc; cổng không đọc cột này."), "1"),
    Column(
        "title",
        _("Tên mô hình, điển hình"),
        TEXT,
        60,
        _("Bắt buộc. Cùng một đơn vị không có hai mô hình trùng tên: tên và đơn vị là khóa để nhận ra mô hình đã có."),
        "Dân vận khéo trong xây dựng nông thôn mới",
        required=True,
        max_length=300,
    ),
    Column("kind", _("Loại"), CHOICE, 12, _("Mô hình hoặc Điển hình. Để trống: Mô hình."), "Mô hình"),
    Column("subject", _("Đối tượng"), CHOICE, 12, _("Tập thể hoặc Cá nhân. Để trống: Tập thể."), "Tập thể"),
    Column(
        "field",
        _("Lĩnh vực"),
        CHOICE,
        24,
        _("Bắt buộc. Một trong các lĩnh vực của cổng (xem danh sách bên dưới)."),
        "Kinh tế",
        required=True,
    ),
    Column(
        "unit",
        _("Đơn vị đăng ký"),
        TEXT,
        30,
        _(
            "Bắt buộc. Tên xã, phường, thị trấn hoặc tổ chức như thường viết: “Phường An Lưu”, “P. An Lưu” hay “An Lưu” "
            "đều được (không phân biệt dấu, chữ hoa). Tên trùng nhau thì ghi thêm đơn vị cấp trên trong ngoặc: "
            "“Xã Tân Việt (Huyện Thanh Hà)”."
        ),
        "Phường An Lưu",
        required=True,
    ),
    Column(
        "phase",
        _("Giai đoạn"),
        CHOICE,
        12,
        _("Ví dụ 2021–2025. Để trống: giai đoạn chứa năm đăng ký."),
        "2021–2025",
    ),
    Column(
        "state",
        _("Trạng thái"),
        CHOICE,
        20,
        _("Đã đăng ký, Đề nghị công nhận, Trả lại để bổ sung, Đã công nhận, Không công nhận, Đã rút, Không duy trì."),
        "Đã công nhận",
        required=True,
    ),
    Column(
        "submitted_on",
        _("Ngày đăng ký"),
        DATE,
        12,
        _("Ngày/tháng/năm, ví dụ 15/03/2022. Bắt buộc trừ bản nháp."),
        "15/03/2022",
    ),
    Column(
        "proposed_on",
        _("Ngày đề nghị"),
        DATE,
        12,
        _("Ngày đề nghị công nhận. Bắt buộc khi đã đề nghị; với mô hình đã công nhận, để trống là ngày quyết định."),
        "01/11/2022",
    ),
    Column(
        "state_on",
        _("Ngày trả lại, không công nhận, rút hoặc thôi duy trì"),
        DATE,
        14,
        _("Bắt buộc với các trạng thái Trả lại để bổ sung, Không công nhận, Đã rút, Không duy trì."),
        "",
    ),
    Column(
        "reason",
        _("Lý do trả lại / không công nhận"),
        TEXT,
        30,
        _("Bắt buộc với trạng thái Trả lại để bổ sung và Không công nhận."),
        "",
    ),
    Column(
        "decision_number",
        _("Số quyết định công nhận"),
        TEXT,
        16,
        _("Bắt buộc với mô hình đã công nhận. Một quyết định công nhận nhiều mô hình: ghi cùng số ở mỗi dòng."),
        "45-QĐ/BDVTXU",
        max_length=60,
    ),
    Column("decision_date", _("Ngày quyết định"), DATE, 12, _("Ngày ký quyết định công nhận."), "20/12/2022"),
    Column(
        "decision_level",
        _("Cấp công nhận"),
        CHOICE,
        12,
        _("Cấp huyện hoặc Cấp tỉnh. Để trống: Cấp huyện."),
        "Cấp huyện",
    ),
    Column(
        "decision_signer", _("Người ký quyết định"), TEXT, 20, _("Không bắt buộc."), "Phạm Quốc Khánh", max_length=120
    ),
    Column(
        "outstanding",
        _("Tiêu biểu"),
        FLAG,
        10,
        _("“Có” nếu mô hình được đánh giá tiêu biểu; để trống nếu không."),
        "Có",
    ),
    Column(
        "provincial_number",
        _("Số quyết định công nhận cấp tỉnh"),
        TEXT,
        16,
        _("Khi mô hình đã được huyện công nhận lại được tỉnh công nhận."),
        "",
        max_length=60,
    ),
    Column("provincial_date", _("Ngày quyết định cấp tỉnh"), DATE, 12, _("Ngày ký quyết định cấp tỉnh."), ""),
    Column(
        "commendations",
        _("Khen thưởng"),
        LINES,
        40,
        _(
            "Mỗi lần khen thưởng một dòng trong ô (Alt+Enter): hình thức; cấp khen; số quyết định; ngày. "
            "Ví dụ: Giấy khen; UBND thị xã Kinh Môn; 12/QĐ-UBND; 20/01/2023"
        ),
        "Giấy khen; UBND thị xã Kinh Môn; 12/QĐ-UBND; 20/01/2023",
    ),
    Column(
        "replicated_from",
        _("Nhân rộng từ mô hình"),
        TEXT,
        40,
        _("Tên mô hình đã có (trên cổng hoặc ở dòng khác của tệp) mà mô hình này nhân rộng."),
        "",
        max_length=300,
    ),
    *[Column(name, header, TEXT, width, _("Không bắt buộc."), "", max_length=0) for name, header, width in TEXT_FIELDS],
    Column("budget_vnd", _("Kinh phí (đồng)"), NUMBER, 16, _("Số nguyên, không dấu chấm: 150000000."), "150000000"),
    Column("workdays", _("Ngày công"), NUMBER, 10, _("Số nguyên."), "300"),
    Column("materials", _("Vật tư, vật liệu"), TEXT, 24, _("Không bắt buộc."), ""),
    Column("socialized_funding_vnd", _("Kinh phí xã hội hóa (đồng)"), NUMBER, 16, _("Số nguyên."), "50000000"),
    Column("start_date", _("Ngày bắt đầu"), DATE, 12, _("Ngày/tháng/năm."), "01/03/2022"),
    Column("evaluation_date", _("Ngày đánh giá"), DATE, 12, _("Ngày/tháng/năm."), "01/10/2022"),
    Column("outputs", _("Sản phẩm kiểm chứng"), TEXT, 30, _("Không bắt buộc."), ""),
    Column("sustainability", _("Tính bền vững và khả năng nhân rộng"), TEXT, 30, _("Không bắt buộc."), ""),
    Column("contact_name", _("Người liên hệ"), TEXT, 20, _("Không bắt buộc."), "Nguyễn Thị Hằng", max_length=120),
    Column("contact_phone", _("Điện thoại"), TEXT, 14, _("Không bắt buộc."), "0912345678", max_length=30),
    Column("contact_email", _("Thư điện tử"), TEXT, 24, _("Không bắt buộc."), "", max_length=254),
    Column("people_reached", _("Số người được vận động, thụ hưởng"), NUMBER, 14, _("Số nguyên."), "450"),
    Column("money_mobilized_vnd", _("Tiền vận động được (đồng)"), NUMBER, 16, _("Số nguyên."), "120000000"),
    Column("workdays_mobilized", _("Ngày công vận động được"), NUMBER, 12, _("Số nguyên."), "800"),
    Column("land_donated_m2", _("Đất hiến (m²)"), NUMBER, 12, _("Số nguyên (m²)."), "1200"),
    Column("results", _("Kết quả đạt được"), TEXT, 60, _("Nên ghi với mô hình đã đề nghị công nhận."), ""),
]
COLUMN_BY_KEY = {column.key: column for column in COLUMNS}
# Columns read from the practice row itself (plain model fields of the same name).
PLAIN_TEXT_FIELDS = [name for name, _header, _width in TEXT_FIELDS] + [
    "materials",
    "outputs",
    "sustainability",
    "contact_name",
    "contact_phone",
    "contact_email",
    "results",
]
NUMBER_FIELDS = [
    "budget_vnd",
    "workdays",
    "socialized_funding_vnd",
    "people_reached",
    "money_mobilized_vnd",
    "workdays_mobilized",
    "land_donated_m2",
]
PLAIN_DATE_FIELDS = ["start_date", "evaluation_date"]
# What an update of an existing practice may change (its workflow history never changes through a file).
UPDATABLE_KEYS = ["kind", "subject", "field", "phase", *PLAIN_TEXT_FIELDS, *NUMBER_FIELDS, *PLAIN_DATE_FIELDS]
# Largest values the database columns hold (PositiveIntegerField, BigIntegerField).
NUMBER_LIMITS = {name: 2_147_483_647 for name in NUMBER_FIELDS} | {
    "budget_vnd": 9_000_000_000_000_000,
    "socialized_funding_vnd": 9_000_000_000_000_000,
    "money_mobilized_vnd": 9_000_000_000_000_000,
}


def recognitions_of(practice):
    """(main recognition, provincial recognition) from the prefetched recognitions.

    The main one is the district recognition when there is one; a practice recognized only by the province has
    that one as its main recognition and no separate provincial one.
    """
    by_level = {recognition.level: recognition for recognition in practice.recognitions.all()}
    district = by_level.get(RecognitionLevel.DISTRICT)
    provincial = by_level.get(RecognitionLevel.PROVINCIAL)
    if district is None:
        return provincial, None
    return district, provincial


def commendation_lines(practice):
    items = sorted(practice.commendations.all(), key=lambda c: (c.date, c.pk))
    return "\n".join("; ".join([c.form, c.issuer, c.decision_number, c.date.strftime("%d/%m/%Y")]) for c in items)


def practice_values(practice, *, unit_labels):
    """The value of every column for one practice, as the export writes it (dates as dates, numbers as ints).

    ``practice`` must come with unit, field, phase, replicated_from, recognitions__decision and commendations
    loaded; ``unit_labels`` maps a unit id to its name as written in the file.
    """
    main, provincial = recognitions_of(practice)
    state_field = STATE_DATE_FIELD.get(practice.state)
    values = {
        "title": practice.title,
        "kind": practice.get_kind_display(),
        "subject": practice.get_subject_display(),
        "field": practice.field.name,
        "unit": unit_labels.get(practice.unit_id) or unit_label(practice.unit),
        "phase": practice.phase.name,
        "state": practice.get_state_display(),
        "submitted_on": _local_date(practice.submitted_at),
        "proposed_on": _local_date(practice.proposed_at),
        "state_on": _local_date(getattr(practice, state_field)) if state_field else None,
        "reason": practice.last_reason,
        "decision_number": main.decision.number if main else "",
        "decision_date": main.decision.date if main else None,
        "decision_level": main.get_level_display() if main else "",
        "decision_signer": main.decision.signer if main else "",
        "outstanding": _("Có") if main and main.outstanding else "",
        "provincial_number": provincial.decision.number if provincial else "",
        "provincial_date": provincial.decision.date if provincial else None,
        "commendations": commendation_lines(practice),
        "replicated_from": practice.replicated_from.title if practice.replicated_from_id else "",
    }
    for name in PLAIN_TEXT_FIELDS:
        values[name] = getattr(practice, name)
    for name in NUMBER_FIELDS + PLAIN_DATE_FIELDS:
        values[name] = getattr(practice, name)
    return values


EXPORT_PREFETCH = ("recognitions__decision", "commendations")
EXPORT_RELATED = ("unit__parent", "field", "phase", "replicated_from")
