"""Body rows for a province's boards: Hải Dương's district boards until 30/6/2025, Hải Phòng's bodies after it.

Idempotent: a unit that already has a row starting on the same day keeps it (the admin may have corrected it).
"""

from django.db import transaction

from .bodies import default_words
from .models import Body, Unit, UnitLevel

# The words that differ from the defaults of ``bodies.DEFAULT_WORDS``, by (province code, the day it started).
# After the 2025 reform the city's Ban Dân vận and Ban Tuyên giáo are one board (DESIGN §7).
PROVINCE_WORDS = {
    ("31", "2025-07-01"): {
        "name": "Ban Tuyên giáo và Dân vận Thành ủy Hải Phòng",
        "header_upper": "THÀNH ỦY HẢI PHÒNG",
        "header_body": "BAN TUYÊN GIÁO VÀ DÂN VẬN",
        "symbol": "BTGDVTU",
        "place": "Hải Phòng",
        "level_name": "cấp thành phố",
        "collective": "BAN TUYÊN GIÁO VÀ DÂN VẬN",
        "reports_to": "Ban Tuyên giáo và Dân vận Trung ương",
    },
}


def _row(unit, values):
    return Body(unit=unit, valid_from=unit.valid_from, valid_until=unit.valid_until, **values)


@transaction.atomic
def load_bodies(province: Unit) -> int:
    """Create the missing Body rows of ``province`` and of every reviewing unit under it; returns how many."""
    key = (province.code, province.valid_from.isoformat() if province.valid_from else None)
    province_values = {**default_words(province, province), **PROVINCE_WORDS.get(key, {})}
    rows = [_row(province, province_values)]
    reviewing = province.subtree().filter(reviews=True).exclude(pk=province.pk)
    for unit in reviewing.filter(level__in=[UnitLevel.DISTRICT, UnitLevel.COMMUNE]):
        rows.append(_row(unit, {**default_words(unit, province), "reports_to": province_values["name"]}))
    existing = set(Body.objects.filter(unit__in=[row.unit for row in rows]).values_list("unit_id", "valid_from"))
    missing = [row for row in rows if (row.unit.pk, row.valid_from) not in existing]
    Body.objects.bulk_create(missing)
    return len(missing)
