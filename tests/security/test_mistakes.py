"""Mistakes and lies in what users send: form errors in Vietnamese, never a server error, nothing saved."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from models_registry.models import Attachment, Practice, PracticeState
from tests.factories import PracticeFactory

from .conftest import tiny_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(client, demo):
    client.force_login(demo.officer)
    return client


def registration(demo, **overrides):
    from models_registry.models import Field, Phase

    data = {
        "title": "Mô hình “Dân vận khéo” hiến đất làm đường",
        "kind": "model",
        "subject": "collective",
        "field": Field.objects.get(code="kinh-te").pk,
        "phase": Phase.objects.get(is_current=True).pk,
        "unit": demo.an_luu.pk,
        "budget_vnd": "150000000",
        "workdays": "20",
        "socialized_funding_vnd": "0",
        "start_date": "15/03/2024",
        "evaluation_date": "15/12/2024",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_valid_registration_is_saved(officer_client, demo):
    response = officer_client.post(reverse("practice_create"), registration(demo))
    assert response.status_code == 302
    practice = Practice.objects.get(title="Mô hình “Dân vận khéo” hiến đất làm đường")
    assert practice.start_date.isoformat() == "2024-03-15" and practice.budget_vnd == 150_000_000


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"budget_vnd": "mười lăm triệu"}, "budget_vnd", "Vui lòng nhập một số nguyên"),
        ({"budget_vnd": "1e9"}, "budget_vnd", "Vui lòng nhập một số nguyên"),
        ({"workdays": "-5"}, "workdays", "Đảm bảo giá trị này lớn hơn hoặc bằng"),
        ({"start_date": "31/02/2024"}, "start_date", "Nhập một ngày hợp lệ"),
        ({"start_date": "2024/13/45"}, "start_date", "Nhập một ngày hợp lệ"),
        ({"evaluation_date": "01/01/2024"}, "evaluation_date", "Ngày đánh giá phải sau ngày bắt đầu."),
        ({"title": None}, "title", "Trường này là bắt buộc"),
        ({"field": "999999"}, "field", "Hãy chọn một lựa chọn hợp lệ"),
        ({"unit": "abc"}, "unit", "Hãy chọn một lựa chọn hợp lệ"),
        ({"contact_email": "khong-phai-email"}, "contact_email", "Nhập địa chỉ email"),
    ],
)
def test_malformed_registration_shows_vietnamese_errors(officer_client, demo, overrides, field, message):
    response = officer_client.post(reverse("practice_create"), registration(demo, **overrides))
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors, form.errors
    assert message in " ".join(form.errors[field])
    assert message in response.content.decode()
    assert not Practice.objects.filter(unit=demo.an_luu).exists()


def test_garbage_everywhere_is_not_a_server_error(officer_client, demo):
    data = {name: "\x00<>'\"%s{{ }}" for name in registration(demo)}
    response = officer_client.post(reverse("practice_create"), data)
    assert response.status_code in (200, 400)
    assert not Practice.objects.exists()


def test_malformed_results_when_proposing(officer_client, demo):
    practice = PracticeFactory(unit=demo.an_luu, state=PracticeState.REGISTERED)
    response = officer_client.post(
        reverse("practice_propose", args=[practice.pk]),
        {
            "expected_version": practice.version,
            "people_reached": "ba trăm",
            "money_mobilized_vnd": "12,5 triệu",
            "results": "",
        },
    )
    assert response.status_code in (200, 400)
    page = response.content.decode()
    assert "Vui lòng nhập một số nguyên" in page and "Trường này là bắt buộc" in page
    practice.refresh_from_db()
    assert practice.state == PracticeState.REGISTERED


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bao-cao.pdf", b"<html><script>alert(1)</script></html>"),  # HTML calling itself a PDF
        ("anh.jpg", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200),  # a Windows program calling itself a photo
        ("tai-lieu.docx", b"PK\x03\x04" + b"\x00" * 100),  # a broken zip calling itself Word
        ("anh.png", b"GIF89a" + b"\x00" * 100),  # an image kind that is not allowed
    ],
)
def test_upload_lying_about_its_type_is_refused(officer_client, demo, name, content):
    practice = PracticeFactory(unit=demo.an_luu)
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    response = officer_client.post(reverse("attachment_upload", args=[practice.pk]), {"file": upload, "kind": ""})
    assert response.status_code == 400
    assert "Tệp không đúng định dạng" in response.content.decode()
    assert not Attachment.objects.exists()


def test_oversized_upload_is_refused(officer_client, demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.UPLOAD_MAX_BYTES = 2048
    practice = PracticeFactory(unit=demo.an_luu)
    big = tiny_pdf() + b"%" + b"x" * 4096
    response = officer_client.post(
        reverse("attachment_upload", args=[practice.pk]),
        {"file": SimpleUploadedFile("lon.pdf", big, content_type="application/pdf"), "kind": ""},
    )
    assert response.status_code == 400
    assert "Tệp quá lớn" in response.content.decode()
    assert not Attachment.objects.exists()
    # The same file under the limit is accepted: the refusal above is about size.
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    response = officer_client.post(
        reverse("attachment_upload", args=[practice.pk]),
        {"file": SimpleUploadedFile("lon.pdf", big, content_type="application/pdf"), "kind": ""},
    )
    assert response.status_code == 302 and Attachment.objects.count() == 1


def test_request_body_over_the_global_limit_is_rejected_cleanly(officer_client, demo, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = officer_client.post(reverse("practice_create"), registration(demo, summary="x" * 5000))
    assert response.status_code == 413
    assert "Dữ liệu gửi lên quá lớn" in response.content.decode()
    assert not Practice.objects.exists()


def test_decision_scan_that_is_not_a_pdf_is_refused(client, demo):
    from models_registry.models import Decision

    practice = PracticeFactory(unit=demo.an_luu, state=PracticeState.PROPOSED)
    client.force_login(demo.reviewer)
    fake = SimpleUploadedFile("quyet-dinh.pdf", b"<svg onload=alert(1)></svg>", content_type="application/pdf")
    response = client.post(
        reverse("decision_create"),
        {
            "ids": str(practice.pk),
            "number": "12-QĐ/BDVTXU",
            "date": "01/03/2025",
            "signer": "Phạm Quốc Khánh",
            "scanned_file": fake,
        },
    )
    assert response.status_code == 200
    assert "Tệp không đúng định dạng" in response.content.decode()
    assert not Decision.objects.exists()
    practice.refresh_from_db()
    assert practice.state == PracticeState.PROPOSED
