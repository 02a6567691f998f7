"""Every error page in Vietnamese, each saying what went wrong (danvan/errors.py)."""

import pytest
from django.test import Client
from django.urls import path, reverse

from danvan import urls as project_urls

pytestmark = pytest.mark.django_db


def boom(request):
    raise RuntimeError("kaboom")


def denied(request):
    from django.core.exceptions import PermissionDenied

    raise PermissionDenied


def suspicious(request):
    from django.core.exceptions import SuspiciousOperation

    raise SuspiciousOperation("bad")


urlpatterns = [
    path("test-500/", boom),
    path("test-403/", denied),
    path("test-400/", suspicious),
    *project_urls.urlpatterns,
]
handler400, handler403, handler404, handler500 = (
    project_urls.handler400,
    project_urls.handler403,
    project_urls.handler404,
    project_urls.handler500,
)


def assert_vietnamese(response, status, *phrases):
    page = response.content.decode()
    assert response.status_code == status
    assert f"Mã lỗi {status}" in page
    for phrase in phrases:
        assert phrase in page
    for english in ("Server Error", "Not Found", "Bad Request", "Forbidden", "CSRF verification failed"):
        assert english not in page


@pytest.fixture
def raising_client(settings):
    settings.ROOT_URLCONF = __name__
    return Client(raise_request_exception=False)


def test_500_is_vietnamese_and_says_nothing_was_saved(raising_client):
    assert_vietnamese(raising_client.get("/test-500/"), 500, "Hệ thống gặp lỗi", "chưa được lưu")


def test_403_is_vietnamese(raising_client):
    assert_vietnamese(raising_client.get("/test-403/"), 403, "Bạn không có quyền thực hiện thao tác này")


def test_400_is_vietnamese(raising_client):
    assert_vietnamese(raising_client.get("/test-400/"), 400, "Yêu cầu không hợp lệ", "Quay lại")


def test_404_is_vietnamese_and_the_refusal_is_logged(client, demo, caplog):
    client.force_login(demo.officer)
    with caplog.at_level("INFO", logger="danvan.security"):
        response = client.get(reverse("practice_detail", args=[987654321]))
    assert_vietnamese(response, 404, "Không tìm thấy trang", "ngoài phạm vi đơn vị của bạn")
    assert any(r.getMessage().startswith("access.refused user_id=") for r in caplog.records)


def test_413_says_the_request_was_too_large(client, demo, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client.force_login(demo.officer)
    response = client.post(reverse("practice_create"), {"summary": "x" * 5000})
    assert_vietnamese(response, 413, "Dữ liệu gửi lên quá lớn", "Quay lại")


def test_too_many_fields_is_a_413_too(client, demo, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    client.force_login(demo.officer)
    response = client.post(reverse("practice_create"), {f"f{i}": "x" for i in range(20)})
    assert_vietnamese(response, 413, "quá nhiều trường")


def test_csrf_failure_says_why(demo):
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("login"))  # the cookie is set, but the form's token is missing
    response = client.post(reverse("login"), {"username": "officer", "password": "danvan2021"})
    assert_vietnamese(response, 403, "Biểu mẫu đã hết hạn", "tải lại trang")


def test_503_while_the_database_restarts_is_vietnamese():
    from django.template.loader import render_to_string

    page = render_to_string("db_unavailable.html")
    assert "Cơ sở dữ liệu đang khởi động lại" in page


def test_a_database_error_that_is_not_an_outage_is_not_called_a_restart():
    import psycopg2
    from django.db import InterfaceError, OperationalError

    from models_registry.web.middleware import database_unavailable

    def wrapped(cause):
        error = OperationalError(str(cause))
        error.__cause__ = cause
        return error

    class Limit(psycopg2.errors.ProgramLimitExceeded):
        pgcode = "54000"

    class Shutdown(psycopg2.errors.AdminShutdown):
        pgcode = "57P01"

    assert not database_unavailable(wrapped(Limit("index row size exceeds maximum")))
    assert database_unavailable(wrapped(Shutdown("terminating connection due to administrator command")))
    assert database_unavailable(wrapped(psycopg2.OperationalError("connection refused")))  # no SQLSTATE
    assert database_unavailable(InterfaceError("connection already closed"))
    assert not database_unavailable(ValueError("x"))
