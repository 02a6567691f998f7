"""Upload validation: a file is accepted for what its bytes are, never for its name or the browser's claim.

Reused by the practice attachments (officer side) and by the decision's scanned PDF (board side):
``validate_upload(file, allowed={"pdf"})``.
"""

import zipfile
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# kind -> (content type served back, extensions shown to the user)
KINDS = {
    "pdf": ("application/pdf", "PDF"),
    "jpeg": ("image/jpeg", "JPEG"),
    "png": ("image/png", "PNG"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "DOCX"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX"),
}
DEFAULT_ALLOWED = frozenset(KINDS)
# The name must agree with the content: "bao-cao.pdf" holding a PNG is refused, it would mislead whoever opens it.
KIND_BY_EXTENSION = {
    "pdf": "pdf",
    "jpg": "jpeg",
    "jpeg": "jpeg",
    "jpe": "jpeg",
    "png": "png",
    "docx": "docx",
    "xlsx": "xlsx",
}
IMAGE_KINDS = frozenset({"jpeg", "png"})
# Enough bytes for filetype's signatures (it reads at most 8 KiB).
HEADER_BYTES = 8192


@dataclass(frozen=True)
class CheckedUpload:
    kind: str
    content_type: str
    size: int

    @property
    def is_image(self):
        return self.kind in IMAGE_KINDS


def _office_kind(file):
    """'docx' or 'xlsx' when the file is an OOXML zip with the parts Word or Excel write; else None.

    filetype only sees "a zip" (or guesses from the first entry), so look inside: a renamed archive, or a zip
    that merely contains a file called word/x, lacks [Content_Types].xml or the main document part.
    """
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        file.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None


def detect_kind(file):
    """The kind of file by its content ('pdf', 'jpeg', 'png', 'docx', 'xlsx'), or None."""
    file.seek(0)
    header = file.read(HEADER_BYTES)
    file.seek(0)
    if not header:
        return None
    if header.startswith(b"PK\x03\x04"):
        return _office_kind(file)
    guess = filetype.guess(header)
    if guess is None:
        return None
    return {"pdf": "pdf", "jpg": "jpeg", "png": "png"}.get(guess.extension)


def validate_upload(file, allowed=DEFAULT_ALLOWED):
    """Check size and content of an uploaded file; raise ValidationError with a Vietnamese message.

    Returns a CheckedUpload with the detected kind and the content type to serve it with.
    """
    allowed = frozenset(allowed)
    max_bytes = settings.UPLOAD_MAX_BYTES
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, 2)
        size = file.tell()
        file.seek(0)
    if size > max_bytes:
        raise ValidationError(
            _("Tệp quá lớn (%(size)s). Dung lượng tối đa là %(max)s.")
            % {"size": filesizeformat(size), "max": filesizeformat(max_bytes)},
            code="too_large",
        )
    if size == 0:
        raise ValidationError(_("Tệp rỗng, vui lòng chọn lại tệp."), code="empty")
    kind = detect_kind(file)
    if kind not in allowed:
        names = ", ".join(KINDS[k][1] for k in KINDS if k in allowed)
        raise ValidationError(
            _("Tệp không đúng định dạng. Chỉ chấp nhận tệp %(kinds)s (kiểm tra theo nội dung tệp, không theo tên).")
            % {"kinds": names},
            code="bad_type",
        )
    name = getattr(file, "name", None)
    if name:
        extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if KIND_BY_EXTENSION.get(extension) != kind:
            raise ValidationError(
                _(
                    "Tệp không đúng định dạng: tên tệp “%(name)s” không khớp với nội dung (tệp %(kind)s). "
                    "Vui lòng đặt đúng đuôi tệp."
                )
                % {"name": name, "kind": KINDS[kind][1]},
                code="bad_extension",
            )
    return CheckedUpload(kind=kind, content_type=KINDS[kind][0], size=size)
