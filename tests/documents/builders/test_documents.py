"""The decision, certificates and registration sheet: the text of each PDF, its QR codes and signature fields."""

import pytest
from django.urls import reverse

from documents.builders.certificates import build_certificates_pdf
from documents.builders.common import public_url
from documents.builders.decision import build_decision_pdf
from documents.builders.sheet import build_sheet_pdf
from models_registry.models import Recognition

from ..helpers import DAY, district_decision, pdf_reader, pdf_text, provincial_decision, qr_matrix, qr_modules

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.SITE_URL = "https://danvan.example.gov.vn"


def test_decision_pdf_has_the_party_header_number_articles_and_annexed_list(demo):
    decision, practices = district_decision(demo)
    name, content_type, pdf = build_decision_pdf(decision)
    assert (name, content_type) == ("Quyết-định-01-QĐ-BDVTXU.pdf", "application/pdf")
    text = pdf_text(pdf)
    for expected in [
        "THỊ ỦY KINH MÔN BAN DÂN VẬN * Số 01-QĐ/BDVTXU",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Kinh Môn, ngày 02 tháng 3 năm 2026",
        "QUYẾT ĐỊNH Về việc công nhận mô hình, điển hình “Dân vận khéo” cấp huyện năm 2026",
        "BAN DÂN VẬN THỊ ỦY KINH MÔN",
        "Căn cứ Quy chế làm việc của Ban Dân vận Thị ủy Kinh Môn",
        "Căn cứ Kế hoạch phát động phong trào thi đua “Dân vận khéo” giai đoạn 2021–2025",
        "Điều 1. Công nhận 2 mô hình, điển hình “Dân vận khéo” cấp huyện năm 2026 (2 tập thể, 0 cá nhân)",
        "Điều 2.",
        "Điều 3. Quyết định có hiệu lực kể từ ngày ký.",
        "Nơi nhận: - Như Điều 3; - Ban Dân vận Tỉnh ủy Hải Dương (để báo cáo); - Thường trực Thị ủy Kinh Môn",
        "T/M BAN DÂN VẬN TRƯỞNG BAN",
        "Phạm Quốc Khánh",
        "(Kèm theo Quyết định số 01-QĐ/BDVTXU, ngày 02/03/2026 của Ban Dân vận Thị ủy Kinh Môn)",
    ]:
        assert expected in text, expected
    # The annex: one numbered row per practice, with its unit and the outstanding mark.
    annex = pdf_text(pdf).split("DANH SÁCH", 1)[1]
    assert f"1 {practices[0].title} {demo.an_luu.name}" in annex
    assert practices[1].title in annex and practices[1].unit.name in annex
    assert annex.count("Tiêu biểu") == 1
    assert "Danh sách có 2 mô hình, điển hình." in annex
    assert pdf_reader(pdf).metadata["/Title"].startswith("Quyết định số 01-QĐ/BDVTXU")


def test_provincial_decision_pdf_speaks_for_the_provincial_board(demo):
    _decision, practices = district_decision(demo)
    decision = provincial_decision(demo, practices)
    text = pdf_text(build_decision_pdf(decision)[2])
    for expected in [
        "TỈNH ỦY HẢI DƯƠNG BAN DÂN VẬN * Số 01-QĐ/BDVTU",
        "Hải Dương, ngày 12 tháng 3 năm 2026",
        "“Dân vận khéo” cấp tỉnh năm 2026",
        "BAN DÂN VẬN TỈNH ỦY HẢI DƯƠNG",
        "Xét đề nghị của Ban Dân vận Thị ủy Kinh Môn và kết quả thẩm định hồ sơ mô hình, điển hình “Dân vận khéo” "
        "đã được cấp huyện công nhận,",
        "Ban Dân vận Trung ương (để báo cáo);",
        "Thường trực Tỉnh ủy Hải Dương (để báo cáo);",
        "Lưu Ban Dân vận.",
        "Điều 1. Công nhận 2 mô hình",
        "Vũ Đức Thắng",
    ]:
        assert expected in text, expected
    assert practices[0].title in text.split("DANH SÁCH", 1)[1]


def test_certificates_one_landscape_page_per_practice_with_a_qr_code_to_its_public_page(demo):
    decision, practices = district_decision(demo)
    name, _type, pdf = build_certificates_pdf(decision)
    assert name == "Giấy-công-nhận-01-QĐ-BDVTXU.pdf"
    reader = pdf_reader(pdf)
    assert len(reader.pages) == 2
    by_title = {}
    for page in reader.pages:
        box = page.mediabox
        assert float(box.width) > float(box.height)  # A4 landscape: 842 × 595 pt
        assert round(float(box.width)) == 842 and round(float(box.height)) == 595
        text = " ".join(page.extract_text().split())
        practice = next(p for p in practices if p.title in text)
        by_title[practice.title] = text
        url = public_url(practice.pk)
        assert url == f"https://danvan.example.gov.vn/public/{practice.pk}/"
        assert "GIẤY CÔNG NHẬN" in text and f"Tra cứu mô hình: {url}" in text
        assert f"Của: {practice.unit.name}" in text
        assert "Quyết định số 01-QĐ/BDVTXU ngày 02/03/2026" in text
        assert "BAN DÂN VẬN THỊ ỦY KINH MÔN công nhận" in text
        # WeasyPrint shares image resources between pages: the page's own QR code is among them.
        assert qr_matrix(url) in [qr_modules(image.image) for image in page.images]
    assert "MÔ HÌNH “DÂN VẬN KHÉO” CẤP HUYỆN TIÊU BIỂU" in by_title[practices[0].title]
    assert "TIÊU BIỂU" not in by_title[practices[1].title]


def test_one_practice_certificate_and_none_for_a_practice_of_another_decision(demo):
    decision, practices = district_decision(demo)
    _name, _type, pdf = build_certificates_pdf(decision, practice_id=practices[1].pk)
    (page,) = pdf_reader(pdf).pages
    assert practices[1].title in pdf_text(pdf)
    (image,) = page.images  # the QR code decodes, module for module, to the practice's public page
    assert qr_modules(image.image) == qr_matrix(f"https://danvan.example.gov.vn/public/{practices[1].pk}/")
    other, _ = district_decision(demo, titles=("Khác",))
    assert build_certificates_pdf(other, practice_id=practices[1].pk) is None


def test_registration_sheet_has_every_section_of_the_form(demo):
    _decision, practices = district_decision(demo)
    practice = practices[0]
    practice.situation, practice.goals, practice.content = "Đường hẹp.", "Mở rộng 3 m.", "Họp dân từng xóm."
    practice.budget_vnd, practice.people_reached, practice.contact_name = 1_250_000, 350, "Nguyễn Thị Hoa"
    practice.save()
    name, _type, pdf = build_sheet_pdf(practice)
    assert name == f"Phiếu-đăng-ký-mô-hình-{practice.pk}.pdf"
    text = pdf_text(pdf)
    for expected in [
        "PHIẾU ĐĂNG KÝ Mô hình, điển hình “Dân vận khéo” giai đoạn 2021–2025",
        "Kính gửi: Ban Dân vận Thị ủy Kinh Môn",
        f"Tên mô hình, điển hình: {practice.title}",
        "1. Thông tin chung",
        "2. Thực trạng và lý do xây dựng Đường hẹp.",
        "3. Mục tiêu và tiêu chí Mở rộng 3 m.",
        "4. Nội dung và cách làm Họp dân từng xóm.",
        "5. Phạm vi, đối tượng thụ hưởng",
        "6. Lực lượng thực hiện Lực lượng chủ trì:",
        "7. Nguồn lực Kinh phí: 1.250.000 đồng",
        "8. Thời gian thực hiện",
        "9. Sản phẩm kiểm chứng",
        "10. Tính bền vững và khả năng nhân rộng",
        "11. Kết quả đạt được (khi đề nghị công nhận) Số người được vận động, thụ hưởng: 350",
        "12. Người liên hệ Họ và tên: Nguyễn Thị Hoa Điện thoại: 0912 345 678",
        "ĐẠI DIỆN ĐƠN VỊ ĐĂNG KÝ",
    ]:
        assert expected in text, expected


@pytest.mark.parametrize("builder", ["decision", "certificates", "sheet"])
def test_each_document_keeps_an_empty_signature_field_in_its_signature_block(demo, builder):
    decision, practices = district_decision(demo)
    pdf = {
        "decision": lambda: build_decision_pdf(decision),
        "certificates": lambda: build_certificates_pdf(decision),
        "sheet": lambda: build_sheet_pdf(practices[0]),
    }[builder]()[2]
    reader = pdf_reader(pdf)
    fields = reader.get_fields()
    expected = {"ChuKy"} if builder != "certificates" else {f"ChuKy-{p.pk}" for p in practices}
    assert set(fields) == expected
    assert all(field["/FT"] == "/Sig" and "/V" not in field for field in fields.values())  # empty: nobody signed
    # The widget sits on the page of the signature block, in its right half.
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            widget = annotation.get_object()
            x1, _y1, x2, _y2 = (float(v) for v in widget["/Rect"])
            assert x2 - x1 > 150 and x1 > float(page.mediabox.width) / 2 - 40


def test_decision_recognitions_are_the_practices_of_the_decision(demo):
    decision, practices = district_decision(demo)
    assert set(Recognition.objects.filter(decision=decision).values_list("practice_id", flat=True)) == {
        p.pk for p in practices
    }
    assert decision.date == DAY and reverse("decision_document", args=[decision.pk]).endswith("/document/")
