"""Report endpoints × every role: list, request, status and download, only inside the board scope."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from models_registry.models import AuditEvent
from reporting.models import Report, ReportStatus

from .conftest import ROLES

pytestmark = pytest.mark.django_db

SEES = {
    "officer": set(),
    "officer2": set(),
    "reviewer": {"kinh_mon"},
    "reviewer2": {"thanh_ha"},
    "provincial": {"kinh_mon", "thanh_ha", "province"},
    "anonymous": set(),
}
PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def reports(demo):
    """A finished report of Kinh Môn, of Thanh Hà and of the province (files written directly: no worker)."""
    built = {}
    for key, unit in [("kinh_mon", demo.kinh_mon), ("thanh_ha", demo.thanh_ha), ("province", demo.province)]:
        report = Report.objects.create(unit=unit, period="h1", year=2022, status=ReportStatus.SUCCEEDED, progress=100)
        report.file.save("bao-cao.pdf", ContentFile(PDF), save=False)
        report.xlsx_file.save("bao-cao.xlsx", ContentFile(b"PK\x03\x04xlsx"), save=False)
        report.save()
        built[key] = report
    return built


@pytest.mark.parametrize("role", ROLES)
def test_list_status_and_download_by_role(api, demo, reports, role):
    listing = api.get(role, reverse("api:report-list"))
    if role == "anonymous":
        assert listing.status_code == 401
    else:
        assert listing.status_code == 200
        assert {row["id"] for row in listing.json()["results"]} == {reports[key].pk for key in SEES[role]}
    for key, report in reports.items():
        status = api.get(role, reverse("api:report-detail", args=[report.pk]))
        pdf = api.get(role, reverse("api:report-download", args=[report.pk, "pdf"]))
        expected = 401 if role == "anonymous" else 200 if key in SEES[role] else 404
        assert (status.status_code, pdf.status_code) == (expected, expected), (role, key)
        if expected == 200:
            assert status.json()["status"] == "succeeded"
            assert status.json()["downloads"]["pdf"] == reverse("api:report-download", args=[report.pk, "pdf"])
            assert pdf["Content-Type"] == "application/pdf"
            assert b"".join(pdf.streaming_content) == PDF


def test_unknown_format_and_unfinished_report_are_404(api, demo, reports):
    report = reports["kinh_mon"]
    assert api.get("reviewer", f"/api/v1/reports/{report.pk}/download/docx/").status_code == 404
    queued = Report.objects.create(unit=demo.kinh_mon, period="year", year=2022, status=ReportStatus.QUEUED)
    assert api.get("reviewer", reverse("api:report-download", args=[queued.pk, "pdf"])).status_code == 404
    assert api.get("reviewer", reverse("api:report-detail", args=[queued.pk])).json()["downloads"] == {}


# role -> (unit key, expected status)
REQUESTS = {
    "officer": ("kinh_mon", 404),
    "officer2": ("kinh_mon", 404),
    "reviewer": ("kinh_mon", 202),
    "reviewer2": ("kinh_mon", 400),
    "provincial": ("province", 202),
    "anonymous": ("kinh_mon", 401),
}


@pytest.mark.parametrize("role", ROLES)
def test_request_by_role(api, demo, role, django_capture_on_commit_callbacks):
    key, expected = REQUESTS[role]
    unit = demo.kinh_mon if key == "kinh_mon" else demo.province
    body = {"unit": unit.pk, "period": "h1", "year": 2022, "number": "07", "strengths": "Nhiều mô hình hay"}
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = api.post(role, reverse("api:report-list"), body)
    assert response.status_code == expected, response.content
    if expected != 202:
        assert not Report.objects.exists() and not callbacks
        return
    report = Report.objects.get()
    assert report.requested_by == demo.users[role] and report.strengths == "Nhiều mô hình hay"
    assert response.json()["status"] == "queued" and response.json()["id"] == report.pk
    assert len(callbacks) == 1  # the build is queued after commit, as from the page
    assert AuditEvent.objects.filter(action="report.requested", object_id=str(report.pk)).count() == 1


def test_request_with_a_bad_year_is_400_with_the_message(api, demo):
    body = {"unit": demo.kinh_mon.pk, "period": "h1", "year": 2999}
    response = api.post("reviewer", reverse("api:report-list"), body)
    assert response.status_code == 400
    assert response.json()["detail"] == "Năm báo cáo không hợp lệ."
