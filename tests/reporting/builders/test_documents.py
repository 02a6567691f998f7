"""Statistics and documents: what the PDF and the .xlsx show equals what the database holds."""

import io
import re

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from models_registry.models import Practice, PracticeState, Unit
from reporting.builders.charts import vn_number
from reporting.builders.document import ReportDocument, report_filename
from reporting.builders.pdf import build_report_pdf
from reporting.builders.xlsx import build_report_xlsx
from reporting.periods import period_bounds
from reporting.selectors import FIGURES, GROUP_COLUMNS, report_statistics

from ..conftest import INSIDE, THANH_HA_TITLE, TONE_TITLE
from ..expected import expected_figures
from ..helpers import practice_in

pytestmark = pytest.mark.django_db


def pdf_text(content):
    reader = PdfReader(io.BytesIO(content))
    return reader, " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def build(unit, period="h1", year=2022, **narrative):
    statistics = report_statistics(unit=unit, period_kind=period, year=year)
    document = ReportDocument(unit=unit, period_kind=period, year=year, statistics=statistics, narrative=narrative)
    return statistics, document


def test_period_bounds_follow_the_cutoff_setting(settings):
    h1 = period_bounds("h1", 2022)
    assert (h1.start.isoformat(), h1.end.isoformat()) == ("2021-12-15", "2022-06-14")
    year = period_bounds("year", 2022)
    assert (year.start.isoformat(), year.end.isoformat()) == ("2021-12-15", "2022-12-14")
    settings.REPORT_CUTOFFS = {"h1": {"start": (1, 1), "end": (30, 6)}, "year": {"start": (1, 1), "end": (31, 12)}}
    assert period_bounds("h1", 2022).start.isoformat() == "2022-01-01"


def test_district_statistics_equal_the_database(world):
    kinh_mon = world.demo.kinh_mon
    statistics, _document = build(kinh_mon)
    expected = expected_figures(Practice.objects.filter(board=kinh_mon))
    for key, value in expected.items():
        assert statistics["totals"][key] == value, key
    # The world is built so that every figure is exercised (a zero everywhere would prove little).
    assert statistics["totals"]["recognized"] == 4  # the discontinued one was recognized in the period too
    assert statistics["totals"]["registered"] == 9
    assert statistics["totals"]["replicated"] == 1
    assert statistics["totals"]["commended"] == 1
    assert statistics["totals"]["money_mobilized_vnd"] == 13_345_678
    by_unit = {row["name"]: row for row in statistics["groups"]}
    assert set(by_unit) == {"Phường An Lưu", "Xã Bạch Đằng"}
    for name, row in by_unit.items():
        unit_expected = expected_figures(Practice.objects.filter(board=kinh_mon, unit__name=name))
        assert {key: row[key] for key in unit_expected} == unit_expected
    by_field = {row["name"]: row for row in statistics["by_field"]}
    for name, row in by_field.items():
        field_expected = expected_figures(Practice.objects.filter(board=kinh_mon, field__name=name))
        assert {key: row[key] for key in field_expected} == field_expected
    assert by_field["Văn hóa – xã hội"]["discontinued"] == 1


def test_district_report_never_contains_another_district(world):
    statistics, document = build(world.demo.kinh_mon)
    titles = {item["title"] for item in statistics["annex"]}
    assert TONE_TITLE in titles
    assert THANH_HA_TITLE not in titles
    assert "Công nhận ngày 14/12/2021" not in titles
    assert "Công nhận ngày 15/6/2022" not in titles
    _reader, text = pdf_text(build_report_pdf(document)[2])
    assert "Vườn vải Thanh Hà" not in text
    assert "Xã Thanh An" not in text


def test_provincial_summary_covers_every_district(world):
    province = world.demo.province
    statistics, document = build(province)
    expected = expected_figures(Practice.objects.filter(unit__path__startswith=province.path))
    for key, value in expected.items():
        assert statistics["totals"][key] == value, key
    districts = {row["name"]: row for row in statistics["groups"]}
    assert len(districts) == Unit.objects.filter(reviews=True, parent=province).count() == 12
    for name in ("Thị xã Kinh Môn", "Huyện Thanh Hà"):
        board = Unit.objects.get(name=name)
        assert {k: districts[name][k] for k in expected} == expected_figures(Practice.objects.filter(board=board))
    titles = {item["title"] for item in statistics["annex"]}
    assert {TONE_TITLE, THANH_HA_TITLE} <= titles
    _name, _type, content = build_report_pdf(document)
    _reader, text = pdf_text(content)
    assert "TỈNH ỦY HẢI DƯƠNG" in text
    assert "Số -BC/BDVTU" in text
    assert THANH_HA_TITLE in text and TONE_TITLE in text
    for name, row in districts.items():
        values = " ".join(vn_number(row[key]) for key, _label in GROUP_COLUMNS)
        assert f"{name} {values}" in text, name


def test_district_pdf_party_format_and_figures(world):
    kinh_mon = world.demo.kinh_mon
    statistics, document = build(
        kinh_mon, strengths="Các đơn vị <b>chủ động</b> đăng ký.", directions="Tiếp tục nhân rộng mô hình."
    )
    name, content_type, content = build_report_pdf(document)
    assert name == "Báo-cáo-6-tháng-2022-Thị-xã-Kinh-Môn.pdf"
    assert content_type == "application/pdf"
    reader, text = pdf_text(content)
    first = reader.pages[0].extract_text().splitlines()
    # Left header, then the right header (two columns in the layout, read left column first).
    assert first[:3] == ["THỊ ỦY KINH MÔN", "BAN DÂN VẬN", "*"]
    assert first[3].startswith("Số") and first[3].endswith("-BC/BDVTXU")
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in first
    assert "Kinh Môn, ngày 14 tháng 6 năm 2022" in first
    assert "BÁO CÁO" in first
    # Hướng dẫn 36-HD/VPTW: the subject follows the document type in lower case.
    assert "BÁO CÁO sơ kết 6 tháng đầu năm 2022 phong trào thi đua “Dân vận khéo”" in text
    assert "(Kỳ báo cáo từ ngày 15/12/2021 đến ngày 14/06/2022)" in text
    for index, (key, label) in enumerate(FIGURES, start=1):
        assert f"{index} {label} {vn_number(statistics['totals'][key])}" in text, label
    expected = expected_figures(Practice.objects.filter(board=kinh_mon))
    assert f"Tiền vận động được {vn_number(expected['money_mobilized_vnd'])} đồng" in text
    for row in statistics["groups"]:
        values = " ".join(vn_number(row[key]) for key, _label in GROUP_COLUMNS)
        assert f"{row['name']} {values}" in text
    # Every tone mark survives into the PDF's text, and user text is escaped, not interpreted.
    assert TONE_TITLE in text
    assert "Các đơn vị <b>chủ động</b> đăng ký." in text
    assert "Tiếp tục nhân rộng mô hình." in text
    assert "Nơi nhận:" in text and "T/M BAN DÂN VẬN" in text and "TRƯỞNG BAN" in text
    assert "PHỤ LỤC" in text
    assert f"Danh sách {statistics['totals']['recognized']} mô hình, điển hình được công nhận trong kỳ" in text
    assert "(Kèm theo Báo cáo số -BC/BDVTXU ngày 14/06/2022 của Ban Dân vận Thị ủy Kinh Môn)" in text


def test_pdf_embeds_the_shipped_font(world):
    _statistics, document = build(world.demo.kinh_mon)
    reader = PdfReader(io.BytesIO(build_report_pdf(document)[2]))
    fonts = {}
    for page in reader.pages:
        for ref in page["/Resources"].get("/Font", {}).values():
            font = ref.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            fonts[str(font["/BaseFont"])] = descendant["/FontDescriptor"].get_object()
    assert fonts
    for name, descriptor in fonts.items():
        assert "Liberation-Serif" in name
        assert "/FontFile2" in descriptor, f"{name} is not embedded"


def test_xlsx_holds_the_same_numbers_and_neutralises_formulas(world):
    kinh_mon = world.demo.kinh_mon
    statistics, document = build(kinh_mon)
    name, content_type, content = build_report_xlsx(document)
    assert name.endswith(".xlsx") and "spreadsheetml" in content_type
    book = load_workbook(io.BytesIO(content))
    summary = book["Tổng hợp"]
    figures = {row[0]: row[1:] for row in summary.iter_rows(min_row=6, values_only=True) if row[0]}
    expected = expected_figures(Practice.objects.filter(board=kinh_mon))
    for index, (key, label) in enumerate(FIGURES, start=1):
        assert figures[index][0] == label
        assert figures[index][1] == statistics["totals"][key]
        if key in expected:
            assert figures[index][1] == expected[key]
    units = {row[0]: row[1:] for row in book["Theo đơn vị"].iter_rows(min_row=2, values_only=True)}
    for row in statistics["groups"]:
        assert list(units[row["name"]]) == [row[key] for key, _label in GROUP_COLUMNS]
    annex = book["Phụ lục"]
    titles = [row[1] for row in annex.iter_rows(min_row=2, values_only=True)]
    assert TONE_TITLE in titles
    assert len(titles) == statistics["totals"]["recognized"]


def test_xlsx_formula_text_is_stored_as_text(world):
    _statistics, document = build(world.demo.kinh_mon)
    document.statistics["annex"][0]["title"] = '=HYPERLINK("http://x","bấm")'
    document.statistics["annex"][0]["unit"] = "@SUM(A1:A2)"
    book = load_workbook(io.BytesIO(build_report_xlsx(document)[2]))
    cells = [cell for row in book["Phụ lục"].iter_rows(min_row=2) for cell in row[1:3]]
    risky = [cell for cell in cells if isinstance(cell.value, str) and re.match(r"^[=+\-@]", cell.value)]
    assert len(risky) == 2
    for cell in risky:
        assert cell.data_type == "s"
        assert cell.quotePrefix


def test_filenames():
    province = Unit(name="Tỉnh Hải Dương", level="province", code="30")
    assert report_filename(province, "year", 2023, 2) == "Báo-cáo-tổng-hợp-năm-2023-Tỉnh-Hải-Dương-v2.pdf"


def test_annex_in_parts_keeps_every_practice_and_the_page_numbers(world, monkeypatch):
    monkeypatch.setattr("reporting.builders.pdf.ANNEX_PART_SIZE", 2)
    statistics, document = build(world.demo.province)
    reader, text = pdf_text(build_report_pdf(document)[2])
    annex = statistics["annex"]
    assert len(annex) == 5  # 4 in Kinh Môn (two parts), 1 in Thanh Hà (its own part)
    for number, item in enumerate(annex, start=1):
        # One numbered table row per practice, numbered across the districts' parts.
        assert f"{number} {item['title']} {item['unit']}" in text
    assert "Thị xã Kinh Môn (4) — tiếp theo" in text
    # Pages after the first carry their number, continuing across the separately laid-out parts.
    for index, page in enumerate(reader.pages[1:], start=2):
        assert page.extract_text().split()[-1] == str(index)
    assert text.count("PHỤ LỤC") == 1


@pytest.mark.parametrize("which", ["kinh_mon", "province"])
def test_statistics_cost_a_fixed_number_of_queries(world, which, django_assert_max_num_queries):
    """Aggregates, not a query per practice: the same count with 15 practices or 15,000."""
    unit = getattr(world.demo, which)
    with django_assert_max_num_queries(17) as queries:
        report_statistics(unit=unit, period_kind="h1", year=2022, user=world.demo.provincial)
    first = len(queries)
    for _n in range(5):
        practice_in(world.demo.an_luu, PracticeState.RECOGNIZED, INSIDE, commended_on=INSIDE)
        practice_in(world.demo.thanh_an, PracticeState.REGISTERED, INSIDE)
    with django_assert_max_num_queries(first):
        report_statistics(unit=unit, period_kind="h1", year=2022, user=world.demo.provincial)
