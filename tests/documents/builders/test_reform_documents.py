"""Documents after the 2025 reform carry the body of their date: a ward's Đảng ủy (ĐU, cấp xã) and the city's
Ban Tuyên giáo và Dân vận (BTGDVTU, cấp thành phố) — never "BAN DÂN VẬN" of a district that no longer exists.
The same builders give the 2021–2025 history its district boards (test_documents.py)."""

import datetime

import pytest
from django.core.files.base import ContentFile

from documents.builders.certificates import build_certificates_pdf
from documents.builders.decision import build_decision_pdf
from documents.builders.sheet import build_sheet_pdf
from documents.services.reports import report_issue
from models_registry import services
from models_registry.models import Membership, Role, Unit, UnitLevel
from models_registry.services.reform import reform_apply
from models_registry.units_import import NATIONAL_FILE, load_units
from reporting.models import Report, ReportStatus
from tests.factories import UserFactory
from tests.models_registry.review_fixtures import proposed

from ..helpers import pdf_text

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 3, 2)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.SITE_URL = "https://danvan.example.gov.vn"


@pytest.fixture
def hai_phong(demo):
    load_units(NATIONAL_FILE, province_codes={"31"})
    reform_apply(effective=datetime.date(2025, 7, 1))

    class HaiPhong:
        ward = Unit.objects.current().get(code="10675")
        city = Unit.objects.current().get(code="31", level=UnitLevel.PROVINCE)
        committee = UserFactory(username="dang.uy.kinh.mon")
        board = UserFactory(username="btgdv.hai.phong")

    Membership.objects.create(user=HaiPhong.committee, unit=HaiPhong.ward, role=Role.REVIEWER)
    Membership.objects.create(user=HaiPhong.board, unit=HaiPhong.city, role=Role.PROVINCIAL)
    HaiPhong.practices = [proposed(HaiPhong.ward, title=title) for title in ("Tổ dân phố sạch, đẹp", "Camera an ninh")]
    HaiPhong.decision = services.decision_issue(
        actor=HaiPhong.committee,
        board=HaiPhong.ward,
        practices=HaiPhong.practices,
        number="",
        date=DAY,
        signer="Đỗ Thị Lan",
    )
    return HaiPhong


def test_a_ward_decision_is_the_ward_party_committees(hai_phong):
    name, _type, pdf = build_decision_pdf(hai_phong.decision)
    assert name == "Quyết-định-01-QĐ-ĐU.pdf"
    text = pdf_text(pdf)
    for expected in [
        "ĐẢNG BỘ THÀNH PHỐ HẢI PHÒNG ĐẢNG ỦY PHƯỜNG KINH MÔN * Số 01-QĐ/ĐU",
        "Kinh Môn, ngày 02 tháng 3 năm 2026",
        "“Dân vận khéo” cấp xã năm 2026",
        "ĐẢNG ỦY PHƯỜNG KINH MÔN",
        "Căn cứ Quy chế làm việc của Đảng ủy Phường Kinh Môn",
        "Điều 1. Công nhận 2 mô hình, điển hình “Dân vận khéo” cấp xã năm 2026",
        "Ban Tuyên giáo và Dân vận Thành ủy Hải Phòng (để báo cáo)",
        "T/M ĐẢNG ỦY BÍ THƯ",
        "(Kèm theo Quyết định số 01-QĐ/ĐU, ngày 02/03/2026 của Đảng ủy Phường Kinh Môn)",
    ]:
        assert expected in text, expected
    assert "BAN DÂN VẬN" not in text and "Ban Dân vận" not in text and "cấp huyện" not in text


def test_a_city_decision_is_the_city_boards_and_cites_the_wards(hai_phong):
    decision = services.practice_recognize_provincial(
        actor=hai_phong.board,
        province=hai_phong.city,
        practices=hai_phong.practices,
        number="",
        date=DAY + datetime.timedelta(days=10),
        signer="Hoàng Minh Tuấn",
    )
    text = pdf_text(build_decision_pdf(decision)[2])
    for expected in [
        "THÀNH ỦY HẢI PHÒNG BAN TUYÊN GIÁO VÀ DÂN VẬN * Số 01-QĐ/BTGDVTU",
        "Hải Phòng, ngày 12 tháng 3 năm 2026",
        "“Dân vận khéo” cấp thành phố năm 2026",
        "BAN TUYÊN GIÁO VÀ DÂN VẬN THÀNH ỦY HẢI PHÒNG",
        "Xét đề nghị của Đảng ủy Phường Kinh Môn và kết quả thẩm định hồ sơ mô hình, điển hình “Dân vận khéo” "
        "đã được cấp xã công nhận",
        "Thường trực Thành ủy Hải Phòng (để báo cáo)",
        "Lưu Ban Tuyên giáo và Dân vận.",
    ]:
        assert expected in text, expected
    assert "cấp tỉnh" not in text and "huyện" not in text


def test_ward_certificates_and_registration_sheet(hai_phong):
    text = pdf_text(build_certificates_pdf(hai_phong.decision)[2])
    assert "ĐẢNG BỘ THÀNH PHỐ HẢI PHÒNG ĐẢNG ỦY PHƯỜNG KINH MÔN" in text
    assert "ĐẢNG ỦY PHƯỜNG KINH MÔN công nhận" in text and "“DÂN VẬN KHÉO” CẤP XÃ" in text
    assert "T/M ĐẢNG ỦY BÍ THƯ" in text and "BAN DÂN VẬN" not in text
    sheet = pdf_text(build_sheet_pdf(hai_phong.practices[0])[2])
    assert "Kính gửi: Đảng ủy Phường Kinh Môn" in sheet and "Ban Dân vận" not in sheet


def test_an_issued_ward_report_carries_the_ward_symbol(hai_phong, django_capture_on_commit_callbacks):
    draft = Report.objects.create(
        unit=hai_phong.ward, period="h1", year=2026, status=ReportStatus.SUCCEEDED, requested_by=hai_phong.committee
    )
    draft.file.save("bc.pdf", ContentFile(b"%PDF-1.4 draft"), save=True)
    with django_capture_on_commit_callbacks(execute=True):
        numbered, entry = report_issue(actor=hai_phong.committee, report=draft)
    assert entry.number == "01-BC/ĐU"
    numbered.refresh_from_db()
    with numbered.file.open("rb") as handle:
        text = pdf_text(handle.read())
    assert "ĐẢNG BỘ THÀNH PHỐ HẢI PHÒNG ĐẢNG ỦY PHƯỜNG KINH MÔN * Số 01-BC/ĐU" in text
    assert "BAN DÂN VẬN" not in text


def test_levels_are_named_as_the_deciding_body_named_them(hai_phong, demo):
    """A ward's decision is "cấp xã", the city's "cấp thành phố", a 2024 district decision "cấp huyện": annotated in
    one query for lists, looked up for a single row, the same either way."""
    from models_registry.models import Decision, Recognition
    from tests.factories import DecisionFactory

    city = services.practice_recognize_provincial(
        actor=hai_phong.board,
        province=hai_phong.city,
        practices=hai_phong.practices[:1],
        number="",
        date=DAY,
        signer="Hoàng Minh Tuấn",
    )
    old = DecisionFactory(board=demo.kinh_mon, date=datetime.date(2024, 5, 1), number="05-QĐ/BDVTXU")
    expected = {hai_phong.decision.pk: "cấp xã", city.pk: "cấp thành phố", old.pk: "cấp huyện"}
    annotated = {d.pk: d.level_name for d in Decision.objects.filter(pk__in=expected).with_level_names()}
    single = {pk: Decision.objects.get(pk=pk).level_name for pk in expected}
    assert annotated == single == expected
    recognitions = Recognition.objects.filter(decision__in=[hai_phong.decision, city]).with_level_names()
    assert {(r.decision_id, r.level_name) for r in recognitions} == {
        (hai_phong.decision.pk, "cấp xã"),
        (city.pk, "cấp thành phố"),
    }
