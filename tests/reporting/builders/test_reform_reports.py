"""Reports across the 2025 reform: history reproducible, communes report to the city, the city sums up by commune."""

import datetime

import pytest

from models_registry.models import PracticeState, Unit, UnitLevel
from models_registry.services.reform import reform_apply
from models_registry.units_import import NATIONAL_FILE, load_units
from reporting.builders.document import ReportDocument
from reporting.builders.pdf import build_report_pdf
from reporting.selectors import report_statistics

from ..helpers import practice_in
from .test_documents import pdf_text

pytestmark = pytest.mark.django_db
S = PracticeState
REFORM = datetime.date(2025, 7, 1)


def build(unit, period, year):
    statistics = report_statistics(unit=unit, period_kind=period, year=year)
    document = ReportDocument(unit=unit, period_kind=period, year=year, statistics=statistics, number="12")
    return statistics, pdf_text(build_report_pdf(document)[2])[1]


def test_a_2023_report_rebuilt_after_the_reform_has_the_same_text(demo):
    load_units(NATIONAL_FILE, province_codes={"31"})
    practice_in(demo.an_luu, S.RECOGNIZED, datetime.date(2023, 3, 10), title="Mô hình năm 2023 An Lưu")
    practice_in(demo.an_luu, S.PROPOSED, datetime.date(2023, 4, 2), title="Đề nghị năm 2023 An Lưu")
    before_stats, before = build(demo.kinh_mon, "year", 2023)
    reform_apply(effective=REFORM)
    after_stats, after = build(Unit.objects.get(pk=demo.kinh_mon.pk), "year", 2023)
    assert after == before
    assert before_stats["totals"] == after_stats["totals"] and before_stats["annex"] == after_stats["annex"]
    assert "THỊ ỦY KINH MÔN BAN DÂN VẬN" in before and "Số 12-BC/BDVTXU" in before
    assert "Ban Dân vận Tỉnh ủy Hải Dương (để báo cáo)" in before and "Được công nhận (cấp huyện)" in before
    # The province's summary of 2023 still lists its twelve districts, not today's communes.
    summary = report_statistics(unit=demo.province, period_kind="year", year=2023)
    assert len(summary["groups"]) == 12


@pytest.fixture
def reformed(demo):
    load_units(NATIONAL_FILE, province_codes={"31"})
    practice_in(demo.an_luu, S.RECOGNIZED, datetime.date(2025, 3, 10), title="Công nhận đầu năm 2025 An Lưu")
    reform_apply(effective=REFORM)
    ward = Unit.objects.current().get(code="10675")
    city = Unit.objects.current().get(code="31", level=UnitLevel.PROVINCE)
    practice_in(ward, S.RECOGNIZED, datetime.date(2026, 3, 2), title="Công nhận năm 2026 Phường Kinh Môn")
    practice_in(ward, S.RECOGNIZED, datetime.date(2025, 9, 2), title="Công nhận cuối năm 2025 Phường Kinh Môn")
    return ward, city


def test_a_ward_report_to_the_city_board(reformed):
    ward, _city = reformed
    statistics, text = build(ward, "h1", 2026)
    assert "ĐẢNG BỘ THÀNH PHỐ HẢI PHÒNG ĐẢNG ỦY PHƯỜNG KINH MÔN" in text
    assert "Số 12-BC/ĐU" in text and "Kinh Môn, ngày 14 tháng 6 năm 2026" in text
    assert "Đảng ủy Phường Kinh Môn báo cáo" in text and "giai đoạn 2026 – 2030" in text
    assert "Ban Tuyên giáo và Dân vận Thành ủy Hải Phòng (để báo cáo)" in text
    assert "T/M ĐẢNG ỦY BÍ THƯ" in text and "Được công nhận (cấp xã)" in text
    assert [item["title"] for item in statistics["annex"]] == ["Công nhận năm 2026 Phường Kinh Môn"]


def test_a_period_spanning_the_reform_counts_predecessors_under_todays_unit(reformed):
    ward, _city = reformed
    statistics = report_statistics(unit=ward, period_kind="year", year=2025)
    assert statistics["totals"]["recognized"] == 2
    assert {item["title"] for item in statistics["annex"]} == {
        "Công nhận đầu năm 2025 An Lưu",
        "Công nhận cuối năm 2025 Phường Kinh Môn",
    }


def test_the_city_summary_lists_every_commune(reformed):
    ward, city = reformed
    statistics, text = build(city, "h1", 2026)
    assert len(statistics["groups"]) == 114
    assert {row["name"] for row in statistics["groups"]} >= {"Phường Kinh Môn", "Đặc khu Bạch Long Vĩ"}
    assert "THÀNH ỦY HẢI PHÒNG BAN TUYÊN GIÁO VÀ DÂN VẬN" in text and "Số 12-BC/BTGDVTU" in text
    assert "Được công nhận (cấp xã) 1" in text and "Được công nhận cấp thành phố 0" in text
    assert "Hải Phòng, ngày 14 tháng 6 năm 2026" in text


def test_the_2025_summary_of_the_city_groups_predecessors_under_todays_communes(reformed, demo):
    ward, city = reformed
    # A practice of the old district itself has no commune to go to: it keeps its board, marked as closed.
    practice_in(demo.kinh_mon, S.RECOGNIZED, datetime.date(2025, 4, 1), title="Hội Nông dân thị xã 2025")
    statistics = report_statistics(unit=city, period_kind="year", year=2025)
    groups = {row["name"]: row for row in statistics["groups"]}
    assert groups["Phường Kinh Môn"]["recognized"] == 2  # An Lưu's (before 1/7) and the ward's own (after)
    assert groups["Thị xã Kinh Môn (đến 30/06/2025)"]["recognized"] == 1
    assert not any(name.startswith("Phường An Lưu") for name in groups)
    assert statistics["totals"]["recognized"] == sum(row["recognized"] for row in statistics["groups"]) == 3
    # The annex numbers its practices across the communes and names the registering unit as it was.
    assert [item["board"] for item in statistics["annex"]].count("Phường Kinh Môn") == 2
    assert {item["unit"] for item in statistics["annex"]} >= {"Phường An Lưu", "Phường Kinh Môn"}


def test_a_ward_report_spanning_the_reform_groups_predecessors_under_the_ward(reformed):
    ward, _city = reformed
    statistics = report_statistics(unit=ward, period_kind="year", year=2025)
    assert [(row["name"], row["recognized"]) for row in statistics["groups"]] == [("Phường Kinh Môn", 2)]
    # The old unit's sector still counts (a ward and its predecessor commune are both "chính quyền").
    sectors = {row["id"]: row["recognized"] for row in statistics["by_sector"]}
    assert sectors["government"] == 2
