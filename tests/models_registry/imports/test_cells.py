"""Dates, numbers and lists as officials type them."""

import datetime

import pytest

from models_registry.imports import cells


@pytest.mark.parametrize(
    "value",
    [
        datetime.datetime(2022, 3, 15),
        datetime.date(2022, 3, 15),
        "15/03/2022",
        "15/3/2022",
        "15-03-2022",
        "15.03.2022",
        "2022-03-15",
        44635,  # Excel's serial day number of 15/03/2022
        44635.0,
    ],
)
def test_dates_as_date_cells_text_and_excel_serials(value):
    assert cells.date(value)[0] == datetime.date(2022, 3, 15)


def test_a_serial_written_as_text_is_understood_with_a_note():
    assert cells.date("44635") == (
        datetime.date(2022, 3, 15),
        "Số “44635” được hiểu là ngày theo cách đếm của Excel.",
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("31/02/2022", "Ngày “31/02/2022” không có thật."),
        ("12/25/2022", "Ngày “12/25/2022” không có thật. Có thể tháng và ngày bị đảo (cổng đọc theo ngày/tháng/năm)."),
        ("tháng 3/2022", "Không hiểu ngày “tháng 3/2022”. Ghi theo dạng ngày/tháng/năm, ví dụ 25/12/2022."),
        (12, "Không hiểu ngày “12”. Ghi theo dạng ngày/tháng/năm, ví dụ 25/12/2022."),
    ],
)
def test_dates_not_understood(value, message):
    with pytest.raises(cells.CellError) as error:
        cells.date(value)
    assert error.value.message == message


def test_numbers_with_thousands_separators_are_read_with_a_note():
    assert cells.number("150.000.000", limit=10**12) == (
        150_000_000,
        "Số “150.000.000” có dấu phân cách hàng nghìn; đã hiểu là 150000000.",
    )
    assert cells.number(150000000.0, limit=10**12) == (150_000_000, None)
    assert cells.number(None, limit=10) == (0, None)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1,5 triệu", "Không hiểu số “1,5 triệu”. Ghi số nguyên, không dấu chấm, dấu phẩy hay chữ: ví dụ 150000000."),
        ("1.5", "Không hiểu số “1.5”. Ghi số nguyên, không dấu chấm, dấu phẩy hay chữ: ví dụ 150000000."),
        (2.5, "Cần một số nguyên, ô đang ghi 2.5."),
        (-3, "Số không được âm (-3)."),
    ],
)
def test_numbers_not_understood(value, message):
    with pytest.raises(cells.CellError) as error:
        cells.number(value, limit=10**12)
    assert error.value.message == message


def test_text_reads_back_what_the_export_neutralized():
    assert cells.text("'=HYPERLINK(1)")[0] == "=HYPERLINK(1)"
    assert cells.text(" dòng 1\r\ndòng 2 ")[0] == "dòng 1\ndòng 2"
    assert cells.text(912345678)[0] == "912345678"


def test_commendations_one_per_line():
    items, _warning = cells.commendations(
        "Giấy khen; UBND huyện; 12/QĐ-UBND; 20/01/2023\nBằng khen; UBND tỉnh; ; 01/02/2024"
    )
    assert items == [
        ("Giấy khen", "UBND huyện", "12/QĐ-UBND", datetime.date(2023, 1, 20)),
        ("Bằng khen", "UBND tỉnh", "", datetime.date(2024, 2, 1)),
    ]
    with pytest.raises(cells.CellError, match="Không hiểu khen thưởng “Giấy khen 2023”"):
        cells.commendations("Giấy khen 2023")
