"""The four journeys of the portal, in a real browser, as the people who use it would make them."""

import datetime
import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from models_registry.models import Attachment, Decision, Field, Phase, Practice, PracticeState
from models_registry.services import practice_create, practice_propose, practice_submit
from tests.factories import PracticeFactory
from tests.security.conftest import tiny_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Mô hình “Dân vận khéo” thắp sáng đường quê An Lưu"


def label_re(text):
    """A label exactly ``text``, allowing the required-field asterisk and the template's whitespace."""
    return re.compile(rf"^\s*{re.escape(text)}\W*$")


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
    page.get_by_label(label_re("Tệp")).set_input_files(str(evidence))
    page.get_by_role("button", name="Tải lên").click()
    expect(page.get_by_text("Đã đính kèm “bien-ban-hop-dan.pdf”")).to_be_visible()
    expect(page.get_by_role("link", name="bien-ban-hop-dan.pdf")).to_be_visible()
    journey.shot(page, "draft with attachment")

    page.get_by_role("button", name="Đăng ký với Ban Dân vận Thị ủy Kinh Môn").click()
    expect(page.get_by_text("Đã đăng ký mô hình với Ban Dân vận Thị ủy Kinh Môn.")).to_be_visible()

    page.get_by_label("Số người được vận động, thụ hưởng").fill("350")
    page.get_by_label("Tiền vận động được (đồng)").fill("120000000")
    page.get_by_label("Ngày công vận động được").fill("400")
    page.get_by_label("Đất hiến (m²)").fill("0")
    page.get_by_label("Kết quả đạt được").fill("Lắp 300 bóng đèn trên 5 km đường làng; 350 hộ tham gia.")
    journey.shot(page, "proposal results")
    page.get_by_role("button", name="Gửi đề nghị công nhận").click()
    expect(page.get_by_text("Đã gửi đề nghị công nhận tới Ban Dân vận Thị ủy Kinh Môn.")).to_be_visible()
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
    # The title already says "Mô hình …": the notification does not say it twice (names.practice_phrase).
    notice = officer.get_by_text(f"{TITLE} được trả lại để bổ sung.")
    expect(notice).to_be_visible()
    journey.shot(officer, "officer notification")
    officer.goto(f"{journey.base_url}/practices/{practice.pk}/")
    expect(officer.get_by_text("Ban Dân vận Thị ủy Kinh Môn trả lại để bổ sung. Lý do:")).to_be_visible()
    expect(officer.get_by_text(reason).first).to_be_visible()
    journey.shot(officer, "officer sees the reason")
    officer.get_by_role("link", name="Sửa", exact=True).click()
    officer.get_by_label("Tóm tắt").fill("Lắp đèn chiếu sáng đường làng; ảnh trước và sau đính kèm; 350 hộ tham gia.")
    officer.get_by_role("button", name="Lưu").click()
    expect(officer.get_by_text("Đã lưu thay đổi.")).to_be_visible()
    officer.get_by_label("Số người được vận động, thụ hưởng").fill("350")
    officer.get_by_label("Kết quả đạt được").fill("Lắp 300 bóng đèn; 350 hộ tham gia; ảnh đã bổ sung.")
    officer.get_by_role("button", name="Gửi đề nghị công nhận").click()
    expect(officer.get_by_text("Đã gửi đề nghị công nhận tới Ban Dân vận Thị ủy Kinh Môn.")).to_be_visible()
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


@pytest.fixture
def report_worker(live_server):
    """A throwaway Redis as the broker for the live server, and a real Celery worker on the test database."""
    from django.db import connection

    from tests.servers import CeleryWorker, ThrowawayRedis, celery_broker, database_url

    redis = ThrowawayRedis().start()
    try:
        with celery_broker(redis.url):
            worker = CeleryWorker(broker_url=redis.url, db_url=database_url(connection.settings_dict))
            try:
                yield worker
            finally:
                worker.stop()
    finally:
        redis.close()


def test_provincial_staff_request_and_download_the_district_report(journey, demo, report_worker):
    from tests.reporting.helpers import practice_in

    year = datetime.date.today().year
    # Recognized in March: inside the 6-month period (15/12 of last year to 14/6).
    practice_in(demo.an_luu, PracticeState.RECOGNIZED, datetime.date(year, 3, 10), title=TITLE)

    page = journey.login("provincial")
    nav(page, "Báo cáo")
    form = page.locator("form", has=page.get_by_role("button", name="Lập báo cáo"))
    form.get_by_label("Đơn vị").select_option(label="Thị xã Kinh Môn")
    form.get_by_label("Kỳ báo cáo").select_option(label="Sơ kết 6 tháng")
    form.get_by_label(label_re("Năm")).select_option(str(year))
    form.get_by_label("Ưu điểm").fill("Các đơn vị đăng ký mô hình sớm, bám sát thực tiễn.")
    journey.shot(page, "report request")
    form.get_by_role("button", name="Lập báo cáo").click()

    expect(page.get_by_text("Đã gửi yêu cầu lập báo cáo.")).to_be_visible()
    expect(page.get_by_role("heading", name=f"Sơ kết 6 tháng {year} — Thị xã Kinh Môn")).to_be_visible()
    journey.shot(page, "report in progress")
    # The page polls the status and shows the downloads when the worker has finished.
    download_link = page.get_by_role("link", name="Tải báo cáo (PDF)")
    expect(download_link).to_be_visible(timeout=120_000)
    expect(page.locator("#report-status-label")).to_have_text("Hoàn thành")
    journey.shot(page, "report done")

    with page.expect_download() as download_info:
        download_link.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    content = download.path().read_bytes()
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(content)).pages)
    assert "BAN DÂN VẬN" in text and "BÁO CÁO" in text
    assert TITLE in text, text[:3000]
    # Built by the real worker process, not inline in the web process.
    log = report_worker.log()
    assert "reporting.tasks.build_report" in log and "succeeded" in log


def test_visitor_finds_the_practice_typing_without_diacritics(journey, demo):
    from tests.reporting.helpers import practice_in

    practice_in(
        demo.an_luu,
        PracticeState.RECOGNIZED,
        datetime.date.today() - datetime.timedelta(days=20),
        title=TITLE,
        contact_name="Nguyễn Thị Hằng",
        contact_phone="0912 345 678",
        contact_email="hang.anluu@example.vn",
    )
    practice_in(demo.thanh_an, PracticeState.RECOGNIZED, datetime.date.today(), title="Mô hình “Dân vận khéo” nuôi ong")
    PracticeFactory(unit=demo.an_luu, state=PracticeState.PROPOSED, title="Mô hình thắp sáng đường quê chưa công nhận")

    page = journey.new_page()
    page.goto(journey.base_url + "/public/")
    expect(page.get_by_role("heading", name="Mô hình, điển hình “Dân vận khéo” được công nhận")).to_be_visible()
    page.get_by_label("Tìm kiếm").fill("thap sang duong que")
    journey.shot(page, "public search typed without diacritics")
    page.get_by_role("button", name="Tìm").click()

    result = page.get_by_role("link", name=TITLE)
    expect(result).to_be_visible()
    expect(page.get_by_text("1 mô hình, điển hình")).to_be_visible()
    expect(page.get_by_text("nuôi ong")).to_have_count(0)
    expect(page.get_by_text("chưa công nhận")).to_have_count(0)
    journey.shot(page, "public search results")
    result.click()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(page.get_by_text("Phường An Lưu").first).to_be_visible()
    body = page.locator("body").inner_text()
    # The public never sees personal contact data.
    assert "0912 345 678" not in body and "hang.anluu@example.vn" not in body and "Nguyễn Thị Hằng" not in body
    journey.shot(page, "public practice page")
