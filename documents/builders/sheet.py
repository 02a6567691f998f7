"""The registration sheet (Phiếu đăng ký mô hình, điển hình “Dân vận khéo”), every section of the form."""

from django.template.loader import render_to_string
from django.utils import timezone

from ..identity import identity_for
from .common import PDF_TYPE, document_date_text, filename, font_faces, html_to_pdf, vn_number


def _date(value):
    return value.strftime("%d/%m/%Y") if value else ""


def sheet_sections(practice):
    """(heading, [(label, text)]) for every section of the registration form, in the form's order."""
    return [
        (
            "Thông tin chung",
            [
                ("Tên mô hình, điển hình", practice.title),
                ("Loại", f"{practice.get_kind_display()} ({practice.get_subject_display().lower()})"),
                ("Lĩnh vực", practice.field.name),
                ("Đơn vị đăng ký", practice.unit.name),
                ("Giai đoạn", practice.phase.name),
                ("Nhân rộng từ mô hình", practice.replicated_from.title if practice.replicated_from_id else ""),
                ("Tóm tắt", practice.summary),
            ],
        ),
        ("Thực trạng và lý do xây dựng", [("", practice.situation)]),
        ("Mục tiêu và tiêu chí", [("", practice.goals)]),
        ("Nội dung và cách làm", [("", practice.content)]),
        ("Phạm vi, đối tượng thụ hưởng", [("", practice.area_beneficiaries)]),
        (
            "Lực lượng thực hiện",
            [
                ("Lực lượng chủ trì", practice.leading_forces),
                ("Lực lượng phối hợp", practice.coordinating_forces),
                ("Lực lượng tham gia", practice.participating_forces),
            ],
        ),
        (
            "Nguồn lực",
            [
                ("Kinh phí", f"{vn_number(practice.budget_vnd)} đồng"),
                ("Ngày công", vn_number(practice.workdays)),
                ("Vật tư, vật liệu", practice.materials),
                ("Kinh phí xã hội hóa", f"{vn_number(practice.socialized_funding_vnd)} đồng"),
            ],
        ),
        (
            "Thời gian thực hiện",
            [("Ngày bắt đầu", _date(practice.start_date)), ("Ngày đánh giá", _date(practice.evaluation_date))],
        ),
        ("Sản phẩm kiểm chứng", [("", practice.outputs)]),
        ("Tính bền vững và khả năng nhân rộng", [("", practice.sustainability)]),
        (
            "Kết quả đạt được (khi đề nghị công nhận)",
            [
                ("Số người được vận động, thụ hưởng", vn_number(practice.people_reached)),
                ("Tiền vận động được", f"{vn_number(practice.money_mobilized_vnd)} đồng"),
                ("Ngày công vận động được", vn_number(practice.workdays_mobilized)),
                ("Đất hiến", f"{vn_number(practice.land_donated_m2)} m²"),
                ("Kết quả", practice.results),
            ],
        ),
        (
            "Người liên hệ",
            [
                ("Họ và tên", practice.contact_name),
                ("Điện thoại", practice.contact_phone),
                ("Thư điện tử", practice.contact_email),
            ],
        ),
    ]


def build_sheet_pdf(practice):
    """The registration sheet to print, sign and file: ``(filename, content_type, bytes)``."""
    on = (practice.submitted_at and timezone.localdate(practice.submitted_at)) or timezone.localdate()
    board_identity = identity_for(practice.board, on=on)
    context = {
        "practice": practice,
        "board_identity": board_identity,
        "unit_name": practice.unit.name.upper(),
        "place_date": document_date_text(practice.unit.short_name, on),
        "sections": sheet_sections(practice),
        "registered": bool(practice.submitted_at),
        "font_faces": font_faces(),
    }
    html = render_to_string("documents/sheet_pdf.html", context)
    return filename(["Phiếu đăng ký", f"mô hình {practice.pk}"]), PDF_TYPE, html_to_pdf(html)
