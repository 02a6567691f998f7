"""The numbering register as an Excel workbook (sổ đăng ký văn bản), ``(filename, content_type, bytes)``."""

import io

from openpyxl import Workbook

from models_registry.exports import XLSX_TYPE
from reporting.builders.xlsx import _cell, _table

HEADER = [
    "Số, ký hiệu",
    "Ngày văn bản",
    "Loại văn bản",
    "Trích yếu nội dung",
    "Cơ quan ban hành",
    "Nhiệm kỳ",
    "Số thứ tự",
    "Số nhập tay",
    "Người vào sổ",
    "Vào sổ lúc",
]


def build_register_xlsx(entries, *, title):
    """Every line of ``entries`` (already scoped and filtered) in one sheet; text cells never run as formulas."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Sổ đăng ký văn bản"
    _cell(sheet, 1, 1, "SỔ ĐĂNG KÝ VĂN BẢN ĐI", bold=True)
    _cell(sheet, 2, 1, title)
    rows = [
        [
            entry.number,
            entry.date.strftime("%d/%m/%Y"),
            entry.get_doc_type_display(),
            entry.subject,
            entry.issuer.name,
            entry.term.name,
            entry.seq,
            "x" if entry.manual else "",
            (entry.issued_by.get_full_name() or entry.issued_by.get_username()) if entry.issued_by else "",
            entry.issued_at.strftime("%d/%m/%Y %H:%M"),
        ]
        for entry in entries
    ]
    _table(sheet, 4, HEADER, rows, widths=[18, 12, 12, 60, 30, 12, 9, 9, 22, 16])
    buffer = io.BytesIO()
    book.save(buffer)
    return "So-dang-ky-van-ban.xlsx", XLSX_TYPE, buffer.getvalue()
