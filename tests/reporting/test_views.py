"""Report pages: every view × every role × in-scope and out-of-scope reports; request and download."""

import pytest
from django.urls import reverse

from reporting.models import Report, ReportStatus
from reporting.services import requests

pytestmark = pytest.mark.django_db

ROLES = ["officer", "officer2", "reviewer", "reviewer2", "provincial", "admin"]
# Which role sees which report (unit name): officers see none, boards their own, the province all.
SEES = {
    "officer": set(),
    "officer2": set(),
    "reviewer": {"kinh_mon"},
    "reviewer2": {"thanh_ha"},
    "provincial": {"kinh_mon", "thanh_ha", "province"},
    "admin": {"kinh_mon", "thanh_ha", "province"},
}


@pytest.fixture
def reports(world, django_capture_on_commit_callbacks):
    demo = world.demo
    built = {}
    for key, unit in [("kinh_mon", demo.kinh_mon), ("thanh_ha", demo.thanh_ha), ("province", demo.province)]:
        with django_capture_on_commit_callbacks(execute=True):
            report = requests.report_request(actor=demo.provincial, unit=unit, period="h1", year=2022)
        report.refresh_from_db()
        assert report.status == ReportStatus.SUCCEEDED
        built[key] = report
    return built


def urls(report):
    return [
        reverse("report_detail", args=[report.pk]),
        reverse("report_status", args=[report.pk]),
        reverse("report_download", args=[report.pk, "pdf"]),
        reverse("report_download", args=[report.pk, "xlsx"]),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_every_report_url_answers_404_outside_scope(client, world, reports, role):
    client.force_login(world.demo.users[role])
    for key, report in reports.items():
        for url in urls(report):
            response = client.get(url)
            expected = 200 if key in SEES[role] else 404
            assert response.status_code == expected, (role, key, url)
        before = Report.objects.count()
        response = client.post(reverse("report_regenerate", args=[report.pk]))
        if key in SEES[role]:
            assert response.status_code == 302
        else:
            assert response.status_code == 404
            assert Report.objects.count() == before


@pytest.mark.parametrize("role", ROLES)
def test_list_shows_only_reports_in_scope(client, world, reports, role, django_assert_max_num_queries):
    client.force_login(world.demo.users[role])
    with django_assert_max_num_queries(14):
        response = client.get(reverse("report_list"))
    assert response.status_code == 200
    shown = {report.pk for group in response.context["groups"] for report in group["versions"]}
    assert shown == {reports[key].pk for key in SEES[role]}
    assert (response.context["form"] is not None) == (role in ("reviewer", "reviewer2", "provincial", "admin"))


def test_unknown_report_and_format_are_404(client, world, reports):
    client.force_login(world.demo.provincial)
    assert client.get(reverse("report_detail", args=[999999])).status_code == 404
    assert client.get(f"/reports/{reports['kinh_mon'].pk}/download/docx/").status_code == 404


def test_reviewer_requests_a_report_through_the_form(client, world, django_capture_on_commit_callbacks):
    demo = world.demo
    client.force_login(demo.reviewer)
    data = {
        "unit": demo.kinh_mon.pk,
        "period": "h1",
        "year": 2022,
        "number": "07",
        "strengths": "Nhiều mô hình <script>alert(1)</script> hiệu quả",
        "shortcomings": "",
        "causes": "",
        "lessons": "",
        "directions": "",
    }
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("report_list"), data)
    assert len(callbacks) == 1
    report = Report.objects.get()
    assert response.status_code == 302 and response.url == reverse("report_detail", args=[report.pk])
    assert report.requested_by == demo.reviewer and report.number == "07"
    assert report.strengths.startswith("Nhiều mô hình")
    # Tests run tasks inline (no broker): the report is built once the request's transaction commits.
    page = client.get(response.url)
    assert page.status_code == 200
    assert reverse("report_download", args=[report.pk, "pdf"]) in page.content.decode()
    assert b"job_progress.js" in page.content
    status = client.get(reverse("report_status", args=[report.pk])).json()
    assert status["status"] == "succeeded" and status["progress"] == 100 and status["final"] is True
    assert status["pdf_url"] == reverse("report_download", args=[report.pk, "pdf"])


def test_reviewer_cannot_request_another_district_or_the_summary(client, world):
    demo = world.demo
    client.force_login(demo.reviewer)
    for unit in (demo.thanh_ha, demo.province):
        response = client.post(reverse("report_list"), {"unit": unit.pk, "period": "h1", "year": 2022})
        assert response.status_code == 200
        assert "unit" in response.context["form"].errors
    assert not Report.objects.exists()


def test_officer_cannot_request(client, world):
    client.force_login(world.demo.officer)
    response = client.post(reverse("report_list"), {"unit": world.demo.kinh_mon.pk, "period": "h1", "year": 2022})
    assert response.status_code == 404
    assert not Report.objects.exists()


def test_provincial_requests_the_summary(client, world, django_capture_on_commit_callbacks):
    demo = world.demo
    client.force_login(demo.provincial)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("report_list"), {"unit": demo.province.pk, "period": "year", "year": 2022})
    report = Report.objects.get()
    assert response.status_code == 302 and report.unit == demo.province and report.status == ReportStatus.SUCCEEDED


def test_download_has_a_vietnamese_file_name(client, world, reports):
    client.force_login(world.demo.provincial)
    report = reports["kinh_mon"]
    response = client.get(reverse("report_download", args=[report.pk, "pdf"]))
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="Bao-cao-6-thang-2022-Thi-xa-Kinh-Mon.pdf"')
    assert "filename*=UTF-8''B%C3%A1o-c%C3%A1o-6-th%C3%A1ng-2022-Th%E1%BB%8B-x%C3%A3-Kinh-M%C3%B4n.pdf" in disposition
    content = b"".join(response.streaming_content)
    assert content.startswith(b"%PDF") and content == report.file.open("rb").read()
    xlsx = client.get(reverse("report_download", args=[reports["province"].pk, "xlsx"]))
    assert 'filename="Bao-cao-tong-hop-6-thang-2022-Tinh-Hai-Duong.xlsx"' in xlsx["Content-Disposition"]
    assert b"".join(xlsx.streaming_content).startswith(b"PK")


def test_pending_report_page_polls_and_has_no_download(client, world):
    from unittest import mock

    demo = world.demo
    with mock.patch("reporting.services.requests.enqueue"):
        report = requests.report_request(actor=demo.reviewer, unit=demo.kinh_mon, period="h1", year=2022)
    client.force_login(demo.reviewer)
    page = client.get(reverse("report_detail", args=[report.pk])).content.decode()
    assert f'data-status-url="{reverse("report_status", args=[report.pk])}"' in page
    assert 'http-equiv="refresh"' in page
    assert client.get(reverse("report_download", args=[report.pk, "pdf"])).status_code == 404
    assert client.get(reverse("report_status", args=[report.pk])).json()["status"] == "queued"


def test_the_form_shows_the_dates_of_each_period_and_warns_when_it_is_not_over(
    client, world, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    from reporting.periods import period_bounds

    demo = world.demo
    client.force_login(demo.reviewer)
    today = timezone.localdate()
    page = client.get(reverse("report_list")).content.decode()
    for kind, label in (("h1", "Sơ kết 6 tháng"), ("year", "Tổng kết năm")):
        period = period_bounds(kind, today.year)
        status = "đã kết thúc" if period.end < today else "chưa kết thúc: số liệu sẽ là tạm tính"
        assert f"{label} {today.year}: từ {period.start:%d/%m/%Y} đến {period.end:%d/%m/%Y} ({status})" in page
    # The board's narrative, its proposals and the signer typed for this report reach the report row.
    running = "year" if period_bounds("year", today.year).end >= today else None
    data = {
        "unit": demo.kinh_mon.pk,
        "period": running or "h1",
        "year": today.year if running else today.year - 1,
        "leadership": "Ban Thường vụ ban hành Kế hoạch số 05.",
        "proposals": "Đề nghị tỉnh bố trí kinh phí.",
        "signer_name": "  Nguyễn   Văn An ",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("report_list"), data, follow=True)
    report = Report.objects.get()
    assert (report.leadership, report.proposals, report.signer_name) == (
        data["leadership"],
        data["proposals"],
        "Nguyễn Văn An",
    )
    warned = any("số liệu tạm tính" in str(message) for message in response.context["messages"])
    assert warned == bool(running)
