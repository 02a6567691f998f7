"""Reference lists every installation needs: the four standard fields (lĩnh vực), the phases, the bodies."""

from ..bodies import current_phase
from ..bodies_import import load_bodies
from ..models import Field, Phase, Unit, UnitLevel

STANDARD_FIELDS = [
    ("kinh-te", "Kinh tế"),
    ("van-hoa-xa-hoi", "Văn hóa – xã hội"),
    ("quoc-phong-an-ninh", "Quốc phòng – an ninh"),
    ("xay-dung-he-thong-chinh-tri", "Xây dựng hệ thống chính trị"),
]


PHASES = [("2021–2025", 2021, 2025), ("2026–2030", 2026, 2030)]


def ensure_reference_lists():
    """Fields, phases (the one covering today marked current) and the bodies of every loaded province."""
    for order, (code, name) in enumerate(STANDARD_FIELDS, start=1):
        Field.objects.get_or_create(code=code, defaults={"name": name, "order": order})
    for name, start, end in PHASES:
        Phase.objects.get_or_create(name=name, defaults={"start_year": start, "end_year": end})
    current = current_phase()
    Phase.objects.exclude(pk=current.pk).filter(is_current=True).update(is_current=False)
    Phase.objects.filter(pk=current.pk, is_current=False).update(is_current=True)
    for province in Unit.objects.filter(level=UnitLevel.PROVINCE):
        load_bodies(province)
