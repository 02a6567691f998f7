"""The import journey in a real browser: upload, read the preview's errors, fix the file, import, find the practices."""

import re

import pytest
from playwright.sync_api import expect

from models_registry.models import AuditEvent, Practice
from tests.models_registry.imports.helpers import good_row, xlsx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIRST = "Mô hình “Dân vận khéo” thắp sáng đường quê An Lưu"
SECOND = "Mô hình “Tổ tự quản vệ sinh môi trường” ở khu dân cư Lê Ninh"


def rows(unit_of_second):
    return [
        good_row(title=FIRST, budget_vnd="150.000.000", submitted_on=44635),
        good_row(
            title=SECOND,
            unit=unit_of_second,
            state="Đã công nhận",
            proposed_on="01/10/2022",
            decision_number="45-QĐ/BDVTXU",
            decision_date="20/12/2022",
            outstanding="Có",
        ),
    ]


def test_a_board_imports_its_sheet_after_fixing_it(journey, demo, tmp_path):
    page = journey.login("reviewer")
    page.get_by_role("navigation").first.get_by_role("link", name="Nhập Excel", exact=True).click()
    expect(page.get_by_role("heading", name="Nhập mô hình, điển hình đã có từ tệp Excel")).to_be_visible()
    with page.expect_download() as template:
        page.get_by_role("link", name="Tải tệp mẫu (.xlsx)").click()
    assert template.value.suggested_filename == "mau-nhap-mo-hinh.xlsx"

    wrong = tmp_path / "mo-hinh-kinh-mon.xlsx"
    wrong.write_bytes(xlsx(rows("Xã Lê Ninhh")))
    page.get_by_label("Tệp Excel (.xlsx)").set_input_files(str(wrong))
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    expect(page.get_by_role("heading", name="1 dòng có lỗi — chưa thể nhập")).to_be_visible()
    errors = page.locator("#import-errors")
    expect(errors).to_contain_text("5")
    expect(errors).to_contain_text("F (Đơn vị đăng ký)")
    expect(errors).to_contain_text("Không tìm thấy đơn vị “Xã Lê Ninhh” trong phạm vi của bạn. Có phải: Xã Lê Ninh")
    expect(page.locator("#import-warnings")).to_contain_text("đã hiểu là 150000000")
    expect(page.get_by_role("button", name="Xác nhận nhập")).to_have_count(0)
    journey.shot(page, "preview with errors")
    assert not Practice.objects.exists()

    page.get_by_role("link", name="Tải tệp khác lên").click()
    fixed = tmp_path / "mo-hinh-kinh-mon-da-sua.xlsx"
    fixed.write_bytes(xlsx(rows("Lê Ninh")))
    page.get_by_label("Tệp Excel (.xlsx)").set_input_files(str(fixed))
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    expect(page.get_by_text("Sẵn sàng nhập: 2 mô hình mới, 0 mô hình cập nhật.")).to_be_visible()
    expect(page.locator("#import-rows")).to_contain_text(SECOND)
    journey.shot(page, "preview ready")
    page.get_by_role("button", name="Xác nhận nhập").click()
    expect(page.get_by_text("Đã nhập xong: 2 mô hình mới, 0 mô hình được cập nhật.")).to_be_visible()
    journey.shot(page, "imported")

    page.get_by_role("link", name="Xem danh sách mô hình").click()
    page.get_by_label("Tìm kiếm").fill("tổ tự quản lê ninh")
    page.get_by_role("button", name="Lọc").click()
    expect(page.get_by_role("link", name=SECOND)).to_be_visible()
    page.get_by_role("link", name=SECOND).click()
    expect(page.get_by_role("heading", name=SECOND)).to_be_visible()
    expect(page.get_by_text("Đã công nhận").first).to_be_visible()
    journey.shot(page, "imported practice")
    assert AuditEvent.objects.filter(action="practice.imported").count() == 2
    assert Practice.objects.get(title=FIRST).budget_vnd == 150_000_000


def test_the_preview_reads_on_a_phone(journey, demo, tmp_path, live_server):
    page = journey.login("provincial")
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(live_server.url + "/imports/")
    wrong = tmp_path / "dien-thoai.xlsx"
    wrong.write_bytes(xlsx(rows("Xã Lê Ninhh")))
    page.get_by_label("Tệp Excel (.xlsx)").set_input_files(str(wrong))
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    expect(page.get_by_role("heading", name=re.compile("dòng có lỗi"))).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, width
    journey.shot(page, "phone preview")
