"""The four journeys of the portal, in a real browser, as the people who use it would make them."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from models_registry.models import Attachment, Decision, Field, Phase, Practice, PracticeState
from models_registry.services import practice_create, practice_propose, practice_submit
from tests.security.conftest import tiny_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Mô hình “Dân vận khéo” thắp sáng đường quê An Lưu"


def nav(page, name):
    """Follow a link of the top navigation bar."""
    page.get_by_role("navigation").first.get_by_role("link", name=name, exact=True).click()


def proposed_practice(demo, title, **results):
    practice = practice_create(
        actor=demo.officer,
        unit=demo.an_luu,
        data={
            "title": title,
            "field": Field.objects.get(code="kinh-te"),
            "phase": Phase.objects.get(is_current=True),
            "summary": "Vận động nhân dân lắp đèn chiếu sáng đường làng.",
        },
    )
    practice_submit(practice=practice, actor=demo.officer)
    return practice_propose(
        practice=practice,
        actor=demo.officer,
        results={"people_reached": 120, "results": "Lắp 300 bóng đèn.", **results},
    )


def test_officer_registers_attaches_submits_and_proposes(journey, demo, tmp_path):
    page = journey.login("officer")
    nav(page, "Mô hình, điển hình")
    page.get_by_role("link", name="Đăng ký mô hình mới").click()
    expect(page.get_by_role("heading", name="Đăng ký mô hình, điển hình mới")).to_be_visible()

    page.get_by_label("Tên mô hình, điển hình").fill(TITLE)
    page.get_by_label("Lĩnh vực").select_option(label="Kinh tế")
    page.get_by_label("Tóm tắt").fill("Vận động nhân dân góp tiền, ngày công lắp đèn chiếu sáng đường làng.")
    page.get_by_label("Kinh phí (đồng)").fill("150000000")
    page.get_by_label("Ngày bắt đầu").fill("15/03/2026")
    journey.shot(page, "registration form")
    page.get_by_role("button", name="Lưu").click()

    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(page.get_by_text("Đã lưu bản nháp")).to_be_visible()
    expect(page.get_by_text("Bản nháp").first).to_be_visible()

    evidence = tmp_path / "bien-ban-hop-dan.pdf"
    evidence.write_bytes(tiny_pdf("Biên bản họp dân"))
    page.get_by_label(re.compile(r"^\s*Tệp\W*$")).set_input_files(str(evidence))
    page.get_by_role("button", name="Tải lên").click()
    expect(page.get_by_text("Đã đính kèm “bien-ban-hop-dan.pdf”")).to_be_visible()
    expect(page.get_by_role("link", name="bien-ban-hop-dan.pdf")).to_be_visible()
    journey.shot(page, "draft with attachment")

    page.get_by_role("button", name="Đăng ký với Ban Dân vận").click()
    expect(page.get_by_text("Đã đăng ký mô hình với Ban Dân vận.")).to_be_visible()

    page.get_by_label("Số người được vận động, thụ hưởng").fill("350")
    page.get_by_label("Tiền vận động được (đồng)").fill("120000000")
    page.get_by_label("Ngày công vận động được").fill("400")
    page.get_by_label("Đất hiến (m²)").fill("0")
    page.get_by_label("Kết quả đạt được").fill("Lắp 300 bóng đèn trên 5 km đường làng; 350 hộ tham gia.")
    journey.shot(page, "proposal results")
    page.get_by_role("button", name="Gửi đề nghị công nhận").click()
    expect(page.get_by_text("Đã gửi đề nghị công nhận tới Ban Dân vận.")).to_be_visible()
    expect(page.get_by_text("Đề nghị công nhận").first).to_be_visible()
    journey.shot(page, "proposed")

    practice = Practice.objects.get(title=TITLE)
    assert practice.state == PracticeState.PROPOSED and practice.people_reached == 350
    assert Attachment.objects.get(practice=practice).content_type == "application/pdf"


def test_reviewer_returns_officer_fixes_and_board_recognizes_two(journey, demo):
    practice = proposed_practice(demo, TITLE)
    other = proposed_practice(demo, "Mô hình “Dân vận khéo” chợ quê an toàn")
    reason = "Bổ sung ảnh trước và sau khi lắp đèn, và số hộ tham gia."

    reviewer = journey.login("reviewer")
    nav(reviewer, "Chờ xét duyệt")
    expect(reviewer.get_by_role("link", name=TITLE)).to_be_visible()
    journey.shot(reviewer, "review queue")
    reviewer.get_by_role("link", name=TITLE).click()
    reviewer.get_by_role("button", name="Trả lại để bổ sung").click()
    reviewer.get_by_label("Lý do trả lại, nội dung cần bổ sung").fill(reason)
    journey.shot(reviewer, "return with reason")
    reviewer.get_by_role("button", name="Trả lại cho đơn vị").click()
    expect(reviewer.get_by_text("Trả lại để bổ sung").first).to_be_visible()

    officer = journey.login("officer")
    nav(officer, re.compile(r"^Thông báo( \d+)?$"))  # with the unread count
    notice = officer.get_by_text(f"Mô hình “{TITLE}” được trả lại để bổ sung.")
    expect(notice).to_be_visible()
    journey.shot(officer, "officer notification")
    officer.goto(f"{journey.base_url}/practices/{practice.pk}/")
    expect(officer.get_by_text("Ban Dân vận trả lại để bổ sung. Lý do:")).to_be_visible()
    expect(officer.get_by_text(reason).first).to_be_visible()
    journey.shot(officer, "officer sees the reason")
    officer.get_by_role("link", name="Sửa", exact=True).click()
    officer.get_by_label("Tóm tắt").fill("Lắp đèn chiếu sáng đường làng; ảnh trước và sau đính kèm; 350 hộ tham gia.")
    officer.get_by_role("button", name="Lưu").click()
    expect(officer.get_by_text("Đã lưu thay đổi.")).to_be_visible()
    officer.get_by_label("Số người được vận động, thụ hưởng").fill("350")
    officer.get_by_label("Kết quả đạt được").fill("Lắp 300 bóng đèn; 350 hộ tham gia; ảnh đã bổ sung.")
    officer.get_by_role("button", name="Gửi đề nghị công nhận").click()
    expect(officer.get_by_text("Đã gửi đề nghị công nhận tới Ban Dân vận.")).to_be_visible()
    journey.shot(officer, "proposed again")

    nav(reviewer, "Chờ xét duyệt")
    for item in (practice, other):
        reviewer.locator(f"#ids-{item.pk}").check()
    journey.shot(reviewer, "two selected")
    reviewer.get_by_role("button", name="Ban hành quyết định công nhận cho các hồ sơ đã chọn").click()
    expect(reviewer.get_by_role("heading", name="Ban hành quyết định công nhận")).to_be_visible()
    reviewer.get_by_label("Số quyết định").fill("27-QĐ/BDVTXU")
    reviewer.get_by_label("Ngày ký").fill(datetime.date.today().strftime("%d/%m/%Y"))
    reviewer.get_by_label("Người ký").fill("Phạm Quốc Khánh")
    journey.shot(reviewer, "decision form")
    reviewer.get_by_role("button", name="Ban hành quyết định", exact=True).click()
    expect(reviewer.get_by_text("công nhận 2 mô hình")).to_be_visible()
    expect(reviewer.get_by_role("link", name=TITLE)).to_be_visible()
    expect(reviewer.get_by_role("link", name="Mô hình “Dân vận khéo” chợ quê an toàn")).to_be_visible()
    journey.shot(reviewer, "decision issued")

    decision = Decision.objects.get(number="27-QĐ/BDVTXU")
    assert set(decision.recognitions.values_list("practice_id", flat=True)) == {practice.pk, other.pk}
    assert set(Practice.objects.filter(pk__in=[practice.pk, other.pk]).values_list("state", flat=True)) == {
        PracticeState.RECOGNIZED
    }
