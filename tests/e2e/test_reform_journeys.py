"""Journeys after the 2025 reform: a ward of Thành phố Hải Phòng recognizes and reports; the city board decides
where the practices of a split commune go and downloads the ward's report and the city summary."""

import datetime
import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from models_registry.models import Decision, Membership, Practice, PracticeState, Role, Unit, UnitLevel
from models_registry.seeding.users import demo_user
from models_registry.services.reform import reform_apply
from models_registry.units_import import NATIONAL_FILE, load_units
from tests.models_registry.practice_helpers import make_practice

from .test_journeys import label_re, nav, report_worker  # noqa: F401 - report_worker is a fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TITLE = "Mô hình “Dân vận khéo” tổ dân phố sạch, đẹp Phường Kinh Môn"


@pytest.fixture
def hai_phong(demo):
    load_units(NATIONAL_FILE, province_codes={"31"})
    split = make_practice(
        Unit.objects.get(name="Xã Thượng Quận", valid_until__isnull=True), PracticeState.REGISTERED, title="Thượng Quận"
    )
    reform_apply(effective=datetime.date(2025, 7, 1))
    ward = Unit.objects.current().get(code="10675")
    city = Unit.objects.current().get(code="31", level=UnitLevel.PROVINCE)
    Membership.objects.create(user=demo_user("commune", "Đỗ Thị Lan"), unit=ward, role=Role.REVIEWER)
    Membership.objects.create(user=demo_user("city", "Hoàng Minh Tuấn"), unit=city, role=Role.PROVINCIAL)
    return ward, city, split


def test_city_board_chooses_the_new_commune_of_a_split_commune(journey, hai_phong):
    _ward, _city, split = hai_phong
    page = journey.login("city")
    nav(page, "Chọn đơn vị mới")
    expect(page.get_by_text("Mô hình: Thượng Quận")).to_be_visible()
    journey.shot(page, "queue")
    page.get_by_role("link", name="Chọn đơn vị mới").last.click()
    page.get_by_label("Xã Phú Thái").check()
    journey.shot(page, "choice")
    page.get_by_role("button", name="Chuyển sang đơn vị đã chọn").click()
    expect(page.get_by_text("Đã chuyển sang “Xã Phú Thái”.")).to_be_visible()
    expect(page.get_by_text("Không còn hồ sơ nào chờ chọn đơn vị mới.")).to_be_visible()
    journey.shot(page, "queue empty")
    split.refresh_from_db()
    assert split.unit.name == "Xã Phú Thái" and split.unit.valid_from == datetime.date(2025, 7, 1)


def pdf_text(content):
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(content)).pages)


def request_and_download(journey, page, unit_label):
    nav(page, "Báo cáo")
    form = page.locator("form", has=page.get_by_role("button", name="Lập báo cáo"))
    form.get_by_label("Đơn vị").select_option(label=unit_label)
    form.get_by_label("Kỳ báo cáo").select_option(label="Tổng kết năm")
    form.get_by_label(label_re("Năm")).select_option(str(datetime.date.today().year))
    form.get_by_role("button", name="Lập báo cáo").click()
    expect(page.get_by_text("Đã gửi yêu cầu lập báo cáo.")).to_be_visible()
    link = page.get_by_role("link", name="Tải báo cáo (PDF)")
    expect(link).to_be_visible(timeout=180_000)
    journey.shot(page, f"report {unit_label}")
    with page.expect_download() as download_info:
        link.click()
    return pdf_text(download_info.value.path().read_bytes())


@pytest.mark.usefixtures("report_worker")
def test_ward_officer_proposes_committee_recognizes_city_downloads_reports(journey, hai_phong):
    ward, _city, _split = hai_phong
    officer = journey.login("officer")
    nav(officer, "Mô hình, điển hình")
    officer.get_by_role("link", name="Đăng ký mô hình mới").click()
    officer.get_by_label("Tên mô hình, điển hình").fill(TITLE)
    officer.get_by_label("Lĩnh vực").select_option(label="Kinh tế")
    journey.shot(officer, "registration in the ward")
    officer.get_by_role("button", name="Lưu").click()
    expect(officer.get_by_role("heading", name=TITLE)).to_be_visible()
    # After the reform the ward's own Party committee reviews: the button names it, not a district board.
    officer.get_by_role("button", name="Đăng ký với Đảng ủy Phường Kinh Môn").click()
    officer.get_by_label("Số người được vận động, thụ hưởng").fill("420")
    officer.get_by_label("Kết quả đạt được").fill("42 tổ dân phố ra quân dọn vệ sinh mỗi tuần.")
    officer.get_by_role("button", name="Gửi đề nghị công nhận").click()
    expect(officer.get_by_text("Đề nghị công nhận").first).to_be_visible()
    practice = Practice.objects.get(title=TITLE)
    assert (practice.unit, practice.board, practice.phase.name) == (ward, ward, "2026–2030")

    committee = journey.login("commune")
    nav(committee, "Chờ xét duyệt")
    committee.locator(f"#ids-{practice.pk}").check()
    committee.get_by_role("button", name="Ban hành quyết định công nhận cho các hồ sơ đã chọn").click()
    committee.get_by_label("Số quyết định").fill("01-QĐ/ĐU")
    committee.get_by_label("Ngày ký").fill(datetime.date.today().strftime("%d/%m/%Y"))
    committee.get_by_label("Người ký").fill("Đỗ Thị Lan")
    journey.shot(committee, "commune decision form")
    committee.get_by_role("button", name="Ban hành quyết định", exact=True).click()
    expect(committee.get_by_text("công nhận 1 mô hình")).to_be_visible()
    assert Decision.objects.get(number="01-QĐ/ĐU").board == ward

    city = journey.login("city")
    ward_text = request_and_download(journey, city, "Phường Kinh Môn")
    assert "ĐẢNG BỘ THÀNH PHỐ HẢI PHÒNG ĐẢNG ỦY PHƯỜNG KINH MÔN" in ward_text
    assert "-BC/ĐU" in ward_text and TITLE in ward_text and "01-QĐ/ĐU" in ward_text
    assert "Ban Tuyên giáo và Dân vận Thành ủy Hải Phòng (để báo cáo)" in ward_text
    summary_text = request_and_download(journey, city, "Thành phố Hải Phòng — báo cáo tổng hợp toàn thành phố")
    assert "THÀNH ỦY HẢI PHÒNG BAN TUYÊN GIÁO VÀ DÂN VẬN" in summary_text and "-BC/BTGDVTU" in summary_text
    assert "Phường Kinh Môn" in summary_text and "Đặc khu Bạch Long Vĩ" in summary_text
