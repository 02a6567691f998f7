"""Names people use: a practice in a sentence whatever its title starts with, mô hình or điển hình as it is;
amounts with thousands separators in the history and in Excel."""

import io
from types import SimpleNamespace

import pytest
from openpyxl import Workbook, load_workbook

from models_registry import services
from models_registry.models import Notification, PracticeState
from models_registry.names import practice_phrase
from models_registry.selectors.audit import practice_timeline
from reporting.builders.xlsx import _cell
from tests.models_registry.practice_helpers import make_practice

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("title", "kind", "phrase"),
    [
        ("Thắp sáng đường quê", "model", "mô hình “Thắp sáng đường quê”"),
        (
            "Ông Nguyễn Văn Thành, trưởng thôn Phụ Sơn",
            "exemplar",
            "điển hình “Ông Nguyễn Văn Thành, trưởng thôn Phụ Sơn”",
        ),
        ("Mô hình “Dân vận khéo” thắp sáng đường quê", "model", "mô hình “Dân vận khéo” thắp sáng đường quê"),
        ("MÔ HÌNH đường hoa", "model", "mô hình đường hoa"),
        ("Điển hình tiên tiến Lê Văn A", "exemplar", "điển hình tiên tiến Lê Văn A"),
        ("“Dân vận khéo” trong xây dựng nông thôn mới", "model", "mô hình “Dân vận khéo” trong xây dựng nông thôn mới"),
        ("  Mô hình   hai   khoảng trắng ", "model", "mô hình hai khoảng trắng"),
        ("Mô hình", "model", "mô hình “Mô hình”"),
    ],
)
def test_a_practice_reads_naturally_in_a_sentence(title, kind, phrase):
    practice = SimpleNamespace(title=title, kind=kind)
    assert practice_phrase(practice) == phrase
    assert practice_phrase(practice, start=True) == phrase[:1].upper() + phrase[1:]


def _messages(user):
    return list(Notification.objects.filter(recipient=user).order_by("id").values_list("message", flat=True))


def test_notifications_name_the_practice_by_its_kind_and_never_twice(demo, django_capture_on_commit_callbacks):
    exemplar = make_practice(demo.an_luu, PracticeState.REGISTERED, title="Ông Lê Văn Tám", kind="exemplar")
    model = make_practice(demo.an_luu, PracticeState.REGISTERED, title="Mô hình “Dân vận khéo” đường hoa")
    with django_capture_on_commit_callbacks(execute=True):
        for practice in (exemplar, model):
            services.practice_propose(practice=practice, actor=demo.officer, results={"results": "Tốt."})
        services.practice_return(practice=exemplar, actor=demo.reviewer, reason="Bổ sung ảnh.")
        services.practice_reject(practice=model, actor=demo.reviewer, reason="Chưa đạt.")
    assert _messages(demo.reviewer) == [
        "Phường An Lưu đề nghị công nhận điển hình “Ông Lê Văn Tám”.",
        "Phường An Lưu đề nghị công nhận mô hình “Dân vận khéo” đường hoa.",
    ]
    assert _messages(demo.officer) == [
        "Điển hình “Ông Lê Văn Tám” được trả lại để bổ sung. Lý do: Bổ sung ảnh.",
        "Mô hình “Dân vận khéo” đường hoa không được công nhận. Lý do: Chưa đạt.",
    ]


def test_history_shows_amounts_with_thousands_separators(demo):
    practice = make_practice(demo.an_luu, budget_vnd=1_000)
    services.practice_update(practice=practice, actor=demo.officer, data={"budget_vnd": 150_000_000})
    rows = practice_timeline(practice=practice)[-1].change_rows
    assert rows == [{"label": "kinh phí (đồng)", "old": "1.000", "new": "150.000.000"}]


def test_excel_export_groups_thousands_and_keeps_numbers(client, demo):
    make_practice(demo.an_luu, budget_vnd=150_000_000)
    client.force_login(demo.officer)
    sheet = load_workbook(io.BytesIO(client.get("/practices/export/").content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value == 150_000_000]
    assert cells and all(cell.number_format == "#,##0" for cell in cells)


def test_report_excel_groups_thousands_of_every_number():
    sheet = Workbook().active
    assert _cell(sheet, 1, 1, 2_500_000).number_format == "#,##0"
    assert _cell(sheet, 1, 2, "Tổng cộng").number_format == "General"


def test_recognition_notifications_name_the_practice_and_the_level(demo, django_capture_on_commit_callbacks):
    import datetime

    practice = make_practice(demo.an_luu, PracticeState.PROPOSED, title="Điển hình Lê Thị Hoa", kind="exemplar")
    with django_capture_on_commit_callbacks(execute=True):
        decision = services.decision_issue(
            actor=demo.reviewer,
            board=demo.kinh_mon,
            practices=[practice],
            number="5-QĐ/BDVTXU",
            date=datetime.date.today(),
            signer="Trần Văn Bình",
        )
        practice.refresh_from_db()
        provincial = services.practice_recognize_provincial(
            actor=demo.provincial,
            province=demo.province,
            practices=[practice],
            number="7-QĐ/BDVTU",
            date=datetime.date.today(),
            signer="Vũ Đức Thắng",
        )
    assert _messages(demo.officer) == [
        f"Điển hình Lê Thị Hoa đã được công nhận theo {decision}.",
        f"Điển hình Lê Thị Hoa được công nhận cấp tỉnh theo {provincial}.",
    ]


def test_dashboard_figures_group_thousands():
    from django.template.loader import render_to_string

    html = render_to_string(
        "models_registry/review/_bars.html", {"bars": [{"label": "Kinh tế", "percent": 100, "value": 12345}]}
    )
    assert ">12.345</td>" in html
