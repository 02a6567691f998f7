"""The dashboard over time (half-years of a phase, per field and per unit, SVG charts) and grouped by today's units
after the 2025 reform, for the city board and a ward's Party committee alike."""

import datetime
import re

import pytest
from django.urls import reverse

from models_registry.models import Membership, Phase, Practice, PracticeState, Role, Unit, UnitLevel
from models_registry.services.reform import reform_apply
from models_registry.units_import import NATIONAL_FILE, load_units
from tests.factories import UserFactory
from tests.reporting.helpers import practice_in

pytestmark = pytest.mark.django_db
S = PracticeState


def lines(trend_lines):
    return {line.name: line for line in trend_lines}


# --- Over time, before any reform ----------------------------------------------------------------------------------


@pytest.fixture
def old_phase(demo):
    return Phase.objects.get_or_create(name="2021–2025", defaults={"start_year": 2021, "end_year": 2025})[0]


def test_half_years_per_field_and_unit_match_the_data(client, demo, old_phase):
    other = demo.kinh_mon.children.exclude(pk=demo.an_luu.pk).order_by("code").first()
    practice_in(demo.an_luu, S.RECOGNIZED, datetime.date(2022, 3, 10))
    practice_in(demo.an_luu, S.REGISTERED, datetime.date(2022, 9, 1))
    practice_in(other, S.RECOGNIZED, datetime.date(2024, 11, 5))
    practice_in(demo.thanh_an, S.RECOGNIZED, datetime.date(2023, 2, 1))  # another district: not the reviewer's
    client.force_login(demo.reviewer)
    response = client.get(reverse("dashboard"), {"phase": old_phase.pk})
    trend = response.context["trend"]
    assert trend.phase == old_phase
    assert trend.labels[:3] == ["6T đầu 2021", "6T cuối 2021", "6T đầu 2022"] and len(trend.halves) == 10
    halves = dict(zip(trend.halves, trend.totals, strict=True))
    # practice_in stamps every state it passed: a recognized practice was also registered that day.
    assert halves[(2022, 1)] == (1, 1) and halves[(2022, 2)] == (1, 0) and halves[(2024, 2)] == (1, 1)
    assert sum(r for r, _ in trend.totals) == 3 and sum(c for _, c in trend.totals) == 2
    units = lines(trend.by_unit)
    assert (units[demo.an_luu.name].registered, units[demo.an_luu.name].recognized) == (2, 1)
    assert units[other.name].url_query == f"unit={other.pk}&phase={old_phase.pk}"
    field = lines(trend.by_field)["Kinh tế"]
    assert (field.registered, field.recognized) == (3, 2)
    html = response.content.decode()
    assert '<svg class="svg-chart"' in html and "<title>6T đầu 2022 — Công nhận: 1</title>" in html
    assert "style=" not in html
    # Every row links to the practice list filtered the same way, and that list holds the row's practices.
    assert f'href="/practices/?{units[demo.an_luu.name].url_query.replace("&", "&amp;")}"' in html
    listed = client.get(reverse("practice_list") + "?" + units[demo.an_luu.name].url_query)
    assert listed.context["page"].paginator.count == 2


def test_current_phase_by_default_and_bad_phase_falls_back(client, demo, old_phase):
    practice_in(demo.an_luu, S.REGISTERED, datetime.date.today())
    client.force_login(demo.reviewer)
    for params in ({}, {"phase": "abc"}, {"phase": "999999"}):
        trend = client.get(reverse("dashboard"), params).context["trend"]
        assert trend.phase.start_year <= datetime.date.today().year <= trend.phase.end_year
        assert sum(r for r, _ in trend.totals) == 1


def test_provincial_trend_has_a_line_per_board(client, demo, old_phase):
    practice_in(demo.an_luu, S.RECOGNIZED, datetime.date(2022, 3, 10))
    practice_in(demo.thanh_an, S.RECOGNIZED, datetime.date(2023, 2, 1))
    client.force_login(demo.provincial)
    trend = client.get(reverse("dashboard"), {"phase": old_phase.pk}).context["trend"]
    units = lines(trend.by_unit)
    assert set(units) == {demo.kinh_mon.name, demo.thanh_ha.name}
    assert units[demo.thanh_ha.name].url_query == f"unit={demo.thanh_ha.pk}&phase={old_phase.pk}"


@pytest.mark.parametrize("username", ["officer", "officer2"])
def test_officers_have_no_dashboard(client, demo, username):
    client.force_login(demo.users[username])
    assert client.get(reverse("dashboard"), {"phase": "1"}).status_code == 404


# --- Grouped by today's units after the reform ---------------------------------------------------------------------


@pytest.fixture
def reformed(demo, old_phase):
    load_units(NATIONAL_FILE, province_codes={"31"})
    thuong_quan = Unit.objects.get(name="Xã Thượng Quận", valid_until__isnull=True)

    class World:
        an_luu = practice_in(demo.an_luu, S.RECOGNIZED, datetime.date(2023, 5, 10), title="An Lưu 2023")
        split = practice_in(thuong_quan, S.RECOGNIZED, datetime.date(2024, 3, 1), title="Thượng Quận 2024")
        district = practice_in(demo.kinh_mon, S.RECOGNIZED, datetime.date(2024, 4, 1), title="Của Thị xã")

    reform_apply(effective=datetime.date(2025, 7, 1))
    World.ward = Unit.objects.current().get(code="10675")
    World.city = Unit.objects.current().get(code="31", level=UnitLevel.PROVINCE)
    World.new = practice_in(World.ward, S.REGISTERED, datetime.date.today(), title="Phường Kinh Môn 2026")
    World.commune = UserFactory(username="commune_ut")
    Membership.objects.create(user=World.commune, unit=World.ward, role=Role.REVIEWER)
    World.city_board = UserFactory(username="city_ut")
    Membership.objects.create(user=World.city_board, unit=World.city, role=Role.PROVINCIAL)
    return World


def test_city_board_sees_history_under_todays_communes(client, reformed, old_phase):
    client.force_login(reformed.city_board)
    response = client.get(reverse("dashboard"))
    stats = response.context["stats"]
    rows = {row["name"]: row for row in stats.units}
    ward = rows["Phường Kinh Môn"]
    assert ward["total"] >= 2 and ward["recognized"] >= 1 and ward["unit_id"] == reformed.ward.pk
    assert "Xã Thượng Quận (đã chia tách)" in rows and rows["Xã Thượng Quận (đã chia tách)"]["unit_id"] is None
    assert rows["Thị xã Kinh Môn (trước sắp xếp)"]["total"] == 1
    assert sum(row["total"] for row in stats.units) == stats.total
    assert "Huyện Thanh Hà" not in rows  # old districts' communes are under today's communes now
    html = response.content.decode()
    assert f'href="/practices/?unit={reformed.ward.pk}"' in html
    assert f'href="?district={reformed.ward.pk}"' in html  # the ward reviews: the city may drill into it
    # Over the old phase too, by today's units.
    trend = client.get(reverse("dashboard"), {"phase": old_phase.pk}).context["trend"]
    units = lines(trend.by_unit)
    assert units["Phường Kinh Môn"].recognized >= 1
    assert units["Xã Thượng Quận (đã chia tách)"].url_query == ""
    # The list filtered by today's ward holds the history of the commune it took in.
    listed = client.get(reverse("practice_list"), {"unit": reformed.ward.pk})
    titles = {p.title for p in listed.context["page"].object_list}
    assert {"An Lưu 2023", "Phường Kinh Môn 2026"} <= titles


def test_city_board_drills_into_a_ward(client, reformed):
    client.force_login(reformed.city_board)
    response = client.get(reverse("dashboard"), {"district": reformed.ward.pk})
    assert response.status_code == 200
    rows = {row["name"]: row for row in response.context["stats"].units}
    assert rows["Phường Kinh Môn"]["total"] == response.context["stats"].total >= 2


def test_ward_committee_counts_its_predecessors(client, reformed, old_phase):
    client.force_login(reformed.commune)
    response = client.get(reverse("dashboard"))
    stats = response.context["stats"]
    ward_practices = Practice.objects.filter(unit=reformed.ward).count()
    assert stats.total >= ward_practices + 1  # An Lưu's 2023 practice counts here
    rows = {row["name"]: row for row in stats.units}
    assert rows["Phường Kinh Môn"]["total"] == stats.total
    trend = client.get(reverse("dashboard"), {"phase": old_phase.pk}).context["trend"]
    halves = dict(zip(trend.halves, trend.totals, strict=True))
    assert halves[(2023, 1)][1] >= 1
    assert "Thượng Quận 2024" not in response.content.decode()


def test_other_users_do_not_see_the_wards_history(client, demo, reformed):
    client.force_login(demo.reviewer2)  # Thanh Hà's 2021–2025 board
    stats = client.get(reverse("dashboard")).context["stats"]
    assert not any(row["name"] == "Phường Kinh Môn" for row in stats.units)
    client.force_login(reformed.commune)
    # A ward's committee is not provincial staff: drilling into another unit is ignored.
    response = client.get(reverse("dashboard"), {"district": reformed.city.pk})
    assert response.context["board"] is None


def test_dashboard_queries_do_not_grow_with_history(client, reformed, django_assert_max_num_queries):
    client.force_login(reformed.city_board)
    with django_assert_max_num_queries(22):
        response = client.get(reverse("dashboard"))
    assert re.search(r'data-stat="total">\d+<', response.content.decode())
