"""The words a body puts on its documents (header, symbol, place, signature), read through one function.

The words are data per unit and date (``models_registry.bodies.document_identity``): a Kinh Môn decision of 2024
carries "THỊ ỦY KINH MÔN / BAN DÂN VẬN" and "-QĐ/BDVTXU", a Phường Kinh Môn decision of 2026 "ĐẢNG BỘ THÀNH PHỐ HẢI
PHÒNG / ĐẢNG ỦY PHƯỜNG KINH MÔN" and "-QĐ/ĐU", the city's "THÀNH ỦY HẢI PHÒNG / BAN TUYÊN GIÁO VÀ DÂN VẬN" and
"-QĐ/BTGDVTU". Every builder here reads them only through :func:`identity_for`; nothing here looks at a level.
"""

import datetime

from models_registry.bodies import DocumentIdentity, document_identity, sentence_case
from models_registry.models import Unit


def identity_for(unit: Unit, *, on: datetime.date | None = None) -> DocumentIdentity:
    """The identity of the body speaking for ``unit`` on ``on`` (its header lines, symbol, level name, signer)."""
    return document_identity(unit, on=on)


def superior_committee(identity: DocumentIdentity) -> str:
    """'Thị ủy Kinh Môn' when the body is a board of a Party committee (its upper header line names that
    committee), '' when the body is the committee itself (a commune's Đảng ủy under 'ĐẢNG BỘ …')."""
    upper = identity.header_lines[0]
    committee = sentence_case(upper)
    return committee if committee != upper else ""


def archive_line(identity: DocumentIdentity) -> str:
    """The last line of "Nơi nhận": the body files its own copy ('Lưu Ban Dân vận', 'Lưu Đảng ủy Phường …')."""
    return f"Lưu {identity.body_name.removesuffix(' ' + superior_committee(identity)).strip()}."
