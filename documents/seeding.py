"""Committee terms known to the portal (the numbering register counts per term).

Hải Phòng's 2025–2030 term began with the city Party congress of 27/9/2025. Hải Dương's district committees (and
the province) served 2020–2025 until the district level was abolished and the province merged on 1/7/2025; their
congress dates are not in the seed, so their start is the register's default (1/7/2020), marked ``assumed``.
Idempotent: a term already recorded for a unit and start date is left as it is (it may have been corrected).
"""

import datetime

from models_registry.models import Unit, UnitLevel

from .models import CommitteeTerm

REFORM_DAY = datetime.date(2025, 7, 1)
HAI_DUONG_TERM = ("2020–2025", datetime.date(2020, 7, 1), REFORM_DAY - datetime.timedelta(days=1), True)
HAI_PHONG_TERM = ("2025–2030", datetime.date(2025, 9, 27), None, False)


def _terms():
    """(unit, (name, start, end, assumed)) for every unit whose term the portal knows."""
    province = Unit.objects.filter(name="Tỉnh Hải Dương", level=UnitLevel.PROVINCE).first()
    if province is not None:
        yield province, HAI_DUONG_TERM
        for board in Unit.objects.filter(parent=province, reviews=True):
            yield board, HAI_DUONG_TERM
    city = Unit.objects.filter(name="Thành phố Hải Phòng", level=UnitLevel.PROVINCE, valid_from__gte=REFORM_DAY)
    for unit in city:
        yield unit, HAI_PHONG_TERM


def ensure_committee_terms():
    created = 0
    for unit, (name, start, end, assumed) in _terms():
        _term, new = CommitteeTerm.objects.get_or_create(
            unit=unit, start=start, defaults={"name": name, "end": end, "assumed": assumed}
        )
        created += new
    return created
