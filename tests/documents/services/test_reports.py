"""Issuing a report: the register gives the number, the numbered version is built and prints it."""

import datetime
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from documents.models import RegisterEntry
from reporting.models import Report, ReportStatus

from ..helpers import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def finished(demo):
    report = Report.objects.create(
        unit=demo.kinh_mon,
        period="h1",
        year=2026,
        status=ReportStatus.SUCCEEDED,
        requested_by=demo.reviewer,
        strengths="Các cơ sở vào cuộc tích cực.",
    )
    report.file.save("bc.pdf", ContentFile(b"%PDF-1.4 draft"), save=True)
    return report


def test_issuing_gives_the_next_number_and_builds_the_numbered_version(
    client, demo, finished, django_capture_on_commit_callbacks
):
    client.force_login(demo.reviewer)
    page = client.get(reverse("report_detail", args=[finished.pk])).content.decode()
    assert reverse("report_issue", args=[finished.pk]) in page
    with django_capture_on_commit_callbacks(execute=True):  # the eager Celery task builds the new version
        response = client.post(reverse("report_issue", args=[finished.pk]))
    numbered = Report.objects.get(unit=demo.kinh_mon, version=2)
    assert response.status_code == 302 and response.url == reverse("report_detail", args=[numbered.pk])
    entry = RegisterEntry.objects.get()
    assert (entry.number, entry.doc_type, entry.report, entry.issuer) == ("01-BC/BDVTXU", "BC", numbered, demo.kinh_mon)
    numbered.refresh_from_db()
    assert (numbered.number, numbered.status, numbered.strengths) == ("01", ReportStatus.SUCCEEDED, finished.strengths)
    with numbered.file.open("rb") as handle:
        assert "Số 01-BC/BDVTXU" in pdf_text(handle.read())
    # Issued once: neither version can take a second number, and the numbered one offers no issue button.
    again = client.post(reverse("report_issue", args=[finished.pk]), follow=True)
    assert "Báo cáo kỳ này đã được ban hành với số 01-BC/BDVTXU." in again.content.decode()
    assert RegisterEntry.objects.count() == 1
    page = client.get(reverse("report_detail", args=[numbered.pk])).content.decode()
    assert reverse("report_issue", args=[numbered.pk]) not in page


@pytest.mark.parametrize(
    ("issued", "dated", "not_dated"),
    [
        # Issued after the period: the day of issue, not the period's last day.
        (datetime.date(2026, 7, 20), "ngày 20 tháng 7 năm 2026", "ngày 14 tháng 6 năm 2026"),
        # Issued before the period is over: never dated before its last day (and the figures say provisional).
        (datetime.date(2026, 6, 1), "ngày 14 tháng 6 năm 2026", "ngày 01 tháng 6 năm 2026"),
    ],
)
def test_an_issued_report_is_dated_on_its_issue_date(
    client, demo, finished, django_capture_on_commit_callbacks, issued, dated, not_dated
):
    client.force_login(demo.reviewer)
    with (
        mock.patch("django.utils.timezone.localdate", return_value=issued),
        django_capture_on_commit_callbacks(execute=True),
    ):
        client.post(reverse("report_issue", args=[finished.pk]))
    assert RegisterEntry.objects.get().date == issued
    numbered = Report.objects.get(unit=demo.kinh_mon, version=2)
    with numbered.file.open("rb") as handle:
        text = pdf_text(handle.read())
    assert f"Kinh Môn, {dated}" in text
    assert not_dated not in text
    # Regenerated later, the issued report keeps its issue date.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("report_regenerate", args=[numbered.pk]))
    regenerated = Report.objects.get(unit=demo.kinh_mon, version=3)
    assert (regenerated.number, regenerated.status) == ("01", ReportStatus.SUCCEEDED)
    with regenerated.file.open("rb") as handle:
        assert f"Kinh Môn, {dated}" in pdf_text(handle.read())


def test_a_draft_is_dated_at_the_period_end(demo, finished):
    from reporting.builders.document import ReportDocument
    from reporting.builders.pdf import build_report_pdf
    from reporting.selectors import report_statistics

    document = ReportDocument.from_report(finished)
    assert document.issued_on is None
    document.statistics = report_statistics(unit=demo.kinh_mon, period_kind="h1", year=2026)
    assert "Kinh Môn, ngày 14 tháng 6 năm 2026" in pdf_text(build_report_pdf(document)[2])


@pytest.mark.parametrize("username", ["reviewer2", "officer", "officer2"])
def test_issuing_another_districts_report_is_404(client, demo, finished, username):
    client.force_login(demo.users[username])
    assert client.post(reverse("report_issue", args=[finished.pk])).status_code == 404
    assert not RegisterEntry.objects.exists()


def test_a_report_still_being_built_cannot_be_issued(client, demo, finished):
    Report.objects.filter(pk=finished.pk).update(status=ReportStatus.RUNNING)
    client.force_login(demo.reviewer)
    response = client.post(reverse("report_issue", args=[finished.pk]), follow=True)
    assert "Chỉ ban hành được báo cáo đã lập xong." in response.content.decode()
    assert not RegisterEntry.objects.exists()


def test_issuing_needs_post(client, demo, finished):
    client.force_login(demo.reviewer)
    assert client.get(reverse("report_issue", args=[finished.pk])).status_code == 405
