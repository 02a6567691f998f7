"""Every role's main pages on a phone (375×812) and an office PC (1366×768): nothing scrolls sideways on the phone,
and axe-core finds no serious or critical accessibility violation at either size. Screenshots of both sizes go to
test-artifacts/e2e/<test>/."""

import datetime

import pytest
from playwright.sync_api import expect

from models_registry.models import Field, Phase, PracticeState
from models_registry.services import decision_issue, practice_create, practice_propose, practice_return, practice_submit
from reporting.models import Report
from tests.models_registry.practice_helpers import make_practice

from .axe import DESKTOP, PHONE, axe_violations, sideways_overflow, widest_elements
from .test_reform_journeys import hai_phong  # noqa: F401 - a fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Long titles as units write them: they must keep the card's width on a phone, not wrap a word per line.
LONG = "Mô hình “Dân vận khéo” vận động nhân dân hiến đất, góp ngày công mở rộng đường giao thông nông thôn"
EXEMPLAR = "Ông Nguyễn Văn Thành, trưởng thôn Phụ Sơn, tiêu biểu trong vận động xây dựng nông thôn mới kiểu mẫu"


def _register(demo, title, **extra):
    return practice_create(
        actor=demo.officer,
        unit=demo.an_luu,
        data={
            "title": title,
            "field": Field.objects.get(code="kinh-te"),
            "phase": Phase.objects.get(is_current=True),
            "summary": "Vận động nhân dân góp công, góp của.",
            "budget_vnd": 150_000_000,
            **extra,
        },
    )


def _proposed(demo, title, **extra):
    practice = _register(demo, title, **extra)
    practice_submit(practice=practice, actor=demo.officer)
    return practice_propose(
        practice=practice,
        actor=demo.officer,
        results={"people_reached": 1200, "money_mobilized_vnd": 250_000_000, "results": "Mở rộng 3 km đường."},
    )


@pytest.fixture
def world(demo):
    """Something on every list: drafts, proposals, a returned one, a decision, notifications, reports."""
    draft = _register(demo, LONG + " (bản nháp)")
    recognized = _proposed(demo, LONG)
    returned = _proposed(demo, EXEMPLAR, kind="exemplar", subject="individual")
    waiting = _proposed(demo, "Tổ tự quản đường làng, ngõ xóm sáng – xanh – sạch – đẹp khu dân cư số 5")
    practice_return(practice=returned, actor=demo.reviewer, reason="Bổ sung biên bản họp dân và ảnh công trình.")
    decision = decision_issue(
        actor=demo.reviewer,
        board=demo.kinh_mon,
        practices=[recognized],
        number="27-QĐ/BDVTXU",
        date=datetime.date.today(),
        signer="Phạm Quốc Khánh",
    )
    for year in (2024, 2025):
        Report.objects.create(unit=demo.kinh_mon, period="year", year=year, status="failed", requested_by=demo.reviewer)
    make_practice(demo.thanh_an, PracticeState.REGISTERED, title="Dân vận khéo ở Thanh An")
    return {"draft": draft, "recognized": recognized, "returned": returned, "waiting": waiting, "decision": decision}


def _pages(world, role):
    practice = world["recognized"].pk
    common = ["/", "/practices/", f"/practices/{practice}/", "/notifications/"]
    board = [
        "/review/",
        "/review/yearly/",
        "/decisions/",
        f"/decisions/{world['decision'].pk}/",
        "/dashboard/",
        "/reports/",
        "/register/",
        "/books/",
        "/imports/",
    ]
    return {
        "anonymous": ["/", "/public/", f"/public/{practice}/", "/accounts/login/"],
        "officer": [
            *common,
            "/practices/new/",
            f"/practices/{world['draft'].pk}/",
            f"/practices/{world['returned'].pk}/",
        ],
        "reviewer": [
            *common,
            *board,
            f"/practices/{world['waiting'].pk}/",
            f"/decisions/new/?ids={world['waiting'].pk}",
        ],
        "provincial": [*common, "/decisions/", "/dashboard/", "/reports/", "/decisions/provincial/new/"],
        "admin": ["/", "/practices/", f"/practices/{practice}/", "/decisions/", "/dashboard/", "/reports/"],
    }[role]


def check_pages(journey, username, paths):
    """Open each page at both sizes: no sideways scroll on the phone, no serious axe finding, two screenshots."""
    problems = []
    phone = journey.login(username, viewport=PHONE) if username else journey.new_page(PHONE)
    desktop = journey.login(username, viewport=DESKTOP) if username else journey.new_page(DESKTOP)
    for path in paths:
        for page, size in ((phone, "375"), (desktop, "1366")):
            response = page.goto(journey.base_url + path)
            assert response.ok, f"{username} {path}: {response.status}"
            expect(page.locator("main")).to_be_visible()
            journey.shot(page, f"{username or 'anonymous'} {path} {size}")
            if "---------" in page.content():
                problems.append(f"{path}: a select still offers Django's “---------” instead of a Vietnamese choice")
            if size == "375" and (extra := sideways_overflow(page)) > 0:
                problems.append(f"{path} at 375 px scrolls {extra} px sideways: {widest_elements(page)}")
            problems += [f"{path} at {size} px: {violation}" for violation in axe_violations(page)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("role", ["anonymous", "officer", "reviewer", "provincial", "admin"])
def test_main_pages_fit_a_phone_and_pass_axe(journey, world, role):
    check_pages(journey, None if role == "anonymous" else role, _pages(world, role))


def test_ward_and_city_boards_pages_fit_a_phone_and_pass_axe(journey, hai_phong):  # noqa: F811 - the fixture
    ward, _city, _split = hai_phong
    practice = make_practice(ward, PracticeState.PROPOSED, title=LONG)
    check_pages(
        journey,
        "commune",
        ["/", "/practices/", f"/practices/{practice.pk}/", "/review/", "/dashboard/", "/decisions/", "/reports/"],
    )
    check_pages(journey, "city", ["/", "/practices/", "/dashboard/", "/reform/choices/", "/reports/"])


def test_phone_list_filters_fold_into_one_panel_with_removable_chips(journey, world):
    page = journey.login("officer", viewport=PHONE)
    page.goto(journey.base_url + "/practices/?state=recognized&kind=model&q=dan+van")
    chips = page.locator(".filter-chip")
    expect(chips).to_have_count(3)
    expect(page.get_by_label("Loại")).to_be_hidden()  # folded into the "Lọc" panel
    journey.shot(page, "chips 375")
    page.get_by_role("button", name="Lọc").click()
    expect(page.get_by_label("Loại")).to_be_visible()
    journey.shot(page, "panel open 375")
    page.locator(".filter-chip[data-param=kind]").click()
    expect(page.locator(".filter-chip")).to_have_count(2)
    assert "kind=" not in page.url and "state=recognized" in page.url
    title_box = page.get_by_role("link", name=LONG).bounding_box()
    # A title in its card takes the card's width: two or three lines on a phone, never a word per line.
    assert title_box["width"] > 250 and title_box["height"] < 100
