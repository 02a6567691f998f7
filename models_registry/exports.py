"""Excel export of a practice list. Renderers return ``(filename, content_type, bytes)``."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .selectors.practices import LIST_RELATED

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A cell starting with one of these is a formula to Excel and LibreOffice (CSV/formula injection, OWASP).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralize(value):
    """Text that a spreadsheet will show and never evaluate: a leading apostrophe before a formula sign."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _columns():
    def local_date(value):
        return timezone.localtime(value).date() if value else None

    return [
        (_("Tên mô hình, điển hình"), 60, lambda p: p.title),
        (_("Loại"), 12, lambda p: p.get_kind_display()),
        (_("Đối tượng"), 12, lambda p: p.get_subject_display()),
        (_("Lĩnh vực"), 24, lambda p: p.field.name),
        (_("Đơn vị đăng ký"), 30, lambda p: p.unit.name),
        (_("Ban Dân vận xét duyệt"), 24, lambda p: p.board.name),
        (_("Giai đoạn"), 12, lambda p: p.phase.name),
        (_("Trạng thái"), 20, lambda p: p.get_state_display()),
        (_("Ngày tạo"), 12, lambda p: local_date(p.created_at)),
        (_("Ngày đề nghị"), 12, lambda p: local_date(p.proposed_at)),
        (_("Ngày công nhận"), 12, lambda p: local_date(p.recognized_at)),
        (_("Kinh phí (đồng)"), 16, lambda p: p.budget_vnd),
        (_("Số người được vận động, thụ hưởng"), 14, lambda p: p.people_reached),
        (_("Tiền vận động được (đồng)"), 16, lambda p: p.money_mobilized_vnd),
        (_("Ngày công vận động được"), 12, lambda p: p.workdays_mobilized),
        (_("Đất hiến (m²)"), 12, lambda p: p.land_donated_m2),
        (_("Tóm tắt"), 60, lambda p: p.summary),
        (_("Kết quả đạt được"), 60, lambda p: p.results),
    ]


def practices_xlsx(queryset, *, title=None):
    """The given practices as one sheet, in write-only mode so that a whole province fits in little memory."""
    columns = _columns()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Danh sách mô hình")[:31])
    for index, (_label, width, _getter) in enumerate(columns, start=2):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.column_dimensions["A"].width = 6
    bold = Font(bold=True)

    def header_cell(text):
        cell = WriteOnlyCell(sheet, value=neutralize(str(text)))
        cell.font = bold
        return cell

    sheet.append([header_cell(title or _("DANH SÁCH MÔ HÌNH, ĐIỂN HÌNH “DÂN VẬN KHÉO”"))])
    sheet.append([_("Xuất ngày %(date)s") % {"date": timezone.localdate().strftime("%d/%m/%Y")}])
    sheet.append([header_cell(_("STT"))] + [header_cell(label) for label, _width, _getter in columns])
    rows = queryset.select_related(*LIST_RELATED).iterator(chunk_size=2000)
    for number, practice in enumerate(rows, start=1):
        sheet.append([number] + [_cell(sheet, getter(practice)) for _label, _width, getter in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    filename = f"danh-sach-mo-hinh-{timezone.localdate():%Y%m%d}.xlsx"
    return filename, XLSX_TYPE, buffer.getvalue()


def _cell(sheet, value):
    cell = WriteOnlyCell(sheet, value=neutralize(value))
    if isinstance(value, str):
        # Belt and braces: openpyxl would turn "=..." into a formula; the apostrophe already prevents it,
        # and forcing the string type keeps it text even if the prefix list misses a sign.
        cell.data_type = "s"
    elif hasattr(value, "year"):
        cell.number_format = "DD/MM/YYYY"
    return cell
