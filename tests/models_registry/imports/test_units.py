"""Unit names as officials write them, matched within the importer's scope and on the row's date."""

import datetime

import pytest

from models_registry.imports.units import fold_name, unit_labels, unit_matcher
from models_registry.models import Unit
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "written",
    ["Phường An Lưu", "P. An Lưu", "p.An Lưu", "phường An Lưu", "An Lưu", "AN LƯU", "an luu", "  An  Lưu ", "P An Luu"],
)
def test_prefixes_diacritics_and_case_are_ignored(demo, written):
    assert unit_matcher(demo.province).match(written).unit == demo.an_luu


def test_old_and_new_tone_marks_fold_alike():
    assert fold_name("Xã Ứng Hoè") == fold_name("xã ứng hòe") == "xa ung hoe"


def test_a_shared_name_asks_for_the_parent_and_the_parent_tells_them_apart(demo):
    matcher = unit_matcher(demo.province)
    result = matcher.match("Xã Tân Việt")
    assert result.unit is None
    assert result.message == (
        "Có nhiều đơn vị tên “Xã Tân Việt”: Xã Tân Việt (Huyện Thanh Hà); Xã Tân Việt (Huyện Bình Giang). "
        "Ghi thêm đơn vị cấp trên trong ngoặc."
    )
    for written in ("Xã Tân Việt (Huyện Thanh Hà)", "Tân Việt, Thanh Hà", "Tân Việt - H. Thanh Hà"):
        found = matcher.match(written).unit
        assert found.name == "Xã Tân Việt" and found.parent == demo.thanh_ha


def test_within_a_board_the_name_is_not_shared(demo):
    assert unit_matcher(demo.thanh_ha).match("Tân Việt").unit.parent == demo.thanh_ha


def test_an_unknown_name_suggests_the_closest_in_scope(demo):
    result = unit_matcher(demo.kinh_mon).match("Phường An Lu")
    assert result.unit is None
    assert result.message.startswith(
        "Không tìm thấy đơn vị “Phường An Lu” trong phạm vi của bạn. Có phải: Phường An Lưu"
    )
    assert result.suggestions[0] == "Phường An Lưu (Thị xã Kinh Môn)"


def test_a_unit_outside_the_scope_is_not_found(demo):
    result = unit_matcher(demo.kinh_mon).match("Xã Thanh An")
    assert result.unit is None
    assert "Xã Thanh An (Huyện Thanh Hà)" not in result.message
    assert result.message.startswith("Không tìm thấy đơn vị “Xã Thanh An” trong phạm vi của bạn.")


def test_the_name_a_unit_had_on_the_rows_date(demo):
    # A commune merged on 1/7/2025: the old one answers for earlier rows, the new one (same name) after.
    old = UnitFactory(
        code="T-OLD", name="Xã Minh Khai Mới", parent=demo.kinh_mon, valid_until=datetime.date(2025, 7, 1)
    )
    new = UnitFactory(code="T-NEW", name="Xã Minh Khai Mới", parent=demo.kinh_mon, valid_from=datetime.date(2025, 7, 1))
    matcher = unit_matcher(demo.province)
    assert matcher.match("Minh Khai Mới", datetime.date(2023, 5, 1)).unit == old
    assert matcher.match("Minh Khai Mới", datetime.date(2025, 9, 1)).unit == new
    assert matcher.match("Minh Khai Mới").unit == new


def test_export_labels_add_the_parent_only_to_shared_names(demo):
    tan_viet = Unit.objects.get(name="Xã Tân Việt", parent=demo.thanh_ha)
    labels = unit_labels([demo.an_luu, tan_viet])
    assert labels == {demo.an_luu.pk: "Phường An Lưu", tan_viet.pk: "Xã Tân Việt (Huyện Thanh Hà)"}
    assert unit_matcher(demo.province).match(labels[tan_viet.pk]).unit == tan_viet
