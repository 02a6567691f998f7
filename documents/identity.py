"""The words a body puts on its documents (header, symbol, place, signature), read through one function.

Engineer "reform" (issue 9) owns this data per unit and date; until their ``document_identity`` lands this module
derives it from the unit alone, and every builder here reads it only through :func:`identity_for`.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings

from models_registry.models import RecognitionLevel, Unit, UnitLevel

DEFAULT_BODY = "BAN DÂN VẬN"


@dataclass(frozen=True)
class Identity:
    committee: str  # 'THỊ ỦY KINH MÔN' (first header line)
    body: str  # 'BAN DÂN VẬN' (second header line, bold)
    symbol: str  # 'BDVTXU' in 'Số 05-QĐ/BDVTXU'
    place: str  # 'Kinh Môn' in 'Kinh Môn, ngày 05 tháng 6 năm 2024'
    signing_form: str  # 'T/M BAN DÂN VẬN'
    signer_title: str  # 'TRƯỞNG BAN'
    signer_name: str  # '' when the body has not recorded one

    @property
    def body_name(self):
        """'Ban Dân vận Thị ủy Kinh Môn' (the body named inside a sentence)."""
        from reporting.templatetags.reporting_tags import title_vi

        return f"{self.body[:1]}{self.body[1:].lower().replace('dân vận', 'Dân vận')} {title_vi(self.committee)}"


def identity_for(unit: Unit, *, on: datetime.date | None = None) -> Identity:
    """The identity of ``unit``'s body on ``on``."""
    signature = getattr(settings, "REPORT_SIGNATURE", ["T/M BAN DÂN VẬN", "TRƯỞNG BAN"])
    return Identity(
        committee=unit.committee,
        body=DEFAULT_BODY,
        symbol=unit.symbol,
        place=unit.short_name,
        signing_form=signature[0],
        signer_title=signature[-1],
        signer_name="",
    )


def level_words(level: str, unit: Unit) -> str:
    """'cấp huyện' / 'cấp tỉnh' / 'cấp thành phố' for a decision's recognition level."""
    if level == RecognitionLevel.PROVINCIAL:
        return "cấp thành phố" if unit.kind == "thanh_pho_tw" else "cấp tỉnh"
    if unit.level == UnitLevel.COMMUNE:
        return "cấp xã"
    return "cấp huyện"
