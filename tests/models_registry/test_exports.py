"""The Excel export of the practice list, read back with openpyxl."""

import io

import openpyxl
import pytest
from django.urls import reverse

from models_registry.exports import neutralize, practices_xlsx
from models_registry.imports.columns import COLUMNS
from models_registry.models import Practice
from tests.models_registry.practice_helpers import make_practice

pytestmark = pytest.mark.django_db
HEADER_ROW = 3


def read(content):
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    sheet = workbook.active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[HEADER_ROW - 1]
    return sheet, header, [dict(zip(header, row, strict=False)) for row in rows[HEADER_ROW:]]


def test_export_follows_the_filters_and_the_scope(client, demo):
    found = make_practice(
        demo.an_luu,
        state="proposed",
        title="“Dân vận khéo” hiến đất làm đường",
        people_reached=450,
        budget_vnd=15000000,
    )
    make_practice(demo.an_luu, title="Đường hoa", summary="Trồng hoa")
    make_practice(demo.thanh_an, title="Dân vận khéo vùng vải")  # another district
    client.force_login(demo.reviewer)
    response = client.get(reverse("practice_list"), {"q": "dan van kheo", "export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith('attachment; filename="danh-sach-mo-hinh-')
    _sheet, header, rows = read(response.content)
    assert header[:4] == ("STT", "Tên mô hình, điển hình", "Loại", "Đối tượng")
    assert "Đơn vị đăng ký" in header and "Trạng thái" in header and "Số người được vận động, thụ hưởng" in header
    assert len(rows) == 1
    row = rows[0]
    assert row["STT"] == 1
    assert row["Tên mô hình, điển hình"] == "“Dân vận khéo” hiến đất làm đường"
    assert row["Đơn vị đăng ký"] == "Phường An Lưu"
    assert row["Trạng thái"] == "Đề nghị công nhận"
    assert row["Số người được vận động, thụ hưởng"] == 450
    assert row["Kinh phí (đồng)"] == 15000000
    assert row["Ngày đề nghị"] is None
    # The list export has exactly the import template's columns (so that it imports back).
    assert list(header) == [column.header_vi for column in COLUMNS]
    assert found.title == row["Tên mô hình, điển hình"]


def test_export_url_gives_the_same_file(client, demo):
    make_practice(demo.an_luu, title="Một")
    make_practice(demo.an_luu, title="Hai")
    client.force_login(demo.officer)
    response = client.get(reverse("practice_export"), {"sort": "title"})
    _sheet, _header, rows = read(response.content)
    assert [row["Tên mô hình, điển hình"] for row in rows] == ["Hai", "Một"]


def test_formula_injection_is_neutralised(demo):
    make_practice(
        demo.an_luu,
        title='=HYPERLINK("http://evil.example","bấm vào")',
        summary="+1+2",
        results="@SUM(A1:A2)",
    )
    make_practice(demo.an_luu, title="-2+3", summary="bình thường")
    _filename, _type, content = practices_xlsx(Practice.objects.filter(unit=demo.an_luu).order_by("title"))
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    sheet = workbook.active
    cells = [cell for row in sheet.iter_rows(min_row=HEADER_ROW + 1) for cell in row]
    assert not any(cell.data_type == "f" for cell in cells)
    values = {cell.value for cell in cells}
    assert '\'=HYPERLINK("http://evil.example","bấm vào")' in values
    assert "'+1+2" in values and "'@SUM(A1:A2)" in values and "'-2+3" in values
    assert "bình thường" in values


def test_neutralize_leaves_numbers_and_plain_text():
    assert neutralize(-5) == -5
    assert neutralize("Dân vận") == "Dân vận"
    assert neutralize("=1+1") == "'=1+1"


def test_export_query_count_is_flat(client, demo, django_assert_max_num_queries):
    client.force_login(demo.provincial)
    for _index in range(3):
        make_practice(demo.an_luu)
    with django_assert_max_num_queries(12) as small:
        client.get(reverse("practice_export"))
    for _index in range(40):
        make_practice(demo.thanh_an)
    with django_assert_max_num_queries(12) as large:
        response = client.get(reverse("practice_export"))
    assert len(large.captured_queries) == len(small.captured_queries)
    assert len(read(response.content)[2]) == 43
