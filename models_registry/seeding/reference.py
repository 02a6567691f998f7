"""Reference lists every installation needs: the four standard fields (lĩnh vực) and the current phase."""

from ..models import Field, Phase

STANDARD_FIELDS = [
    ("kinh-te", "Kinh tế"),
    ("van-hoa-xa-hoi", "Văn hóa – xã hội"),
    ("quoc-phong-an-ninh", "Quốc phòng – an ninh"),
    ("xay-dung-he-thong-chinh-tri", "Xây dựng hệ thống chính trị"),
]


def ensure_reference_lists():
    for order, (code, name) in enumerate(STANDARD_FIELDS, start=1):
        Field.objects.get_or_create(code=code, defaults={"name": name, "order": order})
    Phase.objects.get_or_create(name="2021–2025", defaults={"start_year": 2021, "end_year": 2025, "is_current": True})
