"""Applying the 2025 reform: units over time, successions, moving open practices, the split-commune queue."""

import datetime

import pytest
from django.core.management import call_command

from models_registry.bodies import document_identity
from models_registry.errors import DomainError
from models_registry.models import (
    AuditEvent,
    Membership,
    Practice,
    PracticeState,
    Role,
    Succession,
    SuccessorChoice,
    Unit,
    UnitLevel,
)
from models_registry.services.reform import reform_apply, successor_candidates, successor_choose
from models_registry.units_import import NATIONAL_FILE, TWO_TIER_FILE, load_units
from tests.factories import MembershipFactory, UserFactory
from tests.reporting.helpers import practice_in

from ..practice_helpers import make_practice

pytestmark = pytest.mark.django_db
REFORM = datetime.date(2025, 7, 1)
LAST_DAY = datetime.date(2025, 6, 30)
S = PracticeState


def apply():
    return reform_apply(effective=REFORM)


@pytest.fixture
def world(demo):
    """Old Hải Phòng beside Hải Dương, a few practices of every kind, then the reform."""
    load_units(NATIONAL_FILE, province_codes={"31"})

    class World:
        thuong_quan = Unit.objects.get(name="Xã Thượng Quận", valid_until__isnull=True)
        draft = make_practice(demo.an_luu, S.DRAFT, title="Nháp An Lưu")
        proposed = make_practice(demo.an_luu, S.PROPOSED, title="Đề nghị An Lưu")
        recognized = practice_in(demo.an_luu, S.RECOGNIZED, datetime.date(2023, 5, 10), title="Công nhận 2023")
        before = {
            u.pk: (u.code, u.name, u.parent_id, u.path)
            for u in Unit.objects.filter(path__startswith=demo.province.path)
        }

    World.split = make_practice(World.thuong_quan, S.REGISTERED, title="Đăng ký Thượng Quận")
    World.split_officer = MembershipFactory(user=UserFactory(username="cb.thuongquan"), unit=World.thuong_quan)
    World.counts = apply()
    World.ward = Unit.objects.as_of(REFORM).get(code="10675")
    World.city = Unit.objects.as_of(REFORM).get(code="31", level=UnitLevel.PROVINCE)
    return World


def test_codes_are_reused_and_read_as_of_a_date(world, demo):
    assert Unit.objects.as_of(LAST_DAY).get(code="10675").name == "Phường An Lưu"
    assert world.ward.name == "Phường Kinh Môn" and world.ward.parent == world.city
    assert Unit.objects.as_of(LAST_DAY).get(code="31").name == "Thành phố Hải Phòng"
    assert Unit.objects.as_of(REFORM).filter(parent=world.city).count() == 114
    assert not Unit.objects.as_of(REFORM).filter(path__startswith=demo.province.path).exists()
    assert Unit.objects.current().filter(code="10675").get() == world.ward


def test_old_units_keep_their_name_parent_and_path(world):
    after = {u.pk: (u.code, u.name, u.parent_id, u.path) for u in Unit.objects.filter(pk__in=world.before)}
    assert after == world.before
    assert set(Unit.objects.filter(pk__in=world.before).values_list("valid_until", flat=True)) == {LAST_DAY}


def test_successions(world, demo):
    assert Succession.objects.filter(old__valid_until=LAST_DAY, old__level=UnitLevel.COMMUNE).count() == 417
    assert list(Succession.objects.filter(old=demo.an_luu).values_list("new__name", flat=True)) == ["Phường Kinh Môn"]
    assert Succession.objects.filter(old=world.thuong_quan).count() == 2
    assert Succession.objects.filter(old=demo.province, new=world.city).exists()
    assert demo.an_luu.path in Unit.objects.get(pk=world.ward.pk).history_paths


def test_loading_everything_twice_changes_nothing(world):
    snapshot = list(Unit.objects.order_by("pk").values_list("pk", "code", "name", "path", "valid_from", "valid_until"))
    successions = Succession.objects.count()
    counts = apply()
    assert counts["units_closed"] == counts["units_created"] == counts["successions_created"] == 0
    assert counts["practices_moved"] == counts["practices_queued"] == counts["memberships_moved"] == 0
    assert load_units()["created"] == 0 and load_units(NATIONAL_FILE, province_codes={"31"})["created"] == 0
    assert load_units(TWO_TIER_FILE, province_codes={"31"}, valid_from=REFORM) == {
        "created": 0,
        "updated": 0,
        "unchanged": 115,
    }
    call_command("apply_reform", "--date", "2025-07-01")
    assert Succession.objects.count() == successions
    assert snapshot == list(
        Unit.objects.order_by("pk").values_list("pk", "code", "name", "path", "valid_from", "valid_until")
    )


def test_open_practices_move_with_an_audit_event_and_decided_ones_stay(world, demo):
    for practice in (world.draft, world.proposed):
        practice.refresh_from_db()
        assert (practice.unit, practice.board) == (world.ward, world.ward)
        event = AuditEvent.objects.get(practice=practice, action="practice.moved")
        assert event.changes == {"unit": [demo.an_luu.pk, world.ward.pk], "board": [demo.kinh_mon.pk, world.ward.pk]}
    world.recognized.refresh_from_db()
    assert (world.recognized.unit, world.recognized.board) == (demo.an_luu, demo.kinh_mon)
    assert not AuditEvent.objects.filter(practice=world.recognized, action="practice.moved").exists()


def test_officers_follow_their_commune_and_board_members_keep_their_history(world, demo):
    assert Membership.objects.filter(user=demo.officer, unit=world.ward, role=Role.OFFICER).exists()
    assert Membership.objects.filter(user=demo.reviewer, unit=demo.kinh_mon, role=Role.REVIEWER).exists()
    assert AuditEvent.objects.filter(action="membership.moved").exists()


def test_new_ward_sees_its_predecessors_history_read_only(world, demo):
    officer = type(demo.officer).objects.get(pk=demo.officer.pk)
    visible = set(Practice.objects.visible_to(officer).values_list("pk", flat=True))
    assert {world.draft.pk, world.proposed.pk, world.recognized.pk} <= visible
    assert world.split.pk not in visible  # Xã Thượng Quận is not a predecessor of the ward
    from models_registry.permissions import has_role

    assert has_role(officer, Role.OFFICER, world.ward) and not has_role(officer, Role.OFFICER, demo.an_luu)


def test_split_commune_waits_in_the_queue(world):
    choice = SuccessorChoice.objects.pending().get(practice=world.split)
    assert choice.province == world.city
    assert [u.name for u in successor_candidates(choice)] == ["Phường Trần Liễu", "Xã Phú Thái"]
    world.split.refresh_from_db()
    assert world.split.unit == world.thuong_quan
    assert SuccessorChoice.objects.pending().filter(membership=world.split_officer).exists()
    assert world.counts["practices_queued"] == 1 and world.counts["memberships_queued"] == 1


def test_the_city_board_chooses_the_new_commune(world):
    city_board = MembershipFactory(user=UserFactory(username="tgdv"), unit=world.city, role=Role.PROVINCIAL).user
    choice = SuccessorChoice.objects.get(practice=world.split)
    phu_thai = Unit.objects.current().get(name="Xã Phú Thái")
    with pytest.raises(DomainError):
        successor_choose(choice=choice, unit=world.ward, actor=city_board)
    with pytest.raises(DomainError):
        successor_choose(choice=choice, unit=phu_thai, actor=world.split_officer.user)
    successor_choose(choice=choice, unit=phu_thai, actor=city_board)
    world.split.refresh_from_db()
    assert (world.split.unit, world.split.board) == (phu_thai, phu_thai)
    assert AuditEvent.objects.filter(practice=world.split, action="practice.moved", actor=city_board).exists()
    with pytest.raises(DomainError, match="Đã chọn"):
        successor_choose(choice=choice, unit=phu_thai, actor=city_board)


def test_bodies_after_the_reform(world, demo):
    ward = document_identity(world.ward, on=datetime.date(2026, 6, 14))
    assert ward.header_lines == ("ĐẢNG BỘ THÀNH PHỐ HẢI PHÒNG", "ĐẢNG ỦY PHƯỜNG KINH MÔN")
    assert (ward.body_name, ward.symbol, ward.level_name) == ("Đảng ủy Phường Kinh Môn", "ĐU", "cấp xã")
    assert ward.signature_lines == ("T/M ĐẢNG ỦY", "BÍ THƯ")
    assert ward.reports_to == "Ban Tuyên giáo và Dân vận Thành ủy Hải Phòng"
    city = document_identity(world.city, on=datetime.date(2026, 6, 14))
    assert city.header_lines == ("THÀNH ỦY HẢI PHÒNG", "BAN TUYÊN GIÁO VÀ DÂN VẬN")
    assert (city.symbol, city.level_name, city.place) == ("BTGDVTU", "cấp thành phố", "Hải Phòng")
    # The history keeps its own words.
    assert document_identity(demo.kinh_mon, on=datetime.date(2023, 6, 14)).symbol == "BDVTXU"
    assert document_identity(demo.an_luu, on=datetime.date(2023, 6, 14)).body_name == "Ban Dân vận Thị ủy Kinh Môn"


def test_a_wrong_date_is_refused(demo):
    with pytest.raises(DomainError):
        reform_apply(effective=datetime.date(2025, 1, 1))


@pytest.fixture
def city_board(world):
    return MembershipFactory(user=UserFactory(username="tgdv"), unit=world.city, role=Role.PROVINCIAL).user


def test_queue_page_for_the_city_board(world, city_board, client, django_assert_max_num_queries):
    client.force_login(city_board)
    with django_assert_max_num_queries(8):
        response = client.get("/reform/choices/")
    assert response.status_code == 200
    assert "Đăng ký Thượng Quận" in response.content.decode() and "cb.thuongquan" in response.content.decode()


@pytest.mark.parametrize("username", ["officer", "reviewer", "provincial"])
def test_queue_is_not_found_out_of_scope(world, demo, client, username):
    client.force_login(demo.users[username])
    choice = SuccessorChoice.objects.get(practice=world.split)
    assert client.get(f"/reform/choices/{choice.pk}/").status_code == 404
    assert client.post(f"/reform/choices/{choice.pk}/", {"unit": world.ward.pk}).status_code == 404
    if username != "provincial":
        assert client.get("/reform/choices/").status_code == 404
    else:
        assert "Đăng ký Thượng Quận" not in client.get("/reform/choices/").content.decode()
    world.split.refresh_from_db()
    assert world.split.unit == world.thuong_quan


def test_choosing_in_the_page(world, city_board, client):
    client.force_login(city_board)
    choice = SuccessorChoice.objects.get(practice=world.split)
    page = client.get(f"/reform/choices/{choice.pk}/").content.decode()
    assert "Phường Trần Liễu" in page and "Xã Phú Thái" in page
    response = client.post(f"/reform/choices/{choice.pk}/", {"unit": world.ward.pk}, follow=True)
    assert "Vui lòng chọn một đơn vị mới trong danh sách." in response.content.decode()
    response = client.post(f"/reform/choices/{choice.pk}/", {"unit": "abc"}, follow=True)
    assert "Vui lòng chọn một đơn vị mới trong danh sách." in response.content.decode()
    tran_lieu = Unit.objects.current().get(name="Phường Trần Liễu")
    response = client.post(f"/reform/choices/{choice.pk}/", {"unit": tran_lieu.pk}, follow=True)
    assert "Đã chuyển sang “Phường Trần Liễu”." in response.content.decode()
    world.split.refresh_from_db()
    assert world.split.unit == tran_lieu
    assert "Đăng ký Thượng Quận" not in client.get("/reform/choices/").content.decode()


def test_the_list_filtered_by_todays_ward_includes_its_predecessors_history(world, demo, client):
    client.force_login(demo.officer)
    page = client.get("/practices/", {"unit": world.ward.pk}).content.decode()
    assert "Công nhận 2023" in page and "Nháp An Lưu" in page
    assert "Đăng ký Thượng Quận" not in page
