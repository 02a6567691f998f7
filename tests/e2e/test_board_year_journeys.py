"""Journeys of issue 14 items 4–6 at an office PC's 1366×768 and a phone's 375×812: the public showcase with the
photos a board marks public and the QR code, the board's year (yearly check in bulk, private notes, assignment,
queue filters) and the dashboard over time grouped by today's units. Screenshots go to test-artifacts/e2e/<test>/.
"""

import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from models_registry.bodies import current_phase
from models_registry.models import Attachment, Membership, Practice, PracticeState, ReviewNote, Role, YearlyCheck
from tests.models_registry.review_fixtures import proposed, recognized
from tests.reporting.helpers import practice_in

from .axe import DESKTOP, PHONE, axe_violations, sideways_overflow, widest_elements
from .test_reform_journeys import hai_phong  # noqa: F401 - a fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SIZES = (("375", PHONE), ("1366", DESKTOP))
TITLE = "Mô hình “Dân vận khéo” xây dựng tuyến đường hoa, cây xanh khu dân cư An Lưu"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def check(journey, page, label, size):
    """A screenshot, no sideways scroll on the phone, no serious axe finding."""
    journey.shot(page, f"{label} {size}")
    problems = []
    if size == "375" and (extra := sideways_overflow(page)) > 0:
        problems.append(f"{label} scrolls {extra} px sideways at 375 px: {widest_elements(page)}")
    problems += [f"{label} at {size} px: {violation}" for violation in axe_violations(page)]
    assert not problems, "\n".join(problems)


def png(size=(1200, 900)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (40, 140, 90)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_showcase_with_a_photo_the_board_makes_public(journey, demo, media):
    practice = recognized(
        demo.an_luu,
        title=TITLE,
        summary="Người dân tự nguyện hiến đất, góp công trồng hoa hai bên đường.",
        content="Chia tuyến đường thành từng đoạn, mỗi chi hội nhận chăm sóc một đoạn.",
        contact_phone="0912 345 678",
    )
    photo = Attachment(practice=practice, kind="photo", original_name="duong-hoa.png", content_type="image/png", size=1)
    photo.file.save("duong-hoa.png", ContentFile(png()), save=False)
    photo.save()

    # The board marks the photo public on the practice's page.
    board = journey.login("reviewer", viewport=DESKTOP)
    board.goto(f"{journey.base_url}/practices/{practice.pk}/")
    board.get_by_role("button", name="Công khai ảnh này").click()
    expect(board.get_by_text("sẽ hiện trên trang giới thiệu công khai")).to_be_visible()
    journey.shot(board, "board marks the photo public")
    assert Attachment.objects.get(pk=photo.pk).public

    for size, viewport in SIZES:
        page = journey.new_page(viewport)
        page.goto(journey.base_url + "/")
        expect(page.get_by_role("heading", name="Mô hình, điển hình “Dân vận khéo” được công nhận")).to_be_visible()
        expect(page.locator("#showcase-facets a").first).to_be_visible()
        check(journey, page, "showcase", size)
        page.get_by_label("Năm").select_option(str(timezone.localdate().year))
        page.get_by_role("button", name="Tìm").click()
        expect(page.locator("#public-count")).to_contain_text("1 mô hình")
        page.get_by_role("link", name=TITLE).click()
        expect(page.get_by_role("heading", name="Nội dung và cách làm")).to_be_visible()
        thumb = page.locator("#public-photos img")
        expect(thumb).to_be_visible()
        assert thumb.evaluate("img => img.complete && img.naturalWidth") == 480
        qr = page.get_by_role("img", name="Mã QR dẫn tới trang giới thiệu mô hình")
        expect(qr).to_be_visible()
        assert "0912 345 678" not in page.content()
        check(journey, page, "public page", size)


def test_board_year_check_notes_and_assignment(journey, demo):
    year = timezone.localdate().year
    due = [recognized(demo.an_luu, title=f"Mô hình cần kiểm tra số {i}") for i in range(3)]
    Practice.objects.filter(pk__in=[p.pk for p in due]).update(
        recognized_at=timezone.now() - datetime.timedelta(days=400)
    )
    waiting = proposed(demo.an_luu, title="Đề nghị cần phân công xử lý")
    colleague = Membership.objects.create(
        user=demo.users["reviewer2"], unit=demo.kinh_mon, role=Role.REVIEWER
    ).user  # a second reviewer of Kinh Môn

    for size, viewport in SIZES:
        page = journey.login("reviewer", viewport=viewport)
        page.goto(journey.base_url + "/review/yearly/")
        expect(page.get_by_role("heading", name=f"Kiểm tra mô hình, điển hình năm {year}")).to_be_visible()
        check(journey, page, "yearly list", size)
        if size == "375":
            # Two at once: still maintained.
            page.get_by_label(f"Chọn {due[0].title}").check()
            page.get_by_label(f"Chọn {due[1].title}").check()
            page.get_by_label("Còn duy trì", exact=True).check()
            page.get_by_role("button", name="Xác nhận kết quả kiểm tra").click()
            expect(page.get_by_text("Đã xác nhận 2 mô hình, điển hình còn duy trì.")).to_be_visible()
            journey.shot(page, f"yearly confirmed {size}")
        page.get_by_role("link", name="Đã kiểm tra").click()
        expect(page.locator(".yearly-row")).to_have_count(2)
        check(journey, page, "yearly checked", size)

        page.goto(f"{journey.base_url}/practices/{waiting.pk}/")
        if size == "375":
            page.get_by_label("Thêm ghi chú nội bộ").fill("Cần xác minh số hộ hiến đất với tổ dân phố.")
            page.get_by_role("button", name="Lưu ghi chú").click()
            expect(page.get_by_text("Đã lưu ghi chú nội bộ.")).to_be_visible()
            page.get_by_label("Phân công cho").select_option(str(colleague.pk))
            page.get_by_role("button", name="Lưu phân công").click()
            expect(page.get_by_text("Đã phân công cho")).to_be_visible()
        expect(page.locator("#board-desk")).to_contain_text("Cần xác minh số hộ hiến đất")
        check(journey, page, "board desk", size)

        page.goto(journey.base_url + "/review/")
        page.get_by_role("link", name="Chưa phân công").click()
        expect(page.get_by_text("Không có hồ sơ nào phù hợp bộ lọc.")).to_be_visible()
        page.get_by_role("link", name="Đã phân công").click()
        expect(page.get_by_role("link", name=waiting.title)).to_be_visible()
        check(journey, page, "queue assigned", size)

        page.goto(journey.base_url + "/dashboard/")
        expect(page.locator('[data-stat="checked-year"]')).to_have_text("2")
        expect(page.locator('[data-stat="check-due"]')).to_have_text("1")
    assert YearlyCheck.objects.filter(year=year).count() == 2
    assert ReviewNote.objects.filter(practice=waiting).count() == 1

    # The officer of the unit never sees the board's notes.
    officer = journey.login("officer", viewport=PHONE)
    officer.goto(f"{journey.base_url}/practices/{waiting.pk}/")
    expect(officer.get_by_role("heading", name=waiting.title)).to_be_visible()
    assert "Cần xác minh số hộ hiến đất" not in officer.content()
    journey.shot(officer, "officer sees no notes 375")


def test_dashboard_over_time_by_todays_units(journey, demo, hai_phong):  # noqa: F811 - the fixture
    ward, _city, _split = hai_phong
    today = timezone.localdate()
    phase = current_phase()
    practice_in(
        ward, PracticeState.RECOGNIZED, today.replace(month=3, day=2), title="Phường Kinh Môn đầu năm", phase=phase
    )
    practice_in(ward, PracticeState.REGISTERED, today, title="Phường Kinh Môn cuối năm", phase=phase)
    for size, viewport in SIZES:
        page = journey.login("city", viewport=viewport)
        page.goto(journey.base_url + "/dashboard/")
        expect(page.locator("#trends svg.svg-chart").first).to_be_visible()
        row = page.locator("#unit-table tr", has=page.get_by_role("link", name="Phường Kinh Môn", exact=True))
        expect(row).to_have_count(1)
        check(journey, page, "city dashboard", size)
        page.locator("#trend-units").get_by_role("link", name="Phường Kinh Môn", exact=True).click()
        expect(page.get_by_role("link", name="Phường Kinh Môn đầu năm")).to_be_visible()
        expect(page.get_by_role("link", name="Phường Kinh Môn cuối năm")).to_be_visible()
        check(journey, page, "list of the ward from the dashboard", size)

        committee = journey.login("commune", viewport=viewport)
        committee.goto(journey.base_url + "/dashboard/")
        expect(committee.locator("#trend-halves")).to_contain_text(f"6T đầu {today.year}")
        check(journey, committee, "ward dashboard", size)
