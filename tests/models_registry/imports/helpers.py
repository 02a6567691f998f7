"""Building Excel files for the import tests: rows in the template's columns, and files broken on purpose."""

import io
import re
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from openpyxl import Workbook

from models_registry.imports.columns import COLUMN_BY_KEY, COLUMNS
from models_registry.services.imports import import_batch_confirm, import_batch_create

HEADER_ROW = 3
FIRST_ROW = HEADER_ROW + 1


def good_row(**values):
    """A valid registered practice of Phường An Lưu; keyword arguments override or add columns."""
    row = {
        "title": "Mô hình “Dân vận khéo” thắp sáng đường quê",
        "kind": "Mô hình",
        "subject": "Tập thể",
        "field": "Kinh tế",
        "unit": "Phường An Lưu",
        "phase": "2021–2025",
        "state": "Đã đăng ký",
        "submitted_on": "15/03/2022",
    }
    row.update(values)
    return row


def xlsx(rows, *, keys=None, setup=None, title_rows=True):
    """An .xlsx with the title lines, the header row (``keys`` columns, all by default) and ``rows``."""
    keys = keys or [column.key for column in COLUMNS]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách mô hình"
    if title_rows:
        sheet.append(["DANH SÁCH MÔ HÌNH"])
        sheet.append(["Gửi kèm công văn"])
    sheet.append([COLUMN_BY_KEY[key].header_vi for key in keys])
    for row in rows:
        sheet.append([row.get(key) for key in keys])
    if setup:
        setup(workbook, sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def column_letter(key, keys=None):
    from openpyxl.utils import get_column_letter

    keys = keys or [column.key for column in COLUMNS]
    return get_column_letter(keys.index(key) + 1)


def with_saved_formula_value(content, cell, value):
    """Give a formula written by openpyxl (which saves no result) the value Excel would have saved with it."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(
                    rf'(<c r="{cell}"[^>]*><f>[^<]*</f>)<v\s*(?:/>|></v>)'.encode(),
                    rb"\1<v>%s</v>" % value.encode(),
                    data,
                )
            target.writestr(info, data)
    return buffer.getvalue()


def upload(user, unit, content, name="mo-hinh.xlsx"):
    """Upload through the service (the check runs inline in tests) and return the refreshed batch."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        batch = import_batch_create(actor=user, unit=unit, file=SimpleUploadedFile(name, content))
    batch.refresh_from_db()
    return batch


def problems(batch):
    """[(row, column letter, level, message)] of a checked batch's preview."""
    return [
        (row["row"], problem["column"], problem["level"], problem["message"])
        for row in batch.preview
        for problem in row["problems"]
    ]


def confirm(user, batch):
    with TestCase.captureOnCommitCallbacks(execute=True):
        import_batch_confirm(batch=batch, actor=user)
    batch.refresh_from_db()
    return batch
