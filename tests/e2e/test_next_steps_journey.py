"""Saying what happens next, in a real browser at both sizes: a draft saved with its file on the same page says it
has not been sent and what "Đăng ký" does, and is deleted (not withdrawn); a proposal says who decides and by when;
the decision form suggests the board's configured signer."""

import datetime

import pytest
from playwright.sync_api import expect

from models_registry.models import Body, Practice
from tests.security.conftest import tiny_pdf

from .axe import DESKTOP, PHONE, axe_violations, sideways_overflow
from .test_journeys import proposed_practice

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
BOARD = "Ban Dân vận Thị ủy Kinh Môn"


def checked(page):
    assert sideways_overflow(page) <= 0
    assert not axe_violations(page)


@pytest.mark.parametrize(("viewport", "size"), [(PHONE, "375"), (DESKTOP, "1366")])
def test_officer_saves_a_draft_with_its_file_reads_what_is_next_and_deletes_it(journey, demo, tmp_path, viewport, size):
    title = f"Mô hình “Dân vận khéo” góp đá làm đường thôn Phụ Sơn ({size})"
    evidence = tmp_path / "bien-ban-hop-dan.pdf"
    evidence.write_bytes(tiny_pdf("Biên bản họp dân"))
    page = journey.login("officer", viewport=viewport)
    page.goto(journey.base_url + "/practices/new/")
    page.get_by_label("Tên mô hình, điển hình").fill(title)
    page.get_by_label("Lĩnh vực").select_option(label="Kinh tế")
    page.get_by_label("Tệp minh chứng hoặc hình ảnh").set_input_files(str(evidence))
    expect(page.get_by_text("Lưu chưa gửi gì cho Ban")).to_be_visible()
    journey.shot(page, f"form with file {size}")
    page.get_by_role("button", name="Lưu bản nháp").click()

    expect(page.get_by_role("heading", name=title)).to_be_visible()
    expect(page.get_by_role("heading", name="Bản nháp — chưa gửi")).to_be_visible()
    expect(page.get_by_text(f"{BOARD} chưa nhìn thấy mô hình này")).to_be_visible()
    expect(page.get_by_text(f"Bấm “Đăng ký với {BOARD}” để gửi")).to_be_visible()
    expect(page.get_by_role("link", name="bien-ban-hop-dan.pdf")).to_be_visible()
    expect(page.get_by_role("button", name="Rút mô hình")).to_have_count(0)
    journey.shot(page, f"draft saved {size}")
    checked(page)

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Xóa bản nháp").click()
    expect(page.get_by_text(f"Đã xóa bản nháp “{title}”.")).to_be_visible()
    journey.shot(page, f"draft deleted {size}")
    assert not Practice.objects.filter(title=title).exists()


@pytest.mark.parametrize(("viewport", "size"), [(PHONE, "375"), (DESKTOP, "1366")])
def test_board_sees_who_decides_by_when_and_the_configured_signer(journey, demo, viewport, size):
    practice = proposed_practice(demo, "Tổ tự quản đường làng sáng – xanh – sạch – đẹp")
    Body.objects.update_or_create(
        unit=demo.kinh_mon,
        valid_from=None,
        defaults={
            "name": BOARD,
            "header_upper": "THỊ ỦY KINH MÔN",
            "header_body": "BAN DÂN VẬN",
            "symbol": "BDVTXU",
            "place": "Kinh Môn",
            "level_name": "cấp huyện",
            "head_title": "TRƯỞNG BAN",
            "signer_title": "TRƯỞNG BAN",
            "signer_name": "Trần Văn Bình",
        },
    )
    due = datetime.date.today() + datetime.timedelta(days=30)
    page = journey.login("reviewer", viewport=viewport)
    page.goto(journey.base_url + f"/practices/{practice.pk}/")
    step = page.locator(".next-step")
    expect(step).to_contain_text(f"{BOARD}: Xem xét đề nghị")
    expect(step).to_contain_text(f"Hạn: {due:%d/%m/%Y}")
    journey.shot(page, f"proposal next step {size}")
    checked(page)
    page.goto(journey.base_url + f"/decisions/new/?ids={practice.pk}")
    expect(page.get_by_label("Người ký")).to_have_value("Trần Văn Bình")
    expect(page.get_by_text(f"{BOARD} công nhận 1 mô hình")).to_be_visible()
    journey.shot(page, f"decision form signer {size}")
    checked(page)
