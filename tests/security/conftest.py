"""A district's worth of objects (Thị xã Kinh Môn) and every URL of the portal that names one of them."""

import datetime
import io
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver
from pypdf import PdfWriter

from api.services import token_create
from documents.models import Book
from models_registry.models import Attachment, ImportBatch, ImportStatus, Notification, PracticeState, SuccessorChoice
from models_registry.services import attachment_add
from reporting.models import Report, ReportStatus
from tests.factories import DecisionFactory, PracticeFactory
from tests.reporting.helpers import practice_in


def tiny_pdf(text=""):
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if text:
        writer.add_metadata({"/Title": text})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def tiny_png():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def walk_patterns(patterns=None, prefix=""):
    """(route, name, converters) of every URL pattern except Django's admin, whose objects are superuser-only."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if getattr(pattern, "namespace", None) == "admin":
                continue
            yield from walk_patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.name


PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")

# Which kind of object the first id of a route names, by the route's beginning. A new route with an id must be
# added here, or the IDOR sweep fails: nothing that names an object escapes the sweep.
OBJECT_BY_PREFIX = [
    ("practices/", "practice"),
    ("review/practices/", "practice"),
    ("public/photos/", "public_photo"),
    ("public/", "practice"),
    ("attachments/", "attachment"),
    ("decisions/", "decision"),
    ("reports/", "report"),
    ("notifications/", "notification"),
    ("accounts/officers/", "officer"),
    ("imports/", "import"),
    ("reform/choices/", "successor_choice"),
    ("books/", "book"),
    # The REST API (api/) and its token page.
    ("api/v1/practices/", "practice"),
    ("api/v1/review/practices/", "practice"),
    ("api/v1/decisions/", "decision"),
    ("api/v1/reports/", "report"),
    ("api/v1/units/", "unit"),
    ("api/v1/notifications/", "notification"),
    ("accounts/api-tokens/", "api_token"),
]
# Other parameters: every value the route accepts.
PARAM_VALUES = {"fmt": ["pdf", "xlsx"]}


def object_kind(route):
    for prefix, kind in OBJECT_BY_PREFIX:
        if route.startswith(prefix):
            return kind
    raise AssertionError(f"Route {route!r} takes an id but the security sweep does not know its object: add it.")


def fill(route, pk):
    """Concrete paths for ``route`` with ``pk`` for its id and each allowed value of its other parameters."""
    paths = ["/" + route]
    for converter, name in PARAM.findall(route):
        token = f"<{converter}:{name}>" if converter else f"<{name}>"
        if converter == "int":
            paths = [p.replace(token, str(pk)) for p in paths]
        else:
            values = PARAM_VALUES.get(name)
            assert values, f"Route {route!r}: no test values for parameter {name!r}"
            paths = [p.replace(token, value) for p in paths for value in values]
    return paths


def object_routes():
    return [(route, name) for route, name in walk_patterns() if PARAM.search(route)]


def plain_routes():
    return [(route, name) for route, name in walk_patterns() if not PARAM.search(route)]


@pytest.fixture
def kinh_mon_world(demo, settings, tmp_path):
    """Practices in every state, an attachment, a decision with its scan, a report, a unit and an officer's API token,
    all of Thị xã Kinh Môn."""
    settings.MEDIA_ROOT = tmp_path
    practices = {
        state: PracticeFactory(unit=demo.an_luu, state=state, created_by=demo.officer) for state in PracticeState
    }
    recognized = practice_in(demo.an_luu, PracticeState.RECOGNIZED, practices[PracticeState.DRAFT].created_at.date())
    practices[PracticeState.RECOGNIZED] = recognized
    attachment = attachment_add(
        practice=practices[PracticeState.DRAFT],
        actor=demo.officer,
        file=SimpleUploadedFile("bien-ban.pdf", tiny_pdf(), content_type="application/pdf"),
    )
    decision = DecisionFactory(board=demo.kinh_mon)
    decision.scanned_file.save("qd.pdf", ContentFile(tiny_pdf()), save=True)
    report = Report.objects.create(
        unit=demo.kinh_mon, period="h1", year=2024, status=ReportStatus.SUCCEEDED, requested_by=demo.reviewer
    )
    report.file.save("bc.pdf", ContentFile(tiny_pdf()), save=False)
    report.xlsx_file.save("bc.xlsx", ContentFile(b"PK\x03\x04 not really"), save=False)
    report.save()
    book = Book.objects.create(
        unit=demo.kinh_mon, phase=practices[PracticeState.DRAFT].phase, requested_by=demo.reviewer, status="succeeded"
    )
    book.file.save("tt.pdf", ContentFile(tiny_pdf()), save=True)
    notification = Notification.objects.create(
        recipient=demo.officer, practice=practices[PracticeState.RETURNED], action="practice.returned", message="x"
    )
    batch = ImportBatch.objects.create(
        unit=demo.kinh_mon,
        uploaded_by=demo.reviewer,
        original_name="mo-hinh-kinh-mon.xlsx",
        file="imports/mo-hinh-kinh-mon.xlsx",
        status=ImportStatus.CHECKED,
        row_count=1,
        counts={"rows": 1, "create": 0, "update": 0, "unchanged": 1, "errors": 0},
        preview=[
            {"row": 4, "title": "x", "unit": "Phường An Lưu", "action": "unchanged", "problems": [], "changes": []}
        ],
    )
    # A registered practice waiting for the board of its province to choose its new commune (after a reform).
    successor_choice = SuccessorChoice.objects.create(
        old_unit=demo.an_luu,
        province=demo.province,
        date=datetime.date(2025, 7, 1),
        practice=practices[PracticeState.REGISTERED],
    )
    api_token, _raw = token_create(actor=demo.officer, name="Kho dữ liệu", days=30)
    # A photo of the recognized practice that the board shows on the public page.
    public_photo = Attachment(
        practice=recognized, kind="photo", original_name="anh.png", content_type="image/png", size=1, public=True
    )
    public_photo.file.save("anh.png", ContentFile(tiny_png()), save=False)
    public_photo.save()
    return {
        "successor_choice": successor_choice,
        "import": batch,
        "practices": practices,
        "unit": demo.an_luu,
        "api_token": api_token,
        "practice": practices[PracticeState.PROPOSED],
        "attachment": attachment,
        "decision": decision,
        "report": report,
        "notification": notification,
        # An officer of An Lưu: Kinh Môn's board may reset the password, no other board may.
        "officer": demo.officer,
        "book": book,
        "public_photo": public_photo,
    }
