import pytest
from django.core.management import call_command

from models_registry.models import Unit, UnitKind, UnitLevel
from models_registry.units_import import load_units
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def test_hai_duong_counts(demo):
    assert Unit.objects.filter(level=UnitLevel.PROVINCE).count() == 1
    assert Unit.objects.filter(level=UnitLevel.DISTRICT, parent=demo.province).count() == 12
    assert Unit.objects.filter(level=UnitLevel.COMMUNE, path__startswith=demo.province.path).count() == 207


def test_load_units_is_idempotent(demo):
    before = list(Unit.objects.order_by("code").values_list("code", "name", "path", "parent_id"))
    counts = load_units()
    call_command("load_units")
    assert counts == {"created": 0, "updated": 0, "unchanged": 220}
    assert list(Unit.objects.order_by("code").values_list("code", "name", "path", "parent_id")) == before


def test_load_units_repairs_a_renamed_unit(demo):
    Unit.objects.filter(pk=demo.an_luu.pk).update(name="Tên sai")
    counts = load_units()
    assert counts["updated"] == 1
    assert Unit.objects.get(pk=demo.an_luu.pk).name == "Phường An Lưu"


def test_kinds_follow_names(demo):
    assert demo.kinh_mon.kind == UnitKind.TOWN
    assert demo.thanh_ha.kind == UnitKind.DISTRICT
    assert demo.an_luu.kind == UnitKind.WARD
    assert Unit.objects.get(name="Thành phố Hải Dương").kind == UnitKind.CITY


def test_subtree_query(demo, django_assert_num_queries):
    with django_assert_num_queries(1):
        names = set(demo.kinh_mon.subtree().values_list("name", flat=True))
    assert "Phường An Lưu" in names and "Thị xã Kinh Môn" in names
    assert "Xã Thanh An" not in names
    assert demo.kinh_mon.contains(demo.an_luu) and not demo.thanh_ha.contains(demo.an_luu)


def test_board_is_nearest_reviewing_ancestor(demo):
    assert demo.an_luu.board == demo.kinh_mon
    organization = UnitFactory(
        code="10675-HPN",
        name="Hội Liên hiệp Phụ nữ phường An Lưu",
        level=UnitLevel.ORGANIZATION,
        kind=UnitKind.WOMEN_UNION,
        parent=demo.an_luu,
    )
    assert organization.board == demo.kinh_mon


def test_board_resolution_is_data_in_a_two_tier_province(demo):
    """After the 2025 reform communes sit under the province, which then reviews itself."""
    province = UnitFactory(code="31", name="Thành phố Hải Phòng", level=UnitLevel.PROVINCE, kind=UnitKind.CENTRAL_CITY)
    province.reviews = True
    province.save()
    commune = UnitFactory(code="11311", name="Phường Thủy Nguyên", parent=province, kind=UnitKind.WARD)
    assert commune.board == province


def test_committee_names_and_symbols(demo):
    assert demo.kinh_mon.committee == "THỊ ỦY KINH MÔN"
    assert demo.thanh_ha.committee == "HUYỆN ỦY THANH HÀ"
    assert Unit.objects.get(name="Thành phố Chí Linh").committee == "THÀNH ỦY CHÍ LINH"
    assert demo.thanh_ha.symbol == "BDVHU"
    demo.kinh_mon.committee_name = "THỊ ỦY KINH MÔN (MỚI)"
    assert demo.kinh_mon.committee == "THỊ ỦY KINH MÔN (MỚI)"
