"""A reviewer issues a decision with the register's number, downloads it and its certificates, finds it in the register."""

import datetime
import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from models_registry.models import Decision

from .test_journeys import nav, proposed_practice

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def downloaded_pdf(page, link_name):
    with page.expect_download(timeout=120_000) as info:  # built on request: slow when the machine is busy
        page.get_by_role("link", name=link_name).click(timeout=120_000)
    download = info.value
    reader = PdfReader(io.BytesIO(open(download.path(), "rb").read()))  # noqa: SIM115 - Playwright keeps the file
    return download.suggested_filename, reader


def test_reviewer_issues_a_numbered_decision_and_downloads_it_and_the_certificates(journey, demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    practices = [
        proposed_practice(demo, "Mô hình “Dân vận khéo” thắp sáng đường quê An Lưu"),
        proposed_practice(demo, "Mô hình “Dân vận khéo” chợ quê an toàn"),
    ]
    reviewer = journey.login("reviewer")
    nav(reviewer, "Chờ xét duyệt")
    for practice in practices:
        reviewer.locator(f"#ids-{practice.pk}").check()
    reviewer.get_by_role("button", name="Ban hành quyết định công nhận cho các hồ sơ đã chọn").click()
    number = reviewer.get_by_label("Số quyết định")
    expect(number).to_have_value("01-QĐ/BDVTXU")  # suggested by the register, taken when issued
    reviewer.get_by_label("Ngày ký").fill(datetime.date.today().strftime("%d/%m/%Y"))
    reviewer.get_by_label("Người ký").fill("Phạm Quốc Khánh")
    journey.shot(reviewer, "decision form with the suggested number")
    reviewer.get_by_role("button", name="Ban hành quyết định", exact=True).click()
    expect(reviewer.get_by_role("heading", name="Quyết định số 01-QĐ/BDVTXU")).to_be_visible()
    journey.shot(reviewer, "decision issued")
    decision = Decision.objects.get(number="01-QĐ/BDVTXU")
    assert decision.register_entry.seq == 1

    name, reader = downloaded_pdf(reviewer, "Tải quyết định (PDF)")
    assert name == "Quyết-định-01-QĐ-BDVTXU.pdf"  # the UTF-8 name of the header
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Số 01-QĐ/BDVTXU" in text and "Điều 1. Công nhận 2 mô hình" in text and "Phạm Quốc Khánh" in text
    assert all(p.title in text for p in practices)
    assert set(reader.get_fields()) == {"ChuKy"}

    name, reader = downloaded_pdf(reviewer, "Tải giấy công nhận (PDF)")
    assert name == "Giấy-công-nhận-01-QĐ-BDVTXU.pdf" and len(reader.pages) == 2
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert all(f"/public/{p.pk}/" in "".join(text.split()) for p in practices)

    # Printing the decision page (Ctrl+P): the decision and its list, without the navigation and the buttons.
    printed = PdfReader(io.BytesIO(reviewer.pdf(format="A4")))
    text = " ".join(" ".join(page.extract_text().split()) for page in printed.pages)
    assert "Quyết định số 01-QĐ/BDVTXU" in text and all(p.title in text for p in practices)
    assert "Tải quyết định" not in text and "Thống kê" not in text and "Đăng xuất" not in text
    reviewer.goto(f"{journey.base_url}/practices/{practices[0].pk}/")
    printed = PdfReader(io.BytesIO(reviewer.pdf(format="A4")))
    text = " ".join(" ".join(page.extract_text().split()) for page in printed.pages)
    assert practices[0].title in text and "Phiếu đăng ký (PDF)" not in text and "Thống kê" not in text

    nav(reviewer, "Quyết định")
    reviewer.get_by_role("link", name="Sổ đăng ký văn bản").click()
    expect(reviewer.get_by_role("heading", name="Sổ đăng ký văn bản")).to_be_visible()
    expect(reviewer.get_by_role("link", name="01-QĐ/BDVTXU")).to_be_visible()
    journey.shot(reviewer, "register")
    reviewer.set_viewport_size({"width": 375, "height": 812})
    reviewer.goto(f"{journey.base_url}/decisions/{decision.pk}/")
    expect(reviewer.get_by_role("link", name="Tải giấy công nhận (PDF)")).to_be_visible()
    journey.shot(reviewer, "decision on a phone")
