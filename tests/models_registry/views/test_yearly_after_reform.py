"""The board's year after the 2025 reform: the body holding a practice's unit today does the yearly work on its
predecessors' recognized practices; the closed district board keeps read-only history; the city board sees all and
handles what no single commune took over (a split commune, an old district's own practice).

Every role (officer, commune, city, old reviewer, provincial, admin, another commune), in scope and out (404).
"""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from models_registry import permissions
from models_registry.models import (
    Attachment,
    AuditEvent,
    CheckOutcome,
    Membership,
    Practice,
    PracticeState,
    ReviewNote,
    SuccessorChoice,
    Unit,
    UnitLevel,
    YearlyCheck,
)
from models_registry.seeding.reform import NEW_USERS, REFORM_DATE
from models_registry.services.reform import reform_apply, successor_choose
from models_registry.units_import import NATIONAL_FILE, load_units
from tests.factories import UserFactory
from tests.reporting.helpers import practice_in

from .test_board import png_bytes

pytestmark = pytest.mark.django_db
S = PracticeState
ROLES = ["officer", "commune", "city", "reviewer", "provincial", "admin", "tran_lieu"]


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def photo(practice):
    attachment = Attachment(
        practice=practice, kind="photo", original_name="anh.png", content_type="image/png", size=100
    )
    attachment.file.save("file.png", ContentFile(png_bytes()), save=False)
    attachment.save()
    return attachment


@pytest.fixture
def world(demo):
    """The demo before and after 1/7/2025, as ``seed_demo_reform`` builds it, with one practice of every case."""
    load_units(NATIONAL_FILE, province_codes={"31"})
    thuong_quan = Unit.objects.get(name="Xã Thượng Quận", valid_until__isnull=True)

    class World:
        an_luu = practice_in(demo.an_luu, S.RECOGNIZED, datetime.date(2023, 5, 10), title="An Lưu 2023")
        split = practice_in(thuong_quan, S.RECOGNIZED, datetime.date(2024, 3, 1), title="Thượng Quận 2024")
        district = practice_in(demo.kinh_mon, S.RECOGNIZED, datetime.date(2024, 4, 1), title="Của Thị xã 2024")
        thanh_an = practice_in(demo.thanh_an, S.RECOGNIZED, datetime.date(2022, 9, 1), title="Thanh An 2022")
        # Proposed before the reform: queued (split commune); the old board recognized it while it waited.
        queued = practice_in(thuong_quan, S.PROPOSED, datetime.date(2025, 6, 1), title="Thượng Quận chờ chọn")

    reform_apply(effective=REFORM_DATE)
    World.ward = Unit.objects.current().get(code="10675")
    World.tran_lieu_unit = Unit.objects.current().get(code="10729")
    World.city = Unit.objects.current().get(code="31", level=UnitLevel.PROVINCE)
    World.own = practice_in(World.ward, S.RECOGNIZED, datetime.date(2025, 11, 2), title="Phường Kinh Môn 2025")
    World.an_luu_photo = photo(World.an_luu)
    World.split_photo = photo(World.split)
    users = dict(demo.users)
    for username, (code, role, _name) in NEW_USERS.items():
        users[username] = UserFactory(username=username)
        unit = World.city if code == "31" else World.ward
        Membership.objects.create(user=users[username], unit=unit, role=role)
    users["tran_lieu"] = UserFactory(username="tran_lieu")
    Membership.objects.create(user=users["tran_lieu"], unit=World.tran_lieu_unit, role="reviewer")
    World.users = users
    return World


def rows(client, status="unchecked"):
    response = client.get(reverse("yearly_check_list"), {"status": status})
    assert response.status_code == 200
    return {row[0].title: row[2] for row in response.context["rows"]}  # title -> may tick it


# Who lists which practice in the yearly check (title -> may tick it).
LISTS = {
    "officer": {},  # no board pages: 404
    "commune": {"An Lưu 2023": True, "Phường Kinh Môn 2025": True},  # its predecessor's and its own
    "city": {
        "Phường Kinh Môn 2025": False,
        "An Lưu 2023": False,  # Phường Kinh Môn checks it
        "Thanh An 2022": False,  # Xã Hà Nam checks it
        "Thượng Quận 2024": True,  # split between two communes: the city board
        "Của Thị xã 2024": True,  # an old district's own: the city board
    },
    "reviewer": {},  # the closed district board: history only
    "provincial": {},  # the closed province: history only
    "admin": {
        "Phường Kinh Môn 2025": False,
        "An Lưu 2023": False,
        "Thanh An 2022": False,
        "Thượng Quận 2024": False,
        "Của Thị xã 2024": False,
    },
    "tran_lieu": {},  # took in part of Thượng Quận only: not its yearly work
}


@pytest.mark.parametrize("username", ROLES)
def test_yearly_list_for_every_role(client, world, username):
    client.force_login(world.users[username])
    if username == "officer":
        assert client.get(reverse("yearly_check_list")).status_code == 404
        return
    assert rows(client) == LISTS[username]


def test_city_row_says_who_checks_it(client, world):
    client.force_login(world.users["city"])
    html = client.get(reverse("yearly_check_list")).content.decode()
    assert "Do Phường Kinh Môn kiểm tra" in html and f'value="{world.split.pk}"' in html
    assert f'value="{world.an_luu.pk}"' not in html


@pytest.mark.parametrize("username", ROLES)
@pytest.mark.parametrize("case", ["an_luu", "own", "split", "district", "thanh_an"])
def test_confirm_by_role_and_scope(client, world, username, case):
    practice = getattr(world, case)
    allowed = LISTS[username].get(practice.title) is True
    client.force_login(world.users[username])
    response = client.post(reverse("yearly_check_confirm"), {"ids": [practice.pk], "outcome": "maintained"})
    if allowed:
        assert response.status_code == 302
        check = YearlyCheck.objects.get(practice=practice)
        assert check.checked_by == world.users[username] and check.outcome == CheckOutcome.MAINTAINED
        assert AuditEvent.objects.filter(action="practice.checked", practice=practice).count() == 1
    else:
        assert response.status_code == 404
        assert not YearlyCheck.objects.exists()


def test_a_batch_with_another_bodys_practice_writes_nothing(client, world):
    client.force_login(world.users["city"])
    data = {"ids": [world.split.pk, world.an_luu.pk], "outcome": "maintained"}
    assert client.post(reverse("yearly_check_confirm"), data).status_code == 404
    assert not YearlyCheck.objects.exists()


def test_the_commune_discontinues_its_predecessors_practice_through_the_transition(client, world):
    client.force_login(world.users["commune"])
    data = {"ids": [world.an_luu.pk], "outcome": "discontinued", "note": "Không còn duy trì từ 2026"}
    client.post(reverse("yearly_check_confirm"), data)
    world.an_luu.refresh_from_db()
    assert world.an_luu.state == S.DISCONTINUED
    assert AuditEvent.objects.filter(action="practice.discontinued", practice=world.an_luu).exists()
    # The decision and the historical unit and board stay as they were.
    assert world.an_luu.unit.name == "Phường An Lưu" and world.an_luu.board.name == "Thị xã Kinh Môn"


# Who may discontinue which practice through its page's button (the same rule as the yearly check).
DISCONTINUE = {"commune": {"an_luu"}, "city": {"split", "district"}, "tran_lieu": set()}


@pytest.mark.parametrize("username", ROLES)
@pytest.mark.parametrize("case", ["an_luu", "split", "district"])
def test_discontinue_button_and_view(client, world, username, case):
    practice = getattr(world, case)
    allowed = case in DISCONTINUE.get(username, set())
    client.force_login(world.users[username])
    url = reverse("practice_discontinue", args=[practice.pk])
    page = client.get(reverse("practice_detail", args=[practice.pk]))
    if page.status_code == 200:
        assert (url in page.content.decode()) is allowed
    response = client.post(url, {"reason": "Không còn duy trì.", "expected_version": practice.version})
    practice.refresh_from_db()
    if allowed:
        assert response.status_code == 302 and practice.state == S.DISCONTINUED
    else:
        assert response.status_code == 404 and practice.state == S.RECOGNIZED


@pytest.mark.parametrize("username", ["commune", "city", "reviewer", "provincial", "tran_lieu"])
def test_api_discontinue_follows_the_same_rule(client, world, username):
    from api.services import token_create

    _row, token = token_create(actor=world.users[username], name="test", days=30)
    url = reverse("api:review-discontinue", args=[world.an_luu.pk])
    response = client.post(
        url,
        {"reason": "Không còn duy trì"},
        content_type="application/json",
        headers={"Authorization": f"Token {token}"},
    )
    world.an_luu.refresh_from_db()
    if username == "commune":
        assert response.status_code == 200 and world.an_luu.state == S.DISCONTINUED
    else:
        assert response.status_code in (403, 404) and world.an_luu.state == S.RECOGNIZED


# What the board's desk offers on An Lưu's practice (decided by the closed district board).
DESK = {
    "officer": set(),
    "commune": {"see_notes", "publish", "note", "check"},
    "city": {"see_notes", "publish"},
    "reviewer": {"see_notes"},
    "provincial": {"see_notes"},
    "admin": {"see_notes", "publish"},
    "tran_lieu": set(),
}


@pytest.mark.parametrize("username", ROLES)
def test_board_desk_on_a_predecessors_practice(world, username):
    practice = Practice.objects.select_related("unit", "board").get(pk=world.an_luu.pk)
    assert permissions.board_desk(world.users[username], practice) == DESK[username]


@pytest.mark.parametrize("username", ROLES)
def test_notes_by_role(client, world, username):
    ReviewNote.objects.create(practice=world.an_luu, author=world.users["reviewer"], text="Ghi chú năm 2024")
    client.force_login(world.users[username])
    page = client.get(reverse("practice_detail", args=[world.an_luu.pk]))
    if page.status_code == 200:
        assert ("Ghi chú năm 2024" in page.content.decode()) is ("see_notes" in DESK[username])
    response = client.post(reverse("review_note_add", args=[world.an_luu.pk]), {"text": "Đã kiểm tra thực tế"})
    written = ReviewNote.objects.filter(text="Đã kiểm tra thực tế").exists()
    if "note" in DESK[username]:
        assert response.status_code == 302 and written
    else:
        assert response.status_code == 404 and not written


@pytest.mark.parametrize("username", ROLES)
def test_publishing_a_photo_by_role(client, world, username):
    client.force_login(world.users[username])
    response = client.post(reverse("attachment_publish", args=[world.an_luu_photo.pk]), {"public": "on"})
    world.an_luu_photo.refresh_from_db()
    if "publish" in DESK[username]:
        assert response.status_code == 302 and world.an_luu_photo.public
    else:
        assert response.status_code == 404 and not world.an_luu_photo.public


def test_the_city_publishes_the_photo_of_a_split_communes_practice(client, world):
    client.force_login(world.users["city"])
    client.post(reverse("attachment_publish", args=[world.split_photo.pk]), {"public": "on"})
    world.split_photo.refresh_from_db()
    assert world.split_photo.public


def test_the_commune_chosen_in_the_queue_does_the_yearly_work(client, world):
    """A split commune's practice waited in "chọn đơn vị mới" and was recognized meanwhile; the city board chose
    Phường Trần Liễu: that commune checks it, not the city."""
    queued = Practice.objects.get(pk=world.queued.pk)
    Practice.objects.filter(pk=queued.pk).update(state=S.RECOGNIZED, recognized_at=timezone.now().replace(year=2025))
    choice = SuccessorChoice.objects.get(practice=queued)
    successor_choose(choice=choice, unit=world.tran_lieu_unit, actor=world.users["city"])
    client.force_login(world.users["tran_lieu"])
    assert rows(client) == {"Thượng Quận chờ chọn": True}
    client.force_login(world.users["city"])
    assert rows(client)["Thượng Quận chờ chọn"] is False


def dashboard_counts(client):
    stats = client.get(reverse("dashboard")).context["stats"]
    return stats.checked_this_year, stats.check_due


def list_counts(client):
    checked = client.get(reverse("yearly_check_list"), {"status": "checked"}).context["page"].paginator.count
    due = client.get(reverse("yearly_check_list")).context["page"].paginator.count
    return checked, due


def test_dashboard_card_matches_the_list_for_the_commune_and_the_city(client, world):
    year = timezone.localdate().year
    counts = {}
    for username in ("commune", "city", "tran_lieu", "reviewer"):
        client.force_login(world.users[username])
        counts[username] = dashboard_counts(client)
        assert counts[username] == list_counts(client), username
    assert counts["commune"] == (0, 2) and counts["tran_lieu"] == (0, 0) and counts["reviewer"] == (0, 0)
    assert counts["city"] == (0, 5)
    client.force_login(world.users["commune"])
    client.post(reverse("yearly_check_confirm"), {"ids": [world.an_luu.pk], "outcome": "maintained"})
    assert YearlyCheck.objects.filter(year=year).count() == 1
    assert dashboard_counts(client) == list_counts(client) == (1, 1)
    client.force_login(world.users["city"])
    assert dashboard_counts(client) == list_counts(client) == (counts["city"][0] + 1, counts["city"][1] - 1)


@pytest.mark.parametrize("rows_count", [3, 30])
@pytest.mark.parametrize("username", ["commune", "city"])
def test_yearly_list_query_count_does_not_grow(client, world, django_assert_max_num_queries, rows_count, username):
    an_luu = Unit.objects.get(name="Phường An Lưu", valid_from=None)
    thuong_quan = Unit.objects.get(name="Xã Thượng Quận", valid_until__isnull=False)
    for i in range(rows_count):
        practice_in(an_luu if i % 2 else thuong_quan, S.RECOGNIZED, datetime.date(2024, 1, 1 + i % 28))
    client.force_login(world.users[username])
    # session, user, memberships, whole history, count, page, successions, queue, notifications, session save (3)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("yearly_check_list"))
    assert len(response.context["rows"]) >= rows_count // 2


def test_the_services_refuse_the_closed_board_and_accept_the_successor(world):
    from models_registry import services
    from models_registry.errors import DomainError
    from models_registry.services.board import practices_check_yearly

    year = timezone.localdate().year
    practice = Practice.objects.select_related("unit", "board").get(pk=world.an_luu.pk)
    for username in ("reviewer", "provincial", "city", "tran_lieu"):
        with pytest.raises(DomainError):
            practices_check_yearly(practices=[practice], actor=world.users[username], year=year, outcome="maintained")
        with pytest.raises(DomainError):
            services.practice_discontinue(practice=practice, actor=world.users[username], reason="Thử")
    assert not YearlyCheck.objects.exists()
    practices_check_yearly(practices=[practice], actor=world.users["commune"], year=year, outcome="maintained")
    services.practice_discontinue(practice=practice, actor=world.users["commune"], reason="Không còn duy trì.")
    practice.refresh_from_db()
    assert practice.state == S.DISCONTINUED


def test_who_does_the_yearly_work_of_each_case(world):
    practices = Practice.objects.select_related("unit", "board").filter(
        pk__in=[world.an_luu.pk, world.split.pk, world.district.pk, world.thanh_an.pk, world.own.pk]
    )
    found = permissions.yearly_bodies(practices)
    bodies = {p.title: found[p.pk].name for p in practices}
    assert bodies == {
        "An Lưu 2023": "Phường Kinh Môn",
        "Phường Kinh Môn 2025": "Phường Kinh Môn",
        "Thanh An 2022": "Xã Hà Nam",
        "Thượng Quận 2024": "Thành phố Hải Phòng",
        "Của Thị xã 2024": "Thành phố Hải Phòng",
    }


@pytest.mark.parametrize("username", ["commune", "city"])
def test_dashboard_query_count_with_the_yearly_scope(client, world, django_assert_max_num_queries, username):
    client.force_login(world.users[username])
    # The yearly card costs no query of its own; the ward's whole-history lookup is one (see test_dashboard.py: 20).
    with django_assert_max_num_queries(20):
        response = client.get(reverse("dashboard"))
    assert response.context["stats"].check_due == (2 if username == "commune" else 5)


def test_demo_photos_after_the_reform_are_shown_by_the_body_of_today(world):
    from models_registry.seeding.photos import ensure_demo_photos

    Attachment.objects.all().delete()
    assert ensure_demo_photos(limit=5) == 5
    publishers = {
        a.practice.title: a.uploaded_by.username for a in Attachment.objects.select_related("practice", "uploaded_by")
    }
    assert publishers["An Lưu 2023"] == "commune" and publishers["Thượng Quận 2024"] == "city"
    assert Attachment.objects.filter(public=True).count() == 5


# What the practice page offers on An Lưu's 2023 practice (recognized by the closed Kinh Môn board): the body of
# today keeps it up; the closed board and the closed province only read it.
ACTIONS = {
    "officer": set(),
    "commune": {"discontinue", "mark_outstanding", "commend"},
    "city": set(),  # Phường Kinh Môn does it
    "reviewer": set(),
    "provincial": set(),
    "admin": {"recognize_provincial", "mark_outstanding", "commend"},  # a superuser's page rights (data repair)
    "tran_lieu": set(),
}


@pytest.mark.parametrize("username", ROLES)
def test_only_the_body_of_today_marks_outstanding_and_commends(world, username):
    from models_registry.errors import DomainError
    from models_registry.services.decisions import commendation_record, recognition_mark_outstanding

    practice = Practice.objects.select_related("unit", "board").get(pk=world.an_luu.pk)
    user = world.users[username]
    assert permissions.practice_actions(user, practice) == ACTIONS[username]
    if username == "admin":
        return
    allowed = username == "commune"
    refusal = ""
    try:
        recognition_mark_outstanding(actor=user, practice=practice)
        commendation_record(
            actor=user, practice=practice, form="Giấy khen", issuer="Đảng ủy", date=datetime.date(2026, 3, 1)
        )
        done = True
    except DomainError as error:
        done, refusal = False, str(error)
    assert done is allowed, "" if done else refusal
    assert practice.commendations.exists() is allowed
    assert practice.recognitions.get().outstanding is allowed


def test_closed_boards_issue_no_decision_and_closed_provinces_no_recognition(world):
    kinh_mon = world.an_luu.board
    province = Unit.objects.get(code="30", level=UnitLevel.PROVINCE)
    assert kinh_mon.valid_until is not None and province.valid_until is not None
    assert not permissions.may_issue_decision(world.users["reviewer"], kinh_mon)
    assert permissions.may_issue_decision(world.users["commune"], world.ward)
    assert not permissions.may_recognize_provincial(world.users["provincial"], province)
    assert permissions.provincial_units(world.users["provincial"]) == []
    assert permissions.may_recognize_provincial(world.users["city"], world.city)
    assert permissions.provincial_units(world.users["city"]) == [world.city]
