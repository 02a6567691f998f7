"""The public showcase as the visitors' home page: filters by field, today's unit and year, counts per field; the
practice page with its content, public photos (re-encoded thumbnails), decision and QR code; never contact data."""

import io
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from models_registry.models import Attachment, Field, Practice, PracticeState, Unit, UnitKind, UnitLevel

from ..review_fixtures import proposed, recognized

pytestmark = pytest.mark.django_db

ROLES = [None, "officer", "officer2", "reviewer", "reviewer2", "provincial", "admin"]


@pytest.fixture(autouse=True)
def fresh_cache(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()  # the per-field counts and the photos are cached
    yield
    cache.clear()


def image_bytes(size=(1200, 900), fmt="PNG", exif=None):
    buffer = io.BytesIO()
    image = Image.new("RGB", size, (30, 120, 200))
    if exif is not None:
        image.save(buffer, format=fmt, exif=exif)
    else:
        image.save(buffer, format=fmt)
    return buffer.getvalue()


def photo(practice, *, public=True, content=None, content_type="image/png", name="anh.png"):
    attachment = Attachment(
        practice=practice, kind="photo", original_name=name, content_type=content_type, size=1, public=public
    )
    attachment.file.save(name, ContentFile(content or image_bytes()), save=False)
    attachment.save()
    return attachment


def login(client, demo, username):
    client.logout()
    if username:
        client.force_login(demo.users[username])


def test_visitors_home_is_the_showcase_and_users_keep_their_start_page(client, demo):
    shown = recognized(demo.an_luu, title="Đường hoa An Lưu")
    response = client.get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert shown.title in html and 'id="showcase-filters"' in html
    client.force_login(demo.officer)
    html = client.get(reverse("home")).content.decode()
    assert 'id="showcase-filters"' not in html and "Xin chào" in html


def test_filter_by_year_of_recognition(client, demo):
    this_year = recognized(demo.an_luu, title="Công nhận năm nay")
    old = recognized(demo.an_luu, title="Công nhận năm trước")
    Practice.objects.filter(pk=old.pk).update(recognized_at=timezone.now() - timedelta(days=400))
    year = timezone.localdate().year

    def found(**params):
        return {p.pk for p in client.get(reverse("home"), params).context["page"].object_list}

    assert found(year=year) == {this_year.pk}
    assert found(year=year - 1) == {old.pk}
    assert found(year="abc") == found(year="1900") == {this_year.pk, old.pk}


def test_filter_by_todays_unit_includes_its_predecessors(client, demo):
    """A ward created by a reform shows what the communes it took in were recognized for."""
    ward = Unit.objects.create(
        code="T-WARD",
        name="Phường Mới",
        level=UnitLevel.COMMUNE,
        kind=UnitKind.WARD,
        reviews=True,
        parent=demo.province,
        history_paths=[demo.an_luu.path],
    )
    historical = recognized(demo.an_luu, title="Lịch sử An Lưu")
    own = recognized(ward, title="Của phường mới")
    elsewhere = recognized(demo.thanh_an, title="Của Thanh Hà")
    found = {p.pk for p in client.get(reverse("home"), {"district": ward.pk}).context["page"].object_list}
    assert found == {historical.pk, own.pk}
    assert elsewhere.pk not in found


def test_counts_per_field_follow_the_other_filters(client, demo):
    economy, culture = Field.objects.order_by("order")[:2]
    recognized(demo.an_luu, field=economy, title="Kinh tế 1")
    recognized(demo.an_luu, field=economy, title="Kinh tế 2")
    recognized(demo.thanh_an, field=culture, title="Văn hóa Thanh Hà")
    proposed(demo.an_luu, field=culture)  # not public: never counted
    facets = {f.pk: n for f, n in client.get(reverse("home")).context["facets"]}
    assert (facets[economy.pk], facets[culture.pk]) == (2, 1)
    response = client.get(reverse("home"), {"district": demo.kinh_mon.pk, "field": culture.pk})
    facets = {f.pk: n for f, n in response.context["facets"]}
    assert (facets[economy.pk], facets[culture.pk]) == (2, 0)  # the chips keep the unit, not the chosen field
    assert f'data-field="{economy.pk}"' in response.content.decode()


def test_public_page_shows_content_photos_decision_and_qr_never_contact(client, demo):
    practice = recognized(
        demo.an_luu,
        title="Dân vận khéo xây dựng đường hoa",
        content="Chia đường thành đoạn, mỗi hộ nhận một đoạn.",
        contact_name="Nguyễn Văn Liên Hệ",
        contact_phone="0912 345 678",
        contact_email="lienhe@example.vn",
    )
    shown, hidden = photo(practice), photo(practice, public=False, name="rieng.png")
    pdf = photo(practice, content=b"%PDF-1.4", content_type="application/pdf", name="bien-ban.pdf")
    html = client.get(reverse("public_detail", args=[practice.pk])).content.decode()
    assert "Chia đường thành đoạn, mỗi hộ nhận một đoạn." in html
    assert reverse("public_photo_thumb", args=[shown.pk]) in html
    assert reverse("public_photo_thumb", args=[hidden.pk]) not in html
    assert reverse("public_photo_thumb", args=[pdf.pk]) not in html
    assert practice.recognitions.get().decision.number in html
    assert 'src="data:image/png;base64,' in html and f"/public/{practice.pk}/" in html
    for value in ("Nguyễn Văn Liên Hệ", "0912 345 678", "lienhe@example.vn", "rieng.png"):
        assert value not in html


@pytest.mark.parametrize("username", ROLES)
def test_public_photos_for_every_visitor(client, demo, username):
    practice = recognized(demo.an_luu)
    shown = photo(practice)
    hidden = photo(practice, public=False)
    pdf = photo(practice, content=b"%PDF-1.4", content_type="application/pdf", name="x.pdf")
    Attachment.objects.filter(pk=pdf.pk).update(public=True)  # even if marked, a PDF is never a public photo
    draft = proposed(demo.an_luu)
    of_draft = photo(draft)
    login(client, demo, username)
    response = client.get(reverse("public_photo_thumb", args=[shown.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    if username is None:  # signed-in pages are never cached (danvan.middleware), whatever they show
        assert response["Cache-Control"].startswith("public")
    assert Image.open(io.BytesIO(response.content)).size == (480, 360)
    large = client.get(reverse("public_photo", args=[shown.pk]))
    assert Image.open(io.BytesIO(large.content)).size == (1200, 900)
    for attachment in (hidden, pdf, of_draft):
        for name in ("public_photo", "public_photo_thumb"):
            assert client.get(reverse(name, args=[attachment.pk])).status_code == 404


def test_public_photo_drops_metadata_and_follows_the_flag(client, demo):
    practice = recognized(demo.an_luu)
    exif = Image.Exif()
    exif[0x010E] = "Nhà ông Nguyễn Văn A, số 12"  # ImageDescription
    attachment = photo(practice, content=image_bytes(fmt="JPEG", exif=exif), content_type="image/jpeg", name="a.jpg")
    response = client.get(reverse("public_photo", args=[attachment.pk]))
    assert response.status_code == 200
    assert not Image.open(io.BytesIO(response.content)).getexif()
    Attachment.objects.filter(pk=attachment.pk).update(public=False)
    assert client.get(reverse("public_photo", args=[attachment.pk])).status_code == 404  # cached bytes or not
    # The private file itself is still served only through the permission check.
    assert client.get(reverse("attachment_download", args=[attachment.pk])).status_code == 302
    Practice.objects.filter(pk=practice.pk).update(state=PracticeState.DISCONTINUED)
    Attachment.objects.filter(pk=attachment.pk).update(public=True)
    assert client.get(reverse("public_photo", args=[attachment.pk])).status_code == 404


def test_a_broken_image_is_404_not_an_error(client, demo):
    practice = recognized(demo.an_luu)
    broken = photo(practice, content=b"\x89PNG\r\n\x1a\nnot an image")
    assert client.get(reverse("public_photo_thumb", args=[broken.pk])).status_code == 404


def test_showcase_cards_show_the_first_public_photo(client, demo):
    practice = recognized(demo.an_luu, title="Có ảnh")
    first = photo(practice)
    photo(practice)
    html = client.get(reverse("home")).content.decode()
    assert reverse("public_photo_thumb", args=[first.pk]) in html
