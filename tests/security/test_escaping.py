"""User text is shown as text everywhere: HTML pages, e-mails, the PDF report, and Excel files (no formulas)."""

import datetime
import io
import zipfile

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from models_registry.models import PracticeState
from models_registry.services import practice_return
from reporting.models import ReportStatus
from reporting.services.requests import report_request
from tests.factories import PracticeFactory
from tests.reporting.helpers import practice_in

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
FORMULA = '=HYPERLINK("http://x","Bấm vào đây")'
IMG = '<img src=x onerror="alert(2)">'


@pytest.fixture
def hostile(demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    day = timezone.localdate() - datetime.timedelta(days=30)
    recognized = practice_in(demo.an_luu, PracticeState.RECOGNIZED, day, title=f"Mô hình {SCRIPT}", summary=IMG)
    formula = practice_in(demo.an_luu, PracticeState.RECOGNIZED, day, title=FORMULA, summary="+1+2")
    proposed = PracticeFactory(unit=demo.an_luu, state=PracticeState.PROPOSED, title=f"Đề nghị {SCRIPT}")
    to_return = PracticeFactory(unit=demo.an_luu, state=PracticeState.PROPOSED, title=f"Trả lại {SCRIPT}")
    return {"recognized": recognized, "formula": formula, "proposed": proposed, "to_return": to_return}


def assert_escaped(html, where, shown=True):
    assert SCRIPT not in html, where
    assert "<img src=x" not in html, where
    if shown:
        assert ESCAPED in html, where


def test_titles_are_escaped_on_every_page(client, demo, hostile, django_capture_on_commit_callbacks):
    recognized, proposed = hostile["recognized"], hostile["proposed"]
    with django_capture_on_commit_callbacks(execute=True):
        practice_return(practice=hostile["to_return"], actor=demo.reviewer, reason=f"Thiếu ảnh {SCRIPT}")
    decision = recognized.recognitions.get().decision
    pages = {
        "officer": [
            reverse("practice_list"),
            reverse("practice_list") + "?q=" + SCRIPT,
            reverse("practice_detail", args=[recognized.pk]),
            reverse("practice_detail", args=[proposed.pk]),
            reverse("practice_detail", args=[hostile["to_return"].pk]),
            reverse("notification_list"),
        ],
        "reviewer": [
            reverse("review_queue"),
            reverse("practice_detail", args=[proposed.pk]),
            reverse("decision_detail", args=[decision.pk]),
            reverse("decision_list"),
        ],
        None: [
            reverse("public_list"),
            reverse("public_list") + "?q=script",
            reverse("public_detail", args=[recognized.pk]),
        ],
    }
    for username, paths in pages.items():
        client.logout()
        if username:
            client.force_login(demo.users[username])
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, path
            # The decision list shows numbers and dates, not titles.
            assert_escaped(response.content.decode(), f"{username} {path}", shown=path != reverse("decision_list"))


def test_search_text_is_escaped_when_echoed(client, demo):
    client.force_login(demo.officer)
    html = client.get(reverse("practice_list"), {"q": SCRIPT}).content.decode()
    assert SCRIPT not in html
    html = client.get(reverse("public_list"), {"q": SCRIPT}).content.decode()
    assert SCRIPT not in html


def test_notification_emails_are_plain_text(demo, hostile, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        practice_return(practice=hostile["to_return"], actor=demo.reviewer, reason=f"Lý do {IMG}")
    (message,) = mail.outbox
    # Plain text only: the title reads as typed and no mail program renders it as HTML.
    assert message.content_subtype == "plain" and not getattr(message, "alternatives", [])
    assert SCRIPT in message.body and IMG in message.body


def _sheet_xml(content):
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return "".join(archive.read(name).decode() for name in archive.namelist() if name.startswith("xl/worksheets/"))


def _assert_no_formulas(content):
    assert "<f>" not in _sheet_xml(content) and "<f " not in _sheet_xml(content)
    workbook = load_workbook(io.BytesIO(content))
    texts = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    texts.append(cell.value)
    return texts


def test_practice_export_has_no_formulas(client, demo, hostile):
    client.force_login(demo.officer)
    response = client.get(reverse("practice_export"))
    assert response.status_code == 200
    texts = _assert_no_formulas(response.content)
    assert any(FORMULA in text for text in texts)
    assert not any(text.startswith(("=", "+")) for text in texts)


@pytest.fixture
def built_report(demo, hostile, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = report_request(
            actor=demo.reviewer,
            unit=demo.kinh_mon,
            period="year",
            year=timezone.localdate().year,
            narrative={"strengths": f"Ưu điểm <b>đậm</b> {IMG}"},
        )
    report.refresh_from_db()
    assert report.status == ReportStatus.SUCCEEDED, report.error
    return report


def test_report_pdf_shows_script_as_text(built_report):
    with built_report.file.open("rb") as handle:
        text = "".join(page.extract_text() for page in PdfReader(handle).pages)
    flat = text.replace("\n", "")
    assert "<script>alert(1)</script>" in flat  # a title from an officer
    assert "Ưu điểm <b>đậm</b> <img src=x" in flat  # the board's own narrative


def test_report_xlsx_has_no_formulas(built_report):
    with built_report.xlsx_file.open("rb") as handle:
        texts = _assert_no_formulas(handle.read())
    assert any("HYPERLINK" in text for text in texts)
