import pytest

from models_registry.models import Practice, Unit
from models_registry.models.units import Role
from models_registry.permissions import has_role
from tests.factories import MembershipFactory, PracticeFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def practices(demo):
    return {
        "an_luu": PracticeFactory(unit=demo.an_luu, title="Đường hoa An Lưu"),
        "kinh_mon_other": PracticeFactory(unit=demo.kinh_mon.children.exclude(pk=demo.an_luu.pk).first()),
        "thanh_an": PracticeFactory(unit=demo.thanh_an, title="Vườn vải Thanh An"),
    }


def visible(user):
    return set(Practice.objects.visible_to(user).values_list("pk", flat=True))


def test_officer_sees_only_own_unit(demo, practices):
    assert visible(demo.officer) == {practices["an_luu"].pk}
    assert visible(demo.officer2) == {practices["thanh_an"].pk}


def test_reviewer_sees_own_district(demo, practices):
    assert visible(demo.reviewer) == {practices["an_luu"].pk, practices["kinh_mon_other"].pk}
    assert visible(demo.reviewer2) == {practices["thanh_an"].pk}


def test_provincial_sees_province(demo, practices):
    assert visible(demo.provincial) == {p.pk for p in practices.values()}


def test_user_without_membership_sees_nothing(demo, practices):
    assert visible(UserFactory()) == set()


def test_superuser_sees_everything(demo, practices):
    assert visible(demo.admin) == {p.pk for p in practices.values()}


def test_several_memberships_add_up(demo, practices):
    user = UserFactory()
    MembershipFactory(user=user, unit=demo.an_luu, role=Role.OFFICER)
    MembershipFactory(user=user, unit=demo.thanh_an, role=Role.OFFICER)
    assert visible(user) == {practices["an_luu"].pk, practices["thanh_an"].pk}


def test_units_visible_to(demo):
    units = Unit.objects.visible_to(demo.reviewer)
    assert units.filter(pk=demo.an_luu.pk).exists()
    assert not units.filter(pk=demo.thanh_an.pk).exists()


def test_practice_board_is_resolved_on_save(demo, practices):
    assert practices["an_luu"].board == demo.kinh_mon
    assert practices["thanh_an"].board == demo.thanh_ha


def test_has_role_follows_the_tree(demo):
    assert has_role(demo.reviewer, Role.REVIEWER, demo.an_luu)
    assert not has_role(demo.reviewer, Role.REVIEWER, demo.thanh_an)
    assert not has_role(demo.officer, Role.REVIEWER)
