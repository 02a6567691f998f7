"""Books of models: the PDF (cover, contents, one page per practice with its QR code), the Celery build, the pages."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from documents.builders.book import build_book_pdf
from documents.models import Book, BookStatus
from documents.services.books import book_request
from models_registry.errors import DomainError
from models_registry.models import Phase
from tests.models_registry.review_fixtures import recognized

from ..helpers import pdf_reader, pdf_text, qr_matrix, qr_modules

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.SITE_URL = "https://danvan.example.gov.vn"


@pytest.fixture
def phase():
    return Phase.objects.get(name="2021–2025")


@pytest.fixture
def kinh_mon_practices(demo, phase):
    return [
        recognized(demo.an_luu, title="Hiến đất làm đường", phase=phase, outstanding=True, content="Họp dân."),
        recognized(demo.an_luu, title="Camera an ninh", phase=phase, results="Lắp 40 camera."),
        recognized(demo.an_luu, title="Tuyến đường hoa", phase=phase, summary="Trồng hoa hai bên đường. " * 200),
    ]


def test_book_has_a_cover_contents_and_one_page_per_practice(demo, phase, kinh_mon_practices):
    elsewhere = recognized(demo.thanh_an, title="Ở Thanh Hà", phase=phase)
    from documents.builders.book import book_practices

    practices = book_practices(unit=demo.kinh_mon, phase=phase)
    assert {p.pk for p in practices} == {p.pk for p in kinh_mon_practices} and elsewhere not in practices
    name, content_type, pdf = build_book_pdf(unit=demo.kinh_mon, phase=phase, practices=practices)
    assert name == "Tuyển-tập-2021–2025-Thị-xã-Kinh-Môn.pdf" and content_type == "application/pdf"
    reader = pdf_reader(pdf)
    assert len(reader.pages) == 2 + 3  # cover, contents, then one page each (long texts are cut to fit)
    cover = " ".join(reader.pages[0].extract_text().split())
    assert "TUYỂN TẬP MÔ HÌNH, ĐIỂN HÌNH “DÂN VẬN KHÉO” GIAI ĐOẠN 2021–2025" in cover
    assert "Thị xã Kinh Môn — 3 mô hình, điển hình" in cover and "THỊ ỦY KINH MÔN" in cover
    contents = " ".join(reader.pages[1].extract_text().split())
    assert contents.startswith("MỤC LỤC")
    for number, practice in enumerate(practices, start=1):
        assert f"{number}. {practice.title} — Phường An Lưu {number}" in contents
        page = reader.pages[1 + number]
        text = " ".join(page.extract_text().split())
        assert practice.title in text and text.rstrip().endswith(str(number))  # the page number it is listed at
        url = f"https://danvan.example.gov.vn/public/{practice.pk}/"
        assert url in "".join(text.split())  # printed under the QR code, broken across lines of a narrow cell
        assert qr_matrix(url) in [qr_modules(image.image) for image in page.images]
    assert "Tiêu biểu" in pdf_text(pdf)


def test_a_book_is_built_by_the_worker_and_downloaded(
    client, demo, phase, kinh_mon_practices, django_capture_on_commit_callbacks
):
    client.force_login(demo.reviewer)
    with django_capture_on_commit_callbacks(execute=True):  # CELERY_TASK_ALWAYS_EAGER: the task runs here
        response = client.post(reverse("book_list"), {"unit": demo.kinh_mon.pk, "phase": phase.pk})
    book = Book.objects.get()
    assert response.status_code == 302 and response.url == reverse("book_detail", args=[book.pk])
    assert (book.status, book.progress, book.practice_count, book.page_count) == (BookStatus.SUCCEEDED, 100, 3, 5)
    status = client.get(reverse("book_status", args=[book.pk])).json()
    assert status["final"] and status["pdf_url"] == reverse("book_download", args=[book.pk])
    download = client.get(reverse("book_download", args=[book.pk]))
    pdf = b"".join(download.streaming_content)
    assert "Hiến đất làm đường" in pdf_text(pdf)
    page = client.get(reverse("book_detail", args=[book.pk])).content.decode()
    assert "Tải tuyển tập (PDF)" in page


def test_a_book_outside_the_scope_cannot_be_requested(demo, phase):
    with pytest.raises(DomainError):
        book_request(actor=demo.reviewer, unit=demo.thanh_ha, phase=phase)
    with pytest.raises(DomainError):
        book_request(actor=demo.reviewer, unit=demo.province, phase=phase)
    assert not Book.objects.exists()


def test_the_request_form_offers_only_units_in_scope(client, demo, phase):
    client.force_login(demo.reviewer)
    response = client.post(reverse("book_list"), {"unit": demo.thanh_ha.pk, "phase": phase.pk})
    assert response.status_code == 200 and not Book.objects.exists()
    assert "Lựa chọn không hợp lệ" in response.content.decode() or "Hãy chọn" in response.content.decode()


@pytest.fixture
def kinh_mon_book(demo, phase):
    book = Book.objects.create(
        unit=demo.kinh_mon, phase=phase, requested_by=demo.reviewer, status=BookStatus.SUCCEEDED, progress=100
    )
    book.file.save("tt.pdf", ContentFile(b"%PDF-1.4 tuyen tap"), save=True)
    return book


BOOK_ACCESS = {"reviewer": 200, "provincial": 200, "admin": 200, "reviewer2": 404, "officer": 404, "officer2": 404}


@pytest.mark.parametrize("username, status", [*BOOK_ACCESS.items(), (None, 302)])
@pytest.mark.parametrize("view", ["book_detail", "book_status", "book_download"])
def test_book_pages_by_role(client, demo, kinh_mon_book, username, status, view):
    if username:
        client.force_login(demo.users[username])
    response = client.get(reverse(view, args=[kinh_mon_book.pk]))
    assert response.status_code == status


@pytest.mark.parametrize("username, status", [*BOOK_ACCESS.items(), (None, 302)])
def test_book_list_by_role(client, demo, kinh_mon_book, username, status):
    if username:
        client.force_login(demo.users[username])
    response = client.get(reverse("book_list"))
    assert response.status_code == (
        404 if status == 404 and username in ("officer", "officer2") else 200 if username else 302
    )
    if username in ("reviewer", "provincial", "admin"):
        assert reverse("book_detail", args=[kinh_mon_book.pk]) in response.content.decode()
    if username == "reviewer2":
        assert reverse("book_detail", args=[kinh_mon_book.pk]) not in response.content.decode()


def test_book_list_query_count_does_not_grow_with_books(client, demo, phase, django_assert_max_num_queries):
    for _ in range(25):
        Book.objects.create(unit=demo.kinh_mon, phase=phase, requested_by=demo.reviewer)
    client.force_login(demo.reviewer)
    with django_assert_max_num_queries(13):  # session, user, memberships, units and phases of the form, page
        assert client.get(reverse("book_list")).status_code == 200


def test_parts_laid_out_in_parallel_keep_their_order_numbers_and_levels(demo, phase, kinh_mon_practices, monkeypatch):
    """Parts of one practice each, two layout processes: the merged book reads as if laid out in one go."""
    from documents.builders import book

    monkeypatch.setattr(book, "BOOK_PART_SIZE", 1)
    practices = book.book_practices(unit=demo.kinh_mon, phase=phase)
    progress = []
    pdf = build_book_pdf(
        unit=demo.kinh_mon, phase=phase, practices=practices, workers=2, on_progress=lambda *a: progress.append(a)
    )[2]
    reader = pdf_reader(pdf)
    assert len(reader.pages) == 2 + 3 and progress[-1] == (4, 4)
    contents = " ".join(reader.pages[1].extract_text().split())
    for number, practice in enumerate(practices, start=1):
        assert f"{number}. {practice.title} — Phường An Lưu {number}" in contents
        text = " ".join(reader.pages[1 + number].extract_text().split())
        assert practice.title in text and text.endswith(str(number))
        # The level as the deciding body named it (a district board of 2021–2025: "cấp huyện").
        assert "Công nhận cấp huyện: Quyết định số" in text


def test_a_part_that_runs_long_moves_the_page_numbers_after_it(demo, phase, kinh_mon_practices, monkeypatch):
    """Should a practice ever take two pages, the parts after it are laid out again with the right numbers."""
    from documents.builders import book

    monkeypatch.setattr(book, "BOOK_PART_SIZE", 1)
    monkeypatch.setattr(book, "TEXT_LIMITS", {"summary": 10**6, "content": 10**6, "results": 10**6})
    original = book.render_to_string

    def unclipped(template, context):
        html = original(template, context)
        return html.replace("</head>", "<style>.practice { height: auto; overflow: visible; }</style></head>")

    monkeypatch.setattr(book, "render_to_string", unclipped)
    first = next(p for p in kinh_mon_practices if p.title == "Camera an ninh")  # first in the book's order
    type(first).objects.filter(pk=first.pk).update(summary="Lắp camera ở từng ngõ, xóm. " * 300)
    type(first).objects.filter(title="Tuyến đường hoa").update(summary="Trồng hoa hai bên đường.")
    practices = book.book_practices(unit=demo.kinh_mon, phase=phase)
    assert practices[0].pk == first.pk
    reader = pdf_reader(build_book_pdf(unit=demo.kinh_mon, phase=phase, practices=practices, workers=2)[2])
    long_pages = len(reader.pages) - 2 - 2  # cover, contents and the two other practices' pages
    assert long_pages >= 2
    contents = " ".join(reader.pages[1].extract_text().split())
    expected = [1, 1 + long_pages, 2 + long_pages]
    for number, (practice, page) in enumerate(zip(practices, expected, strict=True), start=1):
        assert f"{number}. {practice.title} — Phường An Lưu {page}" in contents
    for practice, page in zip(practices[1:], expected[1:], strict=True):
        text = " ".join(reader.pages[1 + page].extract_text().split())
        assert practice.title in text and text.endswith(str(page))  # the printed number follows the long one
