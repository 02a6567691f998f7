"""Reading one cell: dates, numbers, yes/no and lists as officials type them, with a message when it fails.

Every reader returns ``(value, warning)`` or raises ``CellError``; a warning says how an unusual value was
understood (a number written with "." thousands separators) without stopping the import.
"""

import datetime
import re

from django.utils.translation import gettext as _
from openpyxl.utils.datetime import from_excel

from .units import fold_name

# Excel serial day numbers of 1/1/1955 and 31/12/2099: a plain number in a date column within these is a date.
SERIAL_MIN, SERIAL_MAX = 20090, 73415
DATE_TEXT = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})$")
ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")
THOUSANDS = re.compile(r"^\d{1,3}(?:[.\s]\d{3})+$")
PLAIN_NUMBER = re.compile(r"^\d+$")
YES = {"co", "x", "1", "true", "yes", "tieu bieu", "dat"}
NO = {"", "khong", "0", "false", "no"}


class CellError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def text(value, *, max_length=0):
    if value is None:
        return "", None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.strftime("%d/%m/%Y") if value.time() == datetime.time() else value.strftime("%d/%m/%Y %H:%M")
    elif isinstance(value, datetime.date):
        value = value.strftime("%d/%m/%Y")
    result = str(value).strip()
    # The export writes "'" before a leading formula sign so that no spreadsheet evaluates it; read it back.
    if result.startswith("'") and result[1:2] in ("=", "+", "-", "@"):
        result = result[1:]
    result = result.replace("\r\n", "\n").replace("\r", "\n")
    if max_length and len(result) > max_length:
        raise CellError(_("Quá dài (%(length)s ký tự, tối đa %(max)s).") % {"length": len(result), "max": max_length})
    return result, None


def date(value):
    if value in (None, ""):
        return None, None
    if isinstance(value, datetime.datetime):
        return value.date(), None
    if isinstance(value, datetime.date):
        return value, None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if SERIAL_MIN <= value <= SERIAL_MAX:
            return from_excel(value).date(), None
        raise CellError(
            _("Không hiểu ngày “%(value)s”. Ghi theo dạng ngày/tháng/năm, ví dụ 25/12/2022.") % {"value": value}
        )
    raw = str(value).strip()
    match = DATE_TEXT.match(raw)
    if match:
        day, month, year = (int(part) for part in match.groups())
    else:
        match = ISO_DATE.match(raw)
        if match:
            year, month, day = (int(part) for part in match.groups())
        elif PLAIN_NUMBER.match(raw) and SERIAL_MIN <= int(raw) <= SERIAL_MAX:
            return from_excel(int(raw)).date(), _("Số “%(value)s” được hiểu là ngày theo cách đếm của Excel.") % {
                "value": raw
            }
        else:
            raise CellError(
                _("Không hiểu ngày “%(value)s”. Ghi theo dạng ngày/tháng/năm, ví dụ 25/12/2022.") % {"value": raw}
            )
    try:
        parsed = datetime.date(year, month, day)
    except ValueError as error:
        hint = ""
        if month > 12 and day <= 12:
            hint = " " + _("Có thể tháng và ngày bị đảo (cổng đọc theo ngày/tháng/năm).")
        raise CellError(_("Ngày “%(value)s” không có thật.%(hint)s") % {"value": raw, "hint": hint}) from error
    if not 1945 <= parsed.year <= 2100:
        raise CellError(_("Năm của ngày “%(value)s” không hợp lý.") % {"value": raw})
    return parsed, None


def number(value, *, limit):
    if value in (None, ""):
        return 0, None
    if isinstance(value, bool):
        raise CellError(_("Cần một số nguyên, ô đang ghi “%(value)s”.") % {"value": value})
    warning = None
    if isinstance(value, float):
        if not value.is_integer():
            raise CellError(_("Cần một số nguyên, ô đang ghi %(value)s.") % {"value": value})
        value = int(value)
    if not isinstance(value, int):
        raw = str(value).strip().replace("\u00a0", " ")
        if PLAIN_NUMBER.match(raw):
            value = int(raw)
        elif THOUSANDS.match(raw):
            value = int(re.sub(r"[.\s]", "", raw))
            warning = _("Số “%(raw)s” có dấu phân cách hàng nghìn; đã hiểu là %(value)s.") % {
                "raw": raw,
                "value": value,
            }
        else:
            raise CellError(
                _("Không hiểu số “%(value)s”. Ghi số nguyên, không dấu chấm, dấu phẩy hay chữ: ví dụ 150000000.")
                % {"value": raw}
            )
    if value < 0:
        raise CellError(_("Số không được âm (%(value)s).") % {"value": value})
    if value > limit:
        raise CellError(_("Số quá lớn (%(value)s).") % {"value": value})
    return value, warning


def flag(value):
    if isinstance(value, bool):
        return value, None
    folded = fold_name(value if value is not None else "")
    if folded in YES:
        return True, None
    if folded in NO:
        return False, None
    raise CellError(_("Ghi “Có” hoặc để trống, ô đang ghi “%(value)s”.") % {"value": value})


def choice(value, options, *, what):
    """``options``: {folded label: value}. Raises with the list of allowed labels."""
    folded = fold_name(value if value is not None else "")
    if folded in options:
        return options[folded], None
    raise CellError(
        _("Không hiểu %(what)s “%(value)s”. Ghi một trong: %(allowed)s.")
        % {"what": what, "value": value, "allowed": ", ".join(options.values_labels)}
    )


class Options(dict):
    """Folded label -> value, remembering the labels to list in a message."""

    def __init__(self, pairs):
        super().__init__()
        self.values_labels = []
        for label, value in pairs:
            for spelling in label if isinstance(label, (list, tuple)) else [label]:
                self[fold_name(spelling)] = value
            first = label[0] if isinstance(label, (list, tuple)) else label
            self.values_labels.append(str(first))


def commendations(value):
    """'Giấy khen; UBND huyện; 12/QĐ-UBND; 20/01/2023' per line -> [(form, issuer, number, date)]."""
    raw, _warning = text(value)
    items = []
    for line in raw.split("\n"):
        line = line.strip()
        if not line:
            continue
        parts = [part.strip() for part in line.split(";")]
        if len(parts) != 4 or not parts[0] or not parts[1] or not parts[3]:
            raise CellError(
                _(
                    "Không hiểu khen thưởng “%(line)s”. Mỗi dòng ghi: hình thức; cấp khen; số quyết định; ngày "
                    "(ví dụ: Giấy khen; UBND huyện Thanh Hà; 12/QĐ-UBND; 20/01/2023)."
                )
                % {"line": line}
            )
        day, _warning = date(parts[3])
        items.append((parts[0][:120], parts[1][:200], parts[2][:60], day))
    return items, None
