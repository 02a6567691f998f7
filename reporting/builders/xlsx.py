"""The report's Excel twin: the same tables as the PDF in a workbook, ``(filename, content_type, bytes)``."""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from models_registry.exports import FORMULA_PREFIXES, XLSX_TYPE

from ..selectors import GROUP_COLUMNS
from .document import document_context, report_filename


def _cell(sheet, row, column, value, *, bold=False):
    """Write one cell; text that a spreadsheet would read as a formula is stored as plain text."""
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        # Stored as a string with Excel's quote prefix: shown as typed, never evaluated.
        cell.data_type = "s"
        cell.quotePrefix = True
    if bold:
        cell.font = Font(bold=True)
    return cell


def _table(sheet, start_row, header, rows, *, widths=None):
    for column, title in enumerate(header, start=1):
        _cell(sheet, start_row, column, title, bold=True).alignment = Alignment(wrap_text=True)
    for offset, values in enumerate(rows, start=1):
        for column, value in enumerate(values, start=1):
            _cell(sheet, start_row + offset, column, value)
    for column, width in enumerate(widths or [], start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=column).column_letter].width = width
    return start_row + len(rows) + 1


def build_report_xlsx(document):
    """The same tables as the PDF in an Excel workbook: ``(filename, content_type, bytes)``."""
    context = document_context(document)
    stats = document.statistics
    book = Workbook()
    sheet = book.active
    sheet.title = "Tổng hợp"
    _cell(sheet, 1, 1, f"BÁO CÁO {context['subject'].upper()}", bold=True)
    _cell(sheet, 2, 1, document.unit.name)
    _cell(sheet, 3, 1, f"Kỳ báo cáo: {context['period'].text}")
    _table(sheet, 5, ["Chỉ tiêu", "Số lượng"], context["figures"], widths=[48, 14])

    groups = book.create_sheet("Theo huyện" if document.summary else "Theo đơn vị")
    header = ["Huyện, thị xã, thành phố" if document.summary else "Đơn vị", *(label for _key, label in GROUP_COLUMNS)]
    rows = [[name, *values] for name, values in context["group_rows"]]
    rows.append(["Tổng cộng", *context["total_row"]])
    _table(groups, 1, header, rows, widths=[40] + [11] * len(GROUP_COLUMNS))

    fields = book.create_sheet("Theo lĩnh vực")
    rows = [[name, *values] for name, values in context["field_rows"]]
    rows.append(["Tổng cộng", *context["total_row"]])
    _table(fields, 1, ["Lĩnh vực", *(label for _key, label in GROUP_COLUMNS)], rows, widths=[40] + [11] * 8)

    resources = book.create_sheet("Nguồn lực")
    _table(resources, 1, ["Nguồn lực huy động", "Số lượng", "Đơn vị tính"], context["resources"], widths=[40, 18, 12])

    annex = book.create_sheet("Phụ lục")
    header = ["STT", "Tên mô hình, điển hình", "Đơn vị", "Loại", "Đối tượng", "Lĩnh vực", "Số quyết định", "Ngày"]
    header.append("Tiêu biểu")
    if document.summary:
        header.append("Huyện, thị xã, thành phố")
    rows = []
    for index, item in enumerate(stats["annex"], start=1):
        row = [
            index,
            item["title"],
            item["unit"],
            item["kind"],
            item["subject"],
            item["field"],
            item["decision"],
            item["decision_date"],
            "x" if item["outstanding"] else "",
        ]
        if document.summary:
            row.append(item["board"])
        rows.append(row)
    _table(annex, 1, header, rows, widths=[6, 60, 30, 10, 10, 24, 16, 12, 9, 28])

    buffer = io.BytesIO()
    book.save(buffer)
    name = report_filename(document.unit, document.period_kind, document.year, document.version, "xlsx")
    return name, XLSX_TYPE, buffer.getvalue()
