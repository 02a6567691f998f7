"""Writing the practice sheet: the empty template (with its guide sheet) and the list export, same columns."""

import io

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ..exports import XLSX_TYPE, neutralize
from ..models import Field, Phase, PracticeState, RecognitionLevel
from ..models.practices import PracticeKind, PracticeSubject
from .columns import COLUMNS, EXPORT_PREFETCH, EXPORT_RELATED, practice_values
from .units import unit_labels

HEADER_ROW = 3
EXPORT_CHUNK = 2000


def _cell(sheet, value, *, bold=False):
    if isinstance(value, Promise):
        value = str(value)
    cell = WriteOnlyCell(sheet, value=neutralize(value))
    if isinstance(value, str):
        # openpyxl would turn "=..." into a formula; the apostrophe already prevents it, and forcing the string
        # type keeps it text even if the prefix list misses a sign.
        cell.data_type = "s"
        if "\n" in value:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    elif hasattr(value, "year"):
        cell.number_format = "DD/MM/YYYY"
    elif isinstance(value, int) and not isinstance(value, bool):
        # Amounts with thousands grouping (150.000.000 in a Vietnamese Excel); the value stays a number, so the
        # exported list still imports back.
        cell.number_format = "#,##0"
    if bold:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="FDE9E7")
    return cell


def _practice_sheet(workbook, title, subtitle):
    sheet = workbook.create_sheet(title=_("Danh sách mô hình")[:31])
    for index, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = f"C{HEADER_ROW + 1}"
    sheet.append([_cell(sheet, title, bold=True)])
    sheet.append([_cell(sheet, subtitle)])
    sheet.append([_cell(sheet, column.header_vi, bold=True) for column in COLUMNS])
    return sheet


def _save(workbook, filename):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return filename, XLSX_TYPE, buffer.getvalue()


def practice_list_xlsx(queryset, *, title=None):
    """The given practices in the import template's columns (so the file imports back unchanged).

    Write-only mode and chunked reads, so that a whole province fits in little memory.
    """
    workbook = Workbook(write_only=True)
    sheet = _practice_sheet(
        workbook,
        title or _("DANH SÁCH MÔ HÌNH, ĐIỂN HÌNH “DÂN VẬN KHÉO”"),
        _("Xuất ngày %(date)s") % {"date": timezone.localdate().strftime("%d/%m/%Y")},
    )
    rows = queryset.select_related(*EXPORT_RELATED).prefetch_related(*EXPORT_PREFETCH).iterator(chunk_size=EXPORT_CHUNK)
    labels = {}
    chunk = []
    number = 0

    def flush():
        nonlocal number
        missing = {p.unit for p in chunk if p.unit_id not in labels}
        labels.update(unit_labels(missing))
        for practice in chunk:
            number += 1
            values = practice_values(practice, unit_labels=labels)
            values["number"] = number
            sheet.append([_cell(sheet, values.get(column.key)) for column in COLUMNS])
        chunk.clear()

    for practice in rows:
        chunk.append(practice)
        if len(chunk) >= EXPORT_CHUNK:
            flush()
    flush()
    return _save(workbook, f"danh-sach-mo-hinh-{timezone.localdate():%Y%m%d}.xlsx")


def template_xlsx():
    """The empty template: the practice sheet with one example row, and a guide sheet explaining each column."""
    workbook = Workbook(write_only=True)
    sheet = _practice_sheet(
        workbook,
        _("MẪU NHẬP MÔ HÌNH, ĐIỂN HÌNH “DÂN VẬN KHÉO”"),
        _("Mỗi dòng một mô hình. Xem trang “Hướng dẫn”; xóa dòng ví dụ trước khi nhập."),
    )
    sheet.append([_cell(sheet, column.example if column.key != "number" else 1) for column in COLUMNS])
    guide = workbook.create_sheet(title=_("Hướng dẫn")[:31])
    guide.column_dimensions["A"].width = 34
    guide.column_dimensions["B"].width = 90
    guide.column_dimensions["C"].width = 40
    guide.append([_cell(guide, _("HƯỚNG DẪN GHI TỆP NHẬP MÔ HÌNH, ĐIỂN HÌNH"), bold=True)])
    guide.append(
        [
            _cell(
                guide,
                _(
                    "Trang đầu tiên là bảng dữ liệu: giữ nguyên dòng tiêu đề cột, mỗi dòng một mô hình. Ngày ghi "
                    "ngày/tháng/năm; số ghi số nguyên không dấu chấm. Không gộp ô, không ẩn trang tính, không đặt mật "
                    "khẩu. Nhập lại cùng một tệp không tạo thêm gì: mô hình được nhận ra theo đơn vị và tên."
                ),
            )
        ]
    )
    guide.append([])
    guide.append(
        [_cell(guide, _("Cột"), bold=True), _cell(guide, _("Cách ghi"), bold=True), _cell(guide, _("Ví dụ"), bold=True)]
    )
    for column in COLUMNS:
        guide.append([_cell(guide, column.header_vi), _cell(guide, str(column.help)), _cell(guide, column.example)])
    guide.append([])
    lists = [
        (_("Loại"), [str(label) for _value, label in PracticeKind.choices]),
        (_("Đối tượng"), [str(label) for _value, label in PracticeSubject.choices]),
        (_("Lĩnh vực"), list(Field.objects.filter(active=True).values_list("name", flat=True))),
        (_("Giai đoạn"), list(Phase.objects.values_list("name", flat=True))),
        (
            _("Trạng thái"),
            [str(label) for value, label in PracticeState.choices if value != PracticeState.DRAFT],
        ),
        (_("Cấp công nhận"), [str(label) for _value, label in RecognitionLevel.choices]),
    ]
    guide.append([_cell(guide, _("Các giá trị được chấp nhận"), bold=True)])
    for label, values in lists:
        guide.append([_cell(guide, label), _cell(guide, "; ".join(values))])
    return _save(workbook, "mau-nhap-mo-hinh.xlsx")
