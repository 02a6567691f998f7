"""The report's Excel twin: the same tables as the PDF in a workbook, ``(filename, content_type, bytes)``.

Numbers are stored as numbers with a thousands separator format, dates as dates (dd/mm/yyyy); each table's header
row is frozen and repeated on every printed page.
"""

import datetime
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from models_registry.exports import FORMULA_PREFIXES, XLSX_TYPE

from ..figures import GROUP_COLUMNS
from .document import document_context, report_filename

NUMBER_FORMAT = "#,##0"
DATE_FORMAT = "dd/mm/yyyy"


def _cell(sheet, row, column, value, *, bold=False):
    """Write one cell; text that a spreadsheet would read as a formula is stored as plain text."""
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        # Stored as a string with Excel's quote prefix: shown as typed, never evaluated.
        cell.data_type = "s"
        cell.quotePrefix = True
    elif isinstance(value, bool):
        pass
    elif isinstance(value, int):
        cell.number_format = NUMBER_FORMAT
    elif isinstance(value, datetime.date):
        cell.number_format = DATE_FORMAT
    if bold:
        cell.font = Font(bold=True)
    return cell


def _table(sheet, start_row, header, rows, *, widths=None, freeze=False):
    """A header row and its rows from ``start_row``; with ``freeze`` the header stays on screen and on each page."""
    for column, title in enumerate(header, start=1):
        _cell(sheet, start_row, column, title, bold=True).alignment = Alignment(wrap_text=True, vertical="center")
    for offset, values in enumerate(rows, start=1):
        for column, value in enumerate(values, start=1):
            _cell(sheet, start_row + offset, column, value)
    for column, width in enumerate(widths or [], start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=column).column_letter].width = width
    if freeze:
        sheet.freeze_panes = sheet.cell(row=start_row + 1, column=1)
        sheet.print_title_rows = f"{start_row}:{start_row}"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
    return start_row + len(rows) + 1


def _day(text):
    """'14/06/2022' (as the statistics snapshot stores it) -> a date, so that Excel sorts and filters it."""
    try:
        return datetime.datetime.strptime(text, "%d/%m/%Y").date()
    except (TypeError, ValueError):
        return text


def _grouped_sheet(book, title, first, rows, total_row):
    sheet = book.create_sheet(title)
    data = [[name, *values] for name, values in rows]
    data.append(["Tổng cộng", *total_row])
    _table(sheet, 1, [first, *(label for _key, label in GROUP_COLUMNS)], data, widths=[40] + [11] * 8, freeze=True)
    return sheet


def build_report_xlsx(document):
    """The same tables as the PDF in an Excel workbook: ``(filename, content_type, bytes)``."""
    context = document_context(document)
    book = Workbook()
    sheet = book.active
    sheet.title = "Tổng hợp"
    _cell(sheet, 1, 1, f"BÁO CÁO {context['subject'].upper()}", bold=True)
    _cell(sheet, 2, 1, document.unit.name)
    period_text = f"Kỳ báo cáo: {context['period'].text}"
    if context["provisional"]:
        period_text += f" (số liệu tạm tính đến ngày {context['provisional']:%d/%m/%Y})"
    _cell(sheet, 3, 1, period_text)
    rows = [[index, label, value] for index, (label, value) in enumerate(context["figures"], start=1)]
    _table(sheet, 5, ["TT", "Chỉ tiêu", "Số lượng"], rows, widths=[6, 48, 14], freeze=True)

    compare = book.create_sheet("So sánh")
    previous_year = context["previous_period"].year
    header = ["Chỉ tiêu", "Kỳ này", f"Cùng kỳ năm {previous_year}", "Tăng, giảm", "Lũy kế từ đầu giai đoạn"]
    rows = [[label, now, before, now - before, since] for label, now, before, _change, since in context["compared"]]
    _table(compare, 1, header, rows, widths=[32, 12, 16, 12, 20], freeze=True)

    first = "Đơn vị trực thuộc" if document.summary else "Đơn vị"
    _grouped_sheet(book, "Theo đơn vị", first, context["group_rows"], context["total_row"])
    _grouped_sheet(book, "Theo khối", "Khối", context["sector_rows"], context["total_row"])
    _grouped_sheet(book, "Theo lĩnh vực", "Lĩnh vực", context["field_rows"], context["total_row"])

    resources = book.create_sheet("Nguồn lực")
    rows = [["Đã huy động (kết quả)", label, value, measure] for label, value, measure in context["mobilized"]]
    rows += [["Dự kiến khi đăng ký", label, value, measure] for label, value, measure in context["planned"]]
    _table(resources, 1, ["Phần", "Nguồn lực", "Số lượng", "Đơn vị tính"], rows, widths=[22, 40, 18, 12], freeze=True)

    commendations = book.create_sheet("Khen thưởng")
    rows = [[row["form"], row["issuer"], row["count"]] for row in context["commendations"]]
    _table(commendations, 1, ["Hình thức khen thưởng", "Cấp khen", "Số lượt"], rows, widths=[30, 36, 10], freeze=True)

    typical = book.create_sheet("Tiêu biểu")
    rows = [
        [index, item["title"], item["unit"], item["decision"], _day(item["decision_date"]), item["summary"]]
        for index, item in enumerate(context["typical"], start=1)
    ]
    header = ["STT", "Tên mô hình, điển hình", "Đơn vị", "Quyết định số", "Ngày", "Tóm tắt"]
    _table(typical, 1, header, rows, widths=[6, 50, 28, 16, 12, 80], freeze=True)

    if document.summary:
        provincial = book.create_sheet(f"Công nhận {context['upper_level']}"[:31])
        rows = [
            [index, item["title"], item["unit"], item["board"], item["decision"], _day(item["decision_date"])]
            for index, item in enumerate(context["provincial"], start=1)
        ]
        header = ["STT", "Tên mô hình, điển hình", "Đơn vị", "Đơn vị trực thuộc", "Quyết định số", "Ngày"]
        _table(provincial, 1, header, rows, widths=[6, 50, 28, 28, 16, 12], freeze=True)

    annex = book.create_sheet("Phụ lục")
    header = ["STT", "Tên mô hình, điển hình", "Đơn vị", "Lĩnh vực", "Quyết định số", "Ngày"]
    header += ["Loại", "Đối tượng", "Tiêu biểu"]
    if document.summary:
        header.append("Đơn vị trực thuộc")
    rows = []
    for part in context["annex_parts"]:
        for item in part["items"]:
            row = [item["no"], item["title"], item["unit"], item["field"], item["decision"]]
            row += [_day(item["decision_date"]), item["kind"], item["subject"], "x" if item["outstanding"] else ""]
            if document.summary:
                row.append(item["board"])
            rows.append(row)
    _table(annex, 1, header, rows, widths=[6, 60, 30, 24, 16, 12, 10, 10, 9, 28], freeze=True)
    annex.page_setup.orientation = annex.ORIENTATION_LANDSCAPE

    buffer = io.BytesIO()
    book.save(buffer)
    name = report_filename(document.unit, document.period_kind, document.year, document.version, "xlsx")
    return name, XLSX_TYPE, buffer.getvalue()
