import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from models_registry.models import Attachment, AuditEvent
from models_registry.uploads import validate_upload
from tests.models_registry.practice_helpers import JPEG_BYTES, PDF_BYTES, PNG_BYTES, make_practice, ooxml_bytes


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("Quyết định công nhận.pdf", PDF_BYTES, "pdf"),
        ("anh.PNG", PNG_BYTES, "png"),
        ("anh.jpg", JPEG_BYTES, "jpeg"),
        ("bao-cao.docx", ooxml_bytes("docx"), "docx"),
        ("so-lieu.xlsx", ooxml_bytes("xlsx"), "xlsx"),
    ],
)
def test_accepts_allowed_kinds_by_content(name, content, kind):
    checked = validate_upload(upload(name, content))
    assert checked.kind == kind
    assert checked.size == len(content)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bao-cao.pdf", b"Day la mot tep van ban, khong phai PDF.\n"),  # text named .pdf
        ("bao-cao.pdf", PNG_BYTES),  # a PNG named .pdf
        ("bao-cao.docx", b"PK\x03\x04 not really a zip"),
        ("script.xlsx", b"=cmd|' /C calc'!A0"),
        ("anh.png", b"GIF89a" + b"\x00" * 40),  # GIF is not on the list
    ],
)
def test_rejects_by_content(name, content):
    with pytest.raises(ValidationError) as error:
        validate_upload(upload(name, content))
    assert "Tệp không đúng định dạng" in error.value.messages[0]


def test_zip_without_office_parts_is_not_docx():
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")  # no [Content_Types].xml
    with pytest.raises(ValidationError):
        validate_upload(upload("gia.docx", buffer.getvalue()))


def test_decision_scan_accepts_only_pdf():
    assert validate_upload(upload("qd.pdf", PDF_BYTES), allowed={"pdf"}).kind == "pdf"
    with pytest.raises(ValidationError) as error:
        validate_upload(upload("qd.png", PNG_BYTES), allowed={"pdf"})
    assert "Chỉ chấp nhận tệp PDF" in error.value.messages[0]


def test_rejects_oversized(settings):
    settings.UPLOAD_MAX_BYTES = 1000
    with pytest.raises(ValidationError) as error:
        validate_upload(upload("lon.pdf", PDF_BYTES + b"0" * 1000))
    assert "Tệp quá lớn" in error.value.messages[0]
    assert validate_upload(upload("vua.pdf", PDF_BYTES)).kind == "pdf"


def test_rejects_empty():
    with pytest.raises(ValidationError):
        validate_upload(upload("rong.pdf", b""))


# --- Through the views: stored privately, served through the permission check ----------------------------


@pytest.fixture
def draft(demo):
    return make_practice(demo.an_luu, title="Camera an ninh khu dân cư")


@pytest.mark.django_db
def test_upload_then_download_with_vietnamese_name(client, demo, draft, settings):
    client.force_login(demo.officer)
    response = client.post(
        reverse("attachment_upload", args=[draft.pk]),
        {"file": SimpleUploadedFile("Biên bản họp dân.pdf", PDF_BYTES, content_type="application/pdf")},
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get(practice=draft)
    assert attachment.original_name == "Biên bản họp dân.pdf"
    assert attachment.content_type == "application/pdf"
    assert attachment.kind == "evidence"
    # The stored name is ours, not the user's, and lives under MEDIA_ROOT, which no URL serves.
    assert attachment.file.name.startswith("evidence/") and attachment.file.name.endswith(".pdf")
    assert "Biên" not in attachment.file.name
    assert str(settings.MEDIA_ROOT) in attachment.file.path
    event = AuditEvent.objects.get(practice=draft, action="attachment.added")
    assert event.actor == demo.officer

    download = client.get(reverse("attachment_download", args=[attachment.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert download["Content-Type"] == "application/pdf"
    disposition = download["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''Bi%C3%AAn%20b%E1%BA%A3n%20h%E1%BB%8Dp%20d%C3%A2n.pdf" in disposition


@pytest.mark.django_db
def test_image_is_a_photo_and_may_be_shown_inline(client, demo, draft):
    client.force_login(demo.officer)
    client.post(reverse("attachment_upload", args=[draft.pk]), {"file": SimpleUploadedFile("anh.png", PNG_BYTES)})
    attachment = Attachment.objects.get(practice=draft)
    assert attachment.kind == "photo"
    inline = client.get(reverse("attachment_download", args=[attachment.pk]) + "?inline=1")
    assert inline["Content-Disposition"].startswith("inline")
    assert inline["Content-Type"] == "image/png"


@pytest.mark.django_db
def test_pdf_is_never_inline(client, demo, draft):
    client.force_login(demo.officer)
    client.post(reverse("attachment_upload", args=[draft.pk]), {"file": SimpleUploadedFile("a.pdf", PDF_BYTES)})
    attachment = Attachment.objects.get(practice=draft)
    response = client.get(reverse("attachment_download", args=[attachment.pk]) + "?inline=1")
    assert response["Content-Disposition"].startswith("attachment")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bao-cao.pdf", PNG_BYTES, "Tệp không đúng định dạng"),
        ("bao-cao.pdf", b"chi la van ban", "Tệp không đúng định dạng"),
    ],
)
def test_view_rejects_wrong_content(client, demo, draft, name, content, message):
    client.force_login(demo.officer)
    response = client.post(reverse("attachment_upload", args=[draft.pk]), {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Attachment.objects.filter(practice=draft).exists()


@pytest.mark.django_db
def test_view_rejects_oversized(client, demo, draft, settings):
    settings.UPLOAD_MAX_BYTES = 2048
    client.force_login(demo.officer)
    response = client.post(
        reverse("attachment_upload", args=[draft.pk]),
        {"file": SimpleUploadedFile("lon.pdf", PDF_BYTES + b"x" * 4096)},
    )
    assert response.status_code == 400
    assert "Tệp quá lớn" in response.content.decode()
    assert not Attachment.objects.filter(practice=draft).exists()


@pytest.mark.django_db
def test_no_upload_once_proposed(client, demo):
    proposed = make_practice(demo.an_luu, state="proposed")
    client.force_login(demo.officer)
    response = client.post(
        reverse("attachment_upload", args=[proposed.pk]), {"file": SimpleUploadedFile("a.pdf", PDF_BYTES)}, follow=True
    )
    assert "không thể bổ sung tệp" in response.content.decode()
    assert not Attachment.objects.filter(practice=proposed).exists()


@pytest.mark.django_db
def test_media_is_not_served_by_url(client, demo, draft):
    client.force_login(demo.officer)
    client.post(reverse("attachment_upload", args=[draft.pk]), {"file": SimpleUploadedFile("a.pdf", PDF_BYTES)})
    attachment = Attachment.objects.get(practice=draft)
    assert client.get("/media/" + attachment.file.name).status_code == 404


@pytest.mark.django_db
def test_timeline_names_the_attachment_kind_in_words(client, demo, draft):
    client.force_login(demo.officer)
    client.post(
        reverse("attachment_upload", args=[draft.pk]),
        {"file": SimpleUploadedFile("Ảnh hiện trường.png", PNG_BYTES, content_type="image/png"), "kind": "photo"},
    )
    page = client.get(reverse("practice_detail", args=[draft.pk])).content.decode()
    timeline = page.split('class="list-unstyled timeline')[1]
    assert "Ảnh hiện trường.png" in timeline
    assert "Hình ảnh" in timeline
    assert "photo" not in timeline
