"""Import pages: every view for every role, in and out of scope (out of scope and officers: 404)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from models_registry.imports.columns import COLUMNS
from models_registry.imports.sample import SAMPLE_FILE
from models_registry.models import AuditEvent, ImportBatch, ImportStatus, Practice

from .helpers import good_row, upload, xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def batches(demo):
    """A checked batch of Kinh Môn's reviewer and one of Thanh Hà's reviewer."""
    return {
        "kinh_mon": upload(demo.reviewer, demo.kinh_mon, xlsx([good_row()])),
        "thanh_ha": upload(demo.reviewer2, demo.thanh_ha, xlsx([good_row(unit="Xã Thanh An")])),
    }


def get(client, user, name, *args):
    if user is not None:
        client.force_login(user)
    return client.get(reverse(name, args=args))


# (user, the batch it sees) — None: the batch is out of scope (404)
MATRIX = {
    "reviewer": {"kinh_mon": 200, "thanh_ha": 404},
    "reviewer2": {"kinh_mon": 404, "thanh_ha": 200},
    "provincial": {"kinh_mon": 200, "thanh_ha": 200},
    "admin": {"kinh_mon": 200, "thanh_ha": 200},
    "officer": {"kinh_mon": 404, "thanh_ha": 404},
    "officer2": {"kinh_mon": 404, "thanh_ha": 404},
}


@pytest.mark.parametrize("username", sorted(MATRIX))
def test_pages_by_role(client, demo, batches, username):
    user = demo.users[username]
    board = MATRIX[username]["kinh_mon"] == 200 or MATRIX[username]["thanh_ha"] == 200
    for name in ("import_index", "import_template", "import_sample"):
        assert get(client, user, name).status_code == (200 if board else 404), name
    for key, expected in MATRIX[username].items():
        batch = batches[key]
        assert get(client, user, "import_detail", batch.pk).status_code == expected
        assert get(client, user, "import_status", batch.pk).status_code == expected
        with TestCase.captureOnCommitCallbacks(execute=True):
            response = client.post(reverse("import_confirm", args=[batch.pk]))
        assert response.status_code == (302 if expected == 200 else 404)
    imported = {key: ImportBatch.objects.get(pk=b.pk).status == ImportStatus.IMPORTED for key, b in batches.items()}
    assert imported == {key: code == 200 for key, code in MATRIX[username].items()}


def test_anonymous_users_go_to_the_login_page(client, batches):
    for name, args in (("import_index", ()), ("import_template", ()), ("import_detail", (batches["kinh_mon"].pk,))):
        response = client.get(reverse(name, args=args))
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert client.post(reverse("import_confirm", args=[batches["kinh_mon"].pk])).status_code == 302
    assert ImportBatch.objects.get(pk=batches["kinh_mon"].pk).status == ImportStatus.CHECKED


def test_a_reviewer_cannot_upload_into_another_boards_scope(client, demo):
    client.force_login(demo.reviewer)
    response = client.post(
        reverse("import_index"),
        {"unit": demo.thanh_ha.pk, "file": SimpleUploadedFile("a.xlsx", xlsx([good_row()]))},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["unit"] == [
        "Hãy chọn một lựa chọn hợp lệ. Lựa chọn đó không phải là một trong các lựa chọn khả thi."
    ]
    assert not ImportBatch.objects.exists()


def test_upload_preview_confirm_through_the_pages(client, demo, django_capture_on_commit_callbacks):
    client.force_login(demo.reviewer)
    rows = [good_row(), good_row(title="Sai", unit="Phường An Lu")]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("import_index"), {"unit": demo.kinh_mon.pk, "file": SimpleUploadedFile("kinh-mon.xlsx", xlsx(rows))}
        )
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("import_detail", args=[batch.pk])
    page = client.get(response["Location"]).content.decode()
    assert "1 dòng có lỗi — chưa thể nhập" in page
    assert "Không tìm thấy đơn vị “Phường An Lu” trong phạm vi của bạn. Có phải: Phường An Lưu" in page
    assert "Xác nhận nhập" not in page
    response = client.post(reverse("import_confirm", args=[batch.pk]), follow=True)
    assert "Tệp còn dòng có lỗi." in response.content.decode()
    assert not Practice.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("import_index"), {"unit": demo.kinh_mon.pk, "file": SimpleUploadedFile("sua.xlsx", xlsx(rows[:1]))}
        )
    fixed = ImportBatch.objects.latest("pk")
    page = client.get(response["Location"]).content.decode()
    assert "Xác nhận nhập" in page and "Tạo mới" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("import_confirm", args=[fixed.pk]))
    response = client.get(response["Location"])
    assert "Đã nhập xong: 1 mô hình mới, 0 mô hình được cập nhật." in response.content.decode()
    assert Practice.objects.get().unit == demo.an_luu
    assert AuditEvent.objects.filter(action="import.imported", object_id=str(fixed.pk)).exists()


def test_template_and_sample_downloads(client, demo):
    client.force_login(demo.provincial)
    response = get(client, None, "import_template")
    assert response["Content-Disposition"] == 'attachment; filename="mau-nhap-mo-hinh.xlsx"'
    import io

    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Danh sách mô hình", "Hướng dẫn"]
    header = [cell.value for cell in workbook.worksheets[0][3]]
    assert header == [column.header_vi for column in COLUMNS]
    guide = [row[0] for row in workbook.worksheets[1].iter_rows(values_only=True)]
    assert all(column.header_vi in guide for column in COLUMNS)
    response = get(client, None, "import_sample")
    assert b"".join(response.streaming_content) == SAMPLE_FILE.read_bytes()


def test_the_index_lists_only_batches_in_scope(client, demo, batches, django_assert_max_num_queries):
    client.force_login(demo.reviewer2)
    with django_assert_max_num_queries(10):
        page = client.get(reverse("import_index")).content.decode()
    assert reverse("import_detail", args=[batches["thanh_ha"].pk]) in page
    assert reverse("import_detail", args=[batches["kinh_mon"].pk]) not in page
