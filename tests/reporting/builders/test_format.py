"""The document's format (Hướng dẫn 36-HD/VPTW) and its new sections, read back from the PDF's text and geometry
and from the workbook (issue 11)."""

import datetime
import io

import pytest
from django.db.models import Sum
from openpyxl import load_workbook

from models_registry.bodies import default_words
from models_registry.models import Body, Decision, Practice, Recognition, RecognitionLevel
from models_registry.models.bodies import Plan, SigningForm
from models_registry.models.practices import Phase
from reporting.builders.charts import vn_number
from reporting.builders.document import SIGNER_PLACEHOLDER, ReportDocument
from reporting.builders.pdf import build_report_pdf
from reporting.builders.xlsx import DATE_FORMAT, NUMBER_FORMAT, build_report_xlsx
from reporting.figures import GROUP_COLUMNS
from reporting.selectors import report_statistics

from ..conftest import INSIDE, THANH_HA_TITLE, TONE_TITLE
from ..pdf_geometry import find, horizontal_rules, reader_of, runs, text_width_px, vertical_lines
from .test_documents import pdf_text

pytestmark = pytest.mark.django_db


def build(unit, period="h1", year=2022, number="12", **narrative):
    statistics = report_statistics(unit=unit, period_kind=period, year=year)
    document = ReportDocument(
        unit=unit, period_kind=period, year=year, statistics=statistics, number=number, narrative=narrative
    )
    return statistics, document


def test_the_rule_under_the_party_title_is_as_long_as_the_title(world):
    _statistics, document = build(world.demo.kinh_mon)
    reader = reader_of(build_report_pdf(document)[2])
    page = reader.pages[0]
    title = find(page, "ĐẢNG CỘNG SẢN VIỆT NAM")
    width = text_width_px(title.text, title.size_pt / 0.75)
    below = [rule for rule in horizontal_rules(page, reader) if 0 < rule[2] - title.y < 15]
    assert len(below) == 1, below
    x0, x1, _y = below[0]
    assert abs(x0 - title.x) < 1 and abs((x1 - x0) - width) < 2
    # The other header elements: left column above the "*", symbol, place and date, title and subject.
    first = [run.text for run in runs(page)]
    assert first[:4] == ["THỊ ỦY KINH MÔN", "BAN DÂN VẬN", "*", "Số 12-BC/BDVTXU"]
    assert find(page, "Số 12-BC/BDVTXU").x < title.x  # left header, right header
    assert "Kinh Môn, ngày 14 tháng 6 năm 2022" in first and "BÁO CÁO" in first
    assert "sơ kết 6 tháng đầu năm 2022 phong trào thi đua “Dân vận khéo”" in first
    assert find(page, "BÁO CÁO").size_pt >= 15


def test_the_annex_is_a_numbered_table_continuous_across_districts(world):
    statistics, document = build(world.demo.province)
    reader = reader_of(build_report_pdf(document)[2])
    # Both districts' practices share the annex's one page (a board does not start a page of its own).
    annex_pages = [page for page in reader.pages if "PHỤ LỤC" in page.extract_text()]
    assert len(annex_pages) == 1 and annex_pages[0] == reader.pages[-1]
    page = annex_pages[0]
    text = " ".join(page.extract_text().split())
    assert "(Kèm theo Báo cáo số 12-BC/BDVTU ngày 14/06/2022 của Ban Dân vận Tỉnh ủy Hải Dương)" in text
    assert "STT Tên mô hình, điển hình Đơn vị Lĩnh vực Quyết định số Ngày" in text
    assert "Thị xã Kinh Môn (4)" in text and "Huyện Thanh Hà (1)" in text
    # Six columns: seven vertical borders running from the header to the last row.
    columns = sorted(vertical_lines(page, reader))
    assert len(columns) == 7, columns
    page_runs = runs(page)
    rows = []
    for number, item in enumerate(statistics["annex"], start=1):
        row = next(run for run in page_runs if run.text.startswith(f"{number} {item['title'].split()[0]}"))
        assert columns[0] < row.x < columns[1]  # the number in the STT column, the row read left to right
        same_row = [run.text for run in page_runs if abs(run.y - row.y) < 1]
        assert any(text.endswith(f"{item['decision']} {item['decision_date']}") for text in same_row), same_row
        rows.append(row.y)
    assert rows == sorted(rows)  # numbered 1… down the page, across both districts
    wrapped = find(page, "Hỏi Thăm Đạt Kết Quả Tốt")  # a long title wraps inside its own column
    assert columns[1] < wrapped.x < columns[2]
    assert THANH_HA_TITLE in text and THANH_HA_TITLE in [item["title"] for item in statistics["annex"]]


def test_no_annex_page_when_nothing_was_recognized(world):
    _statistics, document = build(world.demo.thanh_ha, period="year", year=2020)
    reader, text = pdf_text(build_report_pdf(document)[2])
    assert "PHỤ LỤC" not in text
    assert "Phụ lục kèm theo" not in text
    assert "Trong kỳ không có mô hình, điển hình được đánh giá tiêu biểu." in text


def test_every_text_prints_at_10_points_or_more_charts_included(world):
    _statistics, document = build(world.demo.province)
    reader = reader_of(build_report_pdf(document)[2])
    chart_labels = {"Kinh tế", "Thị xã Kinh Môn", "Huyện Thanh Hà"}
    sizes = [run.size_pt for page in reader.pages for run in runs(page)]
    assert min(sizes) >= 10, min(sizes)
    assert any(run.text in chart_labels for page in reader.pages for run in runs(page))


@pytest.mark.parametrize(
    ("form", "title", "name", "lines"),
    [
        (SigningForm.ON_BEHALF, "TRƯỞNG BAN", "Nguyễn Văn Hùng", ["T/M BAN DÂN VẬN", "TRƯỞNG BAN"]),
        (SigningForm.DEPUTY, "PHÓ TRƯỞNG BAN", "Lê Thị Mai", ["K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"]),
        (SigningForm.PLAIN, "TRƯỞNG BAN", "", ["TRƯỞNG BAN"]),
    ],
)
def test_the_signer_is_the_boards_data_and_never_blank(world, form, title, name, lines):
    kinh_mon = world.demo.kinh_mon
    Body.objects.filter(unit=kinh_mon).delete()
    words = default_words(kinh_mon, world.demo.province)
    words.update(signing_form=form, signer_title=title, signer_name=name)
    Body.objects.create(unit=kinh_mon, valid_from=datetime.date(2020, 1, 1), **words)
    _statistics, document = build(kinh_mon)
    last = reader_of(build_report_pdf(document)[2])
    texts = [run.text for page in last.pages for run in runs(page)]
    start = texts.index(lines[0])
    assert texts[start : start + len(lines) + 1] == [*lines, name or SIGNER_PLACEHOLDER]
    assert ("T/M BAN DÂN VẬN" in texts) == (form == SigningForm.ON_BEHALF)
    # A name typed for this report replaces the board's.
    document.signer = "Trần Quốc Toản"
    assert "Trần Quốc Toản" in pdf_text(build_report_pdf(document)[2])[1]


def test_each_new_section_appears_and_reconciles_with_the_database(world):
    demo = world.demo
    kinh_mon = demo.kinh_mon
    phase = Phase.objects.get(start_year=2021)
    Plan.objects.create(
        unit=demo.province,
        phase=phase,
        number="09-KH/BDVTU",
        date=datetime.date(2021, 9, 10),
        title="thực hiện phong trào thi đua “Dân vận khéo” giai đoạn 2021 – 2025",
        issuer="Ban Dân vận Tỉnh ủy Hải Dương",
    )
    statistics, document = build(
        kinh_mon, leadership="Ban hành hướng dẫn đăng ký.", proposals="Đề nghị tỉnh tập huấn nghiệp vụ."
    )
    totals = statistics["totals"]
    # Sectors, fields and units each add up to the totals.
    for rows in (statistics["by_sector"], statistics["by_field"], statistics["groups"]):
        for key, _label in GROUP_COLUMNS:
            assert sum(row[key] for row in rows) == totals[key], key
    assert {row["id"]: row["recognized"] for row in statistics["by_sector"]}["government"] == totals["recognized"]
    assert sum(row["count"] for row in statistics["commendations"]) == totals["commended"] == 1
    assert totals["registered_collective"] + totals["registered_individual"] == totals["registered"]
    assert totals["registered_model"] + totals["registered_exemplar"] == totals["registered"]
    assert [item["title"] for item in statistics["typical"]] == [TONE_TITLE]
    assert len(statistics["typical"]) == totals["outstanding"]
    recognized = Practice.objects.filter(
        recognitions__level="district", recognitions__decision__date__range=("2021-12-15", "2022-06-14"), board=kinh_mon
    )
    sums = recognized.aggregate(money=Sum("money_mobilized_vnd"), budget=Sum("budget_vnd"))
    assert totals["money_mobilized_vnd"] == sums["money"] and totals["budget_vnd"] == sums["budget"]

    _reader, text = pdf_text(build_report_pdf(document)[2])
    assert "Thực hiện Kế hoạch số 09-KH/BDVTU ngày 10/09/2021 của Ban Dân vận Tỉnh ủy Hải Dương" in text
    assert "1. Công tác lãnh đạo, chỉ đạo, tuyên truyền Ban hành hướng dẫn đăng ký." in text
    assert "IV. KIẾN NGHỊ, ĐỀ XUẤT Đề nghị tỉnh tập huấn nghiệp vụ." in text
    assert "Bảng 4. Kết quả theo khối" in text
    government = next(row for row in statistics["by_sector"] if row["id"] == "government")
    values = " ".join(vn_number(government[key]) for key, _label in GROUP_COLUMNS)
    assert f"Khối chính quyền {values}" in text
    assert "Giấy khen Thị ủy 1" in text
    assert f"1. {TONE_TITLE} (Phường An Lưu; Quyết định số" in text
    assert "a) Đã huy động (kết quả)" in text and "b) Dự kiến khi đăng ký" in text
    assert f"Tiền vận động được {vn_number(sums['money'])} đồng" in text
    previous = statistics["previous"]
    assert f"Được công nhận {totals['recognized']} {previous['recognized']}" in text
    assert "Lũy kế từ 15/12/2020" in text


def test_the_summary_lists_the_provincial_recognitions_with_their_decisions(world):
    demo = world.demo
    decision = Decision.objects.create(
        number="15-QĐ/BDVTU", date=INSIDE, board=demo.province, signer="Vũ Đức Thắng", level="provincial"
    )
    practice = Practice.objects.get(title=TONE_TITLE)
    Recognition.objects.create(practice=practice, decision=decision, level=RecognitionLevel.PROVINCIAL)
    statistics, document = build(demo.province)
    assert statistics["totals"]["recognized_provincial"] == len(statistics["provincial"]) == 1
    assert statistics["provincial"][0]["decision"] == "15-QĐ/BDVTU"
    _reader, text = pdf_text(build_report_pdf(document)[2])
    assert "9. Mô hình, điển hình được công nhận cấp tỉnh" in text
    # The summary adds up its districts' recognitions: named at their level, apart from the province's own.
    assert "Được công nhận (cấp huyện) 5" in text and "Được công nhận cấp tỉnh 1" in text
    assert f"1 {TONE_TITLE} Phường An Lưu 15-QĐ/BDVTU 01/03/2022" in text
    book = load_workbook(io.BytesIO(build_report_xlsx(document)[2]))
    rows = list(book["Công nhận cấp tỉnh"].iter_rows(min_row=2, values_only=True))
    assert rows == [(1, TONE_TITLE, "Phường An Lưu", "Thị xã Kinh Môn", "15-QĐ/BDVTU", datetime.datetime(2022, 3, 1))]


def test_the_workbook_formats_numbers_and_dates_and_keeps_headers_on_screen_and_paper(world):
    statistics, document = build(world.demo.province)
    book = load_workbook(io.BytesIO(build_report_xlsx(document)[2]))
    summary = book["Tổng hợp"]
    assert summary.freeze_panes == "A6" and summary.print_title_rows == "$5:$5"
    money = next(row for row in book["Nguồn lực"].iter_rows(min_row=2) if row[1].value == "Tiền vận động được")
    assert money[2].value == statistics["totals"]["money_mobilized_vnd"] == 13_345_678
    assert money[2].number_format == NUMBER_FORMAT
    for name in ("So sánh", "Theo đơn vị", "Theo khối", "Theo lĩnh vực", "Nguồn lực", "Khen thưởng", "Phụ lục"):
        assert book[name].freeze_panes == "A2" and book[name].print_title_rows == "$1:$1", name
    annex = book["Phụ lục"]
    rows = list(annex.iter_rows(min_row=2))
    assert [row[0].value for row in rows] == list(range(1, len(statistics["annex"]) + 1))
    assert all(row[5].is_date and row[5].number_format == DATE_FORMAT for row in rows)
    assert (
        rows[0][5].value.date()
        == datetime.datetime.strptime(statistics["annex"][0]["decision_date"], "%d/%m/%Y").date()
    )
