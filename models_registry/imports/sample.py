"""The sample import file: about 300 realistic rows of five districts, written as officials write them, with a
dozen mistakes to see what the preview says. ``manage.py make_import_sample`` rewrites the committed file; the
bench builds bigger files (without mistakes) from the same generator.

Each generated row carries both its cells (as they are written: "P. An Lưu", "15/03/2022", Excel serial days,
"150.000.000") and what the import should make of it, so that tests can check every created practice.
"""

import datetime
import io
import random
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils.datetime import to_excel

from ..seeding.texts import practice_body, practice_results, practice_title
from .columns import COLUMNS

SAMPLE_FILE = Path(__file__).resolve().parent.parent / "data" / "mau-nhap-mo-hinh-vi-du.xlsx"
SEED = 2021
FIELDS = {
    "kinh-te": "Kinh tế",
    "van-hoa-xa-hoi": "Văn hóa – xã hội",
    "quoc-phong-an-ninh": "Quốc phòng – an ninh",
    "xay-dung-he-thong-chinh-tri": "Xây dựng hệ thống chính trị",
}
# District -> (document symbol, communes as written in the sheet: (written name, official name, parent)).
DISTRICTS = {
    "Thị xã Kinh Môn": (
        "BDVTXU",
        [
            ("P. An Lưu", "Phường An Lưu"),
            ("phường Thất Hùng", "Phường Thất Hùng"),
            ("Lê Ninh", "Xã Lê Ninh"),
            ("Xã Bạch Đằng", "Xã Bạch Đằng"),
            ("P. Phạm Thái", "Phường Phạm Thái"),
            ("Duy Tân", "Phường Duy Tân"),
        ],
    ),
    "Huyện Thanh Hà": (
        "BDVHU",
        [
            ("Xã Thanh An", "Xã Thanh An"),
            ("x. Hồng Lạc", "Xã Hồng Lạc"),
            ("Tân Việt (Thanh Hà)", "Xã Tân Việt"),
            ("TT Thanh Hà", "Thị trấn Thanh Hà"),
            ("xã Cẩm Việt", "Xã Cẩm Việt"),
        ],
    ),
    "Huyện Nam Sách": (
        "BDVHU",
        [
            ("Thị trấn Nam Sách", "Thị trấn Nam Sách"),
            ("Nam Hưng", "Xã Nam Hưng"),
            ("xã Hợp Tiến", "Xã Hợp Tiến"),
            ("X. Quốc Tuấn", "Xã Quốc Tuấn"),
        ],
    ),
    "Thành phố Chí Linh": (
        "BDVTU",
        [
            ("Phường Sao Đỏ", "Phường Sao Đỏ"),
            ("p. Phả Lại", "Phường Phả Lại"),
            ("Hưng Đạo, Chí Linh", "Xã Hưng Đạo"),
            ("Bắc An", "Xã Bắc An"),
        ],
    ),
    "Huyện Gia Lộc": (
        "BDVHU",
        [
            ("TT. Gia Lộc", "Thị trấn Gia Lộc"),
            ("Yết Kiêu", "Xã Yết Kiêu"),
            ("xã Gia Tiến", "Xã Gia Tiến"),
            ("Lê Lợi (Gia Lộc)", "Xã Lê Lợi"),
        ],
    ),
}
STATES = [
    ("Đã công nhận", "recognized", 56),
    ("Đã đăng ký", "registered", 12),
    ("Đề nghị công nhận", "proposed", 8),
    ("Trả lại để bổ sung", "returned", 5),
    ("Không công nhận", "not_recognized", 5),
    ("Đã rút", "withdrawn", 4),
    ("Không duy trì", "discontinued", 10),
]
SIGNERS = ["Phạm Quốc Khánh", "Lê Thị Thu", "Nguyễn Văn Hùng", "Trần Thị Mai", "Vũ Đức Thắng"]
COMMENDATION_FORMS = ["Giấy khen", "Bằng khen", "Giấy chứng nhận"]


@dataclass
class SampleRow:
    cells: dict
    expected: dict = field(default_factory=dict)
    mistake: tuple = None  # (column key, words of the expected message) for rows written wrong on purpose


def _day(rng, start, end):
    return start + datetime.timedelta(days=rng.randrange((end - start).days + 1))


def _write_date(rng, day, style=None):
    """A date as officials type it: a date cell, text dd/mm/yyyy, or the bare Excel serial number."""
    style = style or rng.choice(["date", "date", "text", "serial"])
    if style == "text":
        return day.strftime("%d/%m/%Y")
    if style == "serial":
        return int(to_excel(datetime.datetime.combine(day, datetime.time())))
    return day


def _write_number(rng, value):
    return f"{value:,}".replace(",", ".") if value >= 1000 and rng.random() < 0.1 else value


def generate(count=300, *, seed=SEED, mistakes=True, districts=None, suffix="", first_decision=200):
    """``count`` rows (some recognized together by one decision), plus the mistake rows when asked.

    ``suffix`` is appended to every title with the row's number (the bench's big files: titles stay unique), and
    decision numbers start after ``first_decision``.
    """
    rng = random.Random(seed)
    districts = districts or DISTRICTS
    rows = []
    decisions = {}  # (district, year) -> (number, date, signer)
    next_number = {name: first_decision for name in districts}
    titles = set()
    weights = [w for _label, _state, w in STATES]
    for index in range(count):
        district = list(districts)[index % len(districts)]
        symbol, communes = districts[district]
        written, official = rng.choice(communes)
        label, state, _w = rng.choices(STATES, weights=weights)[0]
        field_code = rng.choice(list(FIELDS))
        kind = "model" if rng.random() < 0.75 else "exemplar"
        subject = "collective" if kind == "model" or rng.random() < 0.5 else "individual"
        title = practice_title(rng, field_code=field_code, kind=kind, subject=subject, place=official)
        if suffix:
            title = f"{title} ({suffix} {index + 1})"
        while (official, title) in titles:
            title = practice_title(rng, field_code=field_code, kind=kind, subject=subject, place=official)
        titles.add((official, title))
        submitted = _day(rng, datetime.date(2021, 3, 1), datetime.date(2024, 6, 30))
        body = practice_body(rng, field_code=field_code, title=title, place=official)
        results = practice_results(rng)
        budget = rng.randrange(5, 500) * 1_000_000
        cells = {
            "title": title,
            "kind": "Mô hình" if kind == "model" else "Điển hình",
            "subject": "Tập thể" if subject == "collective" else "Cá nhân",
            "field": FIELDS[field_code] if rng.random() < 0.9 else FIELDS[field_code].lower(),
            "unit": written,
            "phase": "2021–2025" if rng.random() < 0.8 else "2021-2025",
            "state": label,
            "submitted_on": _write_date(rng, submitted),
            "summary": body["summary"],
            "situation": body["situation"],
            "goals": body["goals"],
            "content": body["content"],
            "area_beneficiaries": body["area_beneficiaries"],
            "leading_forces": body["leading_forces"],
            "coordinating_forces": body["coordinating_forces"],
            "participating_forces": body["participating_forces"],
            "materials": body["materials"],
            "outputs": body["outputs"],
            "sustainability": body["sustainability"],
            "budget_vnd": _write_number(rng, budget),
            "workdays": rng.randrange(20, 2000),
            "start_date": _write_date(rng, submitted + datetime.timedelta(days=10)),
        }
        expected = {
            "title": title,
            "unit": official,
            "district": district,
            "state": state,
            "kind": kind,
            "subject": subject,
            "field": field_code,
            "submitted_on": submitted,
            "budget_vnd": budget,
        }
        proposed = None
        if state != "registered" and state != "withdrawn":
            proposed = submitted + datetime.timedelta(days=rng.randrange(90, 300))
            cells["proposed_on"] = _write_date(rng, proposed)
            expected["proposed_on"] = proposed
            for key in ("people_reached", "money_mobilized_vnd", "workdays_mobilized", "land_donated_m2"):
                cells[key] = _write_number(rng, results[key])
                expected[key] = results[key]
            cells["results"] = results["results"]
        if state in ("returned", "not_recognized", "withdrawn"):
            end = (proposed or submitted) + datetime.timedelta(days=rng.randrange(10, 60))
            cells["state_on"] = _write_date(rng, end)
            expected["state_on"] = end
        if state in ("returned", "not_recognized"):
            cells["reason"] = rng.choice(
                [
                    "Chưa có số liệu kết quả cụ thể, đề nghị bổ sung biên bản họp dân.",
                    "Mô hình mới triển khai, chưa đủ thời gian đánh giá hiệu quả.",
                    "Hồ sơ thiếu xác nhận của Ủy ban Mặt trận Tổ quốc xã.",
                ]
            )
        if state in ("recognized", "discontinued"):
            year = proposed.year
            key = (district, year)
            if key not in decisions or rng.random() < 0.15:
                next_number[district] += 1
                decided = max(datetime.date(year, 12, 20), proposed + datetime.timedelta(days=1))
                decisions[key] = (f"{next_number[district]}-QĐ/{symbol}", decided, rng.choice(SIGNERS))
            number, decided, signer = decisions[key]
            if decided < proposed:
                decided = proposed
            cells["decision_number"] = number
            cells["decision_date"] = _write_date(rng, decided)
            cells["decision_level"] = "Cấp huyện"
            cells["decision_signer"] = signer
            expected.update(decision_number=number, decision_date=decided)
            # The decision's date is what the file says in every row; keep rows of one decision consistent.
            if decisions[key][1] != decided:
                decisions[key] = (number, decided, signer)
            if rng.random() < 0.2:
                cells["outstanding"] = "Có"
                expected["outstanding"] = True
            if rng.random() < 0.15:
                when = decided + datetime.timedelta(days=rng.randrange(20, 200))
                form = rng.choice(COMMENDATION_FORMS)
                cells["commendations"] = (
                    f"{form}; UBND {district.lower()}; {rng.randrange(10, 900)}/QĐ-UBND; {when:%d/%m/%Y}"
                )
                expected["commendations"] = 1
            if state == "discontinued":
                end = decided + datetime.timedelta(days=rng.randrange(200, 500))
                cells["state_on"] = _write_date(rng, min(end, datetime.date(2025, 6, 30)))
                expected["state_on"] = min(end, datetime.date(2025, 6, 30))
        rows.append(SampleRow(cells=cells, expected=expected))
    _fix_decision_dates(rows)
    _replications(rng, rows)
    if mistakes:
        rows.extend(_mistakes(rng, rows))
    return rows


def _fix_decision_dates(rows):
    """Rows of one decision carry the same date: the latest proposal's day decides it."""
    dates = {}
    for row in rows:
        number = row.expected.get("decision_number")
        if number:
            key = (row.expected["district"], number)
            dates[key] = max(dates.get(key, row.expected["decision_date"]), row.expected["decision_date"])
    for row in rows:
        number = row.expected.get("decision_number")
        if number:
            day = dates[(row.expected["district"], number)]
            row.expected["decision_date"] = day
            row.cells["decision_date"] = day
            ended = row.expected.get("state_on")
            if ended and ended < day:
                row.expected["state_on"] = day + datetime.timedelta(days=180)
                row.cells["state_on"] = row.expected["state_on"]
            for other_key in ("commendations",):
                if other_key in row.cells:
                    form, issuer, number_text, when = row.cells[other_key].split("; ")
                    when_day = datetime.datetime.strptime(when, "%d/%m/%Y").date()
                    if when_day < day:
                        row.cells[other_key] = "; ".join([form, issuer, number_text, f"{day:%d/%m/%Y}"])


def _replications(rng, rows):
    recognized = [row for row in rows if row.expected["state"] == "recognized"]
    for row in rows[len(rows) // 2 :]:
        if rng.random() < 0.05 and recognized:
            source = rng.choice(recognized[: len(recognized) // 2])
            if source is not row:
                row.cells["replicated_from"] = source.cells["title"]
                row.expected["replicated_from"] = source.cells["title"]


def _mistakes(rng, rows):
    """Rows written wrong on purpose, each with the column the preview must point at."""
    good = rows[0].cells
    base = {k: v for k, v in good.items() if k not in ("decision_number", "decision_date", "commendations")}
    base.update(
        state="Đã đăng ký", submitted_on="15/03/2022", proposed_on=None, state_on=None, reason="", outstanding=""
    )

    def row(title, mistake, **cells):
        data = dict(base, title=title, **cells)
        return SampleRow(cells=data, mistake=mistake)

    first_recognized = next(r for r in rows if r.expected.get("decision_number"))
    return [
        row("Mô hình “Nhà sạch, vườn đẹp” ở thôn Đông", ("unit", "Không tìm thấy đơn vị"), unit="Phường An Lu"),
        row("Mô hình “Camera an ninh” ở khu dân cư số 3", ("unit", "Có nhiều đơn vị"), unit="Xã Hưng Đạo"),
        row("Mô hình “Đường hoa thanh niên” ở thôn Tây", ("submitted_on", "không có thật"), submitted_on="31/02/2022"),
        row("Mô hình “Tủ sách cộng đồng” ở thôn Bắc", ("submitted_on", "Không hiểu ngày"), submitted_on="2022/15/03"),
        row("Mô hình “Bếp ăn tình thương” ở thôn Nam", ("budget_vnd", "Không hiểu số"), budget_vnd="1,5 triệu"),
        row(rows[1].cells["title"], ("title", "Trùng tên"), unit=rows[1].cells["unit"]),
        row(
            "Mô hình “Dân vận khéo” trong hiến đất mở đường ở thôn Trung",
            ("decision_number", "phải khớp"),
            state="Đã công nhận",
            proposed_on="01/10/2022",
            decision_number=first_recognized.cells["decision_number"],
            decision_date="05/01/2021",
            unit=first_recognized.cells["unit"],
        ),
        row(
            "Mô hình “Xóm đạo bình yên” ở giáo họ Phú Lộc",
            ("decision_number", "cần có số quyết định"),
            state="Đã công nhận",
            proposed_on="01/10/2022",
            decision_date="20/12/2022",
        ),
        row("Mô hình “Vườn cây nhân ái” ở thôn Đoài", ("field", "Không hiểu lĩnh vực"), field="Kinh tế - xã hội"),
        row("Mô hình “Chợ văn minh” ở khu 5", ("state", "Không hiểu trạng thái"), state="Đã xong"),
        row(
            "Mô hình “Ngõ xóm không rác” ở thôn Hạ",
            ("reason", "Thiếu lý do"),
            state="Trả lại để bổ sung",
            proposed_on="01/10/2022",
            state_on="01/11/2022",
        ),
        row("Mô hình “Hội quán nông dân” ở thôn Thượng", ("contact_email", "không hợp lệ"), contact_email="hoi quan@"),
        row("Mô hình “Sân chơi cho em” ở khu 2", ("submitted_on", "ở tương lai"), submitted_on="15/03/2031"),
    ]


def sample_xlsx(rows):
    """The rows in the template's columns, in a sheet with the title lines the export also writes."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Danh sách mô hình")
    sheet.append(["DANH SÁCH MÔ HÌNH, ĐIỂN HÌNH “DÂN VẬN KHÉO” CÁC HUYỆN GỬI VỀ (tổng hợp)"])
    sheet.append(["Số liệu do các Ban Dân vận huyện, thị xã, thành phố gửi; giai đoạn 2021–2025"])
    sheet.append([column.header_vi for column in COLUMNS])
    for number, row in enumerate(rows, start=1):
        values = dict(row.cells, number=number)
        sheet.append([_plain(values.get(column.key)) for column in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _plain(value):
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return datetime.datetime.combine(value, datetime.time())
    return value
