"""Reading an uploaded sheet safely: every bad file is refused with a message, before anything is written.

Checks in order, each cheaper than the next: size; what the bytes are (an encrypted or 97–2003 Office file, not a
zip at all); the zip's declared uncompressed size and ratio (a zip bomb is refused before openpyxl inflates
anything); the workbook opens; no hidden sheet; a header row; no merged cell in the table; at most the row cap.
Formulas are never evaluated: the value Excel saved with the file is used, and a formula without one is refused.
"""

import datetime
import re
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter, range_boundaries

from .columns import COLUMNS
from .units import fold_name

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# The stream an encrypted OOXML file (password to open) keeps inside its OLE container.
ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")
HEADER_SEARCH_ROWS = 10
# Columns read from a sheet (the template has about 50) and Excel's last row number.
MAX_COLUMNS = 100
MAX_SHEET_ROW = 1_048_576
MERGE_CELL = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)"')
FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")

DEFAULT_MAX_ROWS = 20_000
DEFAULT_MAX_UNCOMPRESSED = 200 * 1024 * 1024
# Sheet XML compresses about 5–30 times; a zip bomb, thousands of times.
DEFAULT_MAX_RATIO = 200


class FileRefused(Exception):
    """The whole file is refused; the message tells the user what to do."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass
class Sheet:
    """The table of the first sheet: the header's columns and the non-empty rows after it."""

    title: str
    header_row: int
    columns: dict  # column key -> (0-based index, column letter)
    rows: list  # (excel row number, tuple of values)
    unknown_headers: list = field(default_factory=list)
    formula_cells: dict = field(default_factory=dict)  # (row, index) -> formula text (value used is the saved one)

    def to_json(self):
        """The table as JSON data, so that the import re-checks the rows without parsing the file again."""
        return {
            "title": self.title,
            "header_row": self.header_row,
            "columns": {key: list(place) for key, place in self.columns.items()},
            "rows": [[number, [_encode(value) for value in values]] for number, values in self.rows],
            "unknown_headers": self.unknown_headers,
            "formula_cells": [[row, index, formula] for (row, index), formula in self.formula_cells.items()],
        }

    @classmethod
    def from_json(cls, data):
        return cls(
            title=data["title"],
            header_row=data["header_row"],
            columns={key: tuple(place) for key, place in data["columns"].items()},
            rows=[(number, tuple(_decode(value) for value in values)) for number, values in data["rows"]],
            unknown_headers=data["unknown_headers"],
            formula_cells={(row, index): formula for row, index, formula in data["formula_cells"]},
        )


def _encode(value):
    if isinstance(value, datetime.datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"date": value.isoformat()}
    if isinstance(value, datetime.time):
        return {"time": value.isoformat()}
    if isinstance(value, datetime.timedelta):
        return {"seconds": value.total_seconds()}
    return value


def _decode(value):
    if not isinstance(value, dict):
        return value
    if "datetime" in value:
        return datetime.datetime.fromisoformat(value["datetime"])
    if "date" in value:
        return datetime.date.fromisoformat(value["date"])
    if "time" in value:
        return datetime.time.fromisoformat(value["time"])
    return datetime.timedelta(seconds=value["seconds"])


def max_rows():
    return int(getattr(settings, "IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS))


def max_bytes():
    return int(getattr(settings, "IMPORT_MAX_BYTES", settings.UPLOAD_MAX_BYTES))


def _check_bytes(file):
    file.seek(0, 2)
    size = file.tell()
    file.seek(0)
    if size == 0:
        raise FileRefused(_("Tệp rỗng, vui lòng chọn lại tệp."))
    if size > max_bytes():
        raise FileRefused(
            _("Tệp quá lớn (%(size)s). Dung lượng tối đa là %(max)s; chia tệp thành nhiều tệp nhỏ hơn.")
            % {"size": filesizeformat(size), "max": filesizeformat(max_bytes())}
        )
    head = file.read(8)
    file.seek(0)
    if head == OLE_MAGIC:
        content = file.read()
        file.seek(0)
        if ENCRYPTED_MARK in content:
            raise FileRefused(
                _(
                    "Tệp được đặt mật khẩu nên cổng không đọc được. Mở tệp trong Excel, bỏ mật khẩu "
                    "(Tệp → Thông tin → Bảo vệ sổ làm việc → Mã hóa bằng mật khẩu, xóa mật khẩu), lưu lại rồi tải lên."
                )
            )
        raise FileRefused(
            _(
                "Tệp Excel 97–2003 (.xls) chưa được hỗ trợ. Mở tệp trong Excel và lưu lại dạng “Sổ làm việc Excel (.xlsx)”."
            )
        )
    if not head.startswith(b"PK"):
        raise FileRefused(
            _("Tệp không phải tệp Excel (.xlsx). Dùng tệp mẫu tải từ trang này, hoặc lưu bảng tính dạng .xlsx.")
        )
    return size


def _check_zip(file, size):
    try:
        with zipfile.ZipFile(file) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise FileRefused(_("Tệp Excel bị hỏng, không đọc được. Mở tệp trong Excel, lưu lại rồi tải lên.")) from error
    finally:
        file.seek(0)
    names = {info.filename for info in infos}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise FileRefused(
            _("Tệp không phải tệp Excel (.xlsx). Dùng tệp mẫu tải từ trang này, hoặc lưu bảng tính dạng .xlsx.")
        )
    limit = int(getattr(settings, "IMPORT_MAX_UNCOMPRESSED_BYTES", DEFAULT_MAX_UNCOMPRESSED))
    ratio = int(getattr(settings, "IMPORT_MAX_RATIO", DEFAULT_MAX_RATIO))
    total = sum(info.file_size for info in infos)
    inflated = any(
        info.file_size > ratio * max(info.compress_size, 1) and info.file_size > 1024 * 1024 for info in infos
    )
    if total > limit or inflated:
        raise FileRefused(
            _(
                "Tệp bị từ chối: khi giải nén, tệp lớn bất thường (%(size)s), có thể là tệp độc hại (“bom nén”). "
                "Chỉ tải lên bảng tính lưu trực tiếp từ Excel."
            )
            % {"size": filesizeformat(total)}
        )


def _header_keys():
    """{folded header: column key}, in Vietnamese and in the active language."""
    keys = {}
    for column in COLUMNS:
        keys[fold_name(column.header_vi)] = column.key
        keys[fold_name(str(column.header))] = column.key
    return keys


def _find_header(rows):
    keys = _header_keys()
    for number, values in rows:
        found = {}
        for index, value in enumerate(values):
            key = keys.get(fold_name(value)) if isinstance(value, str) else None
            if key:
                found.setdefault(key, index)
        if "title" in found and len(found) >= 3:
            return number, values, found
    return None


def read_sheet(file):
    """The first sheet's table, or FileRefused with a message in Vietnamese."""
    size = _check_bytes(file)
    _check_zip(file, size)
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds (KeyError, XML errors…) for a damaged file
        file.seek(0)
        raise FileRefused(_("Tệp Excel bị hỏng, không đọc được. Mở tệp trong Excel, lưu lại rồi tải lên.")) from error
    try:
        return _read_table(workbook, file)
    finally:
        workbook.close()
        file.seek(0)


def _sheet_xml(file, sheet):
    path = getattr(sheet, "_worksheet_path", None)
    if not path:
        return b""
    with zipfile.ZipFile(file) as archive:
        try:
            return archive.read(path.lstrip("/"))
        except KeyError:
            return b""


def _read_table(workbook, file):
    hidden = [ws.title for ws in workbook.worksheets if ws.sheet_state != "visible"]
    if hidden:
        raise FileRefused(
            _(
                "Tệp có trang tính bị ẩn (%(names)s). Trang ẩn có thể chứa dữ liệu không ai nhìn thấy: hiện trang "
                "tính đó ra (chuột phải vào tên trang → Bỏ ẩn) hoặc xóa nó, rồi tải lên lại."
            )
            % {"names": ", ".join(f"“{name}”" for name in hidden)}
        )
    if not workbook.worksheets:
        raise FileRefused(_("Tệp không có trang tính nào."))
    sheet = workbook.worksheets[0]
    try:
        # Explicit bounds: without them openpyxl parses the whole sheet once more to size it.
        iterator = sheet.iter_rows(max_col=MAX_COLUMNS, max_row=MAX_SHEET_ROW, values_only=True)
        head = []
        for number, values in enumerate(iterator, start=1):
            head.append((number, values))
            if number >= HEADER_SEARCH_ROWS:
                break
        found = _find_header(head)
        if found is None:
            raise FileRefused(
                _(
                    "Không tìm thấy dòng tiêu đề cột trong %(n)s dòng đầu của trang “%(sheet)s”. Dòng tiêu đề phải có "
                    "ít nhất các cột “Tên mô hình, điển hình”, “Đơn vị đăng ký”, “Lĩnh vực” như trong tệp mẫu."
                )
                % {"n": HEADER_SEARCH_ROWS, "sheet": sheet.title}
            )
        header_row, header_values, columns = found
        xml = _sheet_xml(file, sheet)
        _check_merges(xml, header_row)
        missing = [c for c in COLUMNS if c.required and c.key not in columns]
        if missing:
            raise FileRefused(
                _("Dòng tiêu đề (dòng %(row)s) thiếu cột bắt buộc: %(names)s.")
                % {"row": header_row, "names": ", ".join(f"“{c.header}”" for c in missing)}
            )
        known = set(columns.values())
        unknown = [
            f"{get_column_letter(i + 1)} “{value}”"
            for i, value in enumerate(header_values)
            if value not in (None, "") and i not in known
        ]
        limit = max_rows()
        rows = []
        data_rows = (row for row in head[header_row:])
        following = enumerate(iterator, start=len(head) + 1)
        for source in (data_rows, following):
            for number, values in source:
                if any(value is not None and value != "" for value in values):
                    rows.append((number, values))
                    if len(rows) > limit:
                        raise FileRefused(
                            _(
                                "Tệp có hơn %(max)s dòng dữ liệu, vượt giới hạn một lần nhập. "
                                "Chia thành nhiều tệp, mỗi tệp tối đa %(max)s dòng."
                            )
                            % {"max": number_format(limit, force_grouping=True)}
                        )
    except FileRefused:
        raise
    except Exception as error:
        raise FileRefused(_("Tệp Excel bị hỏng, không đọc được. Mở tệp trong Excel, lưu lại rồi tải lên.")) from error
    result = Sheet(
        title=sheet.title,
        header_row=header_row,
        columns={key: (index, get_column_letter(index + 1)) for key, index in columns.items()},
        rows=rows,
        unknown_headers=unknown,
    )
    if FORMULA.search(xml):
        result.formula_cells = _formulas(file, header_row)
    return result


def _check_merges(xml, header_row):
    for match in MERGE_CELL.finditer(xml):
        ref = match.group(1).decode()
        _min_col, _min_row, _max_col, max_row = range_boundaries(ref if ":" in ref else f"{ref}:{ref}")
        if max_row >= header_row:
            raise FileRefused(
                _(
                    "Tệp có ô gộp (%(ref)s) trong bảng dữ liệu. Ô gộp làm mất giá trị của các dòng bị gộp: bỏ gộp ô "
                    "(Trang đầu → Gộp và căn giữa → Bỏ gộp ô), ghi đủ giá trị vào từng dòng rồi tải lên lại."
                )
                % {"ref": ref}
            )


def _formulas(file, header_row):
    """{(row number, 0-based column): formula} of the data rows, read without evaluating anything."""
    file.seek(0)
    workbook = load_workbook(file, read_only=True, data_only=False)
    try:
        found = {}
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows(min_row=header_row + 1, max_col=MAX_COLUMNS, max_row=MAX_SHEET_ROW):
            for cell in row:
                if getattr(cell, "data_type", None) == "f":
                    found[(cell.row, cell.column - 1)] = str(cell.value)
        return found
    finally:
        workbook.close()
        file.seek(0)
