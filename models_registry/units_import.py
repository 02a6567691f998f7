"""Import administrative units from the nested JSON format of the `vietnam-provinces` package."""

import json
from pathlib import Path

from django.db import transaction

from .models import Unit, UnitKind, UnitLevel

DATA_DIR = Path(__file__).resolve().parent / "data"
HAI_DUONG_FILE = DATA_DIR / "hai-duong-units-2025-01.json"
NATIONAL_FILE = DATA_DIR / "vietnam-units-3tier-2025-01.json"

# GSO codes are unique only within a level; zero-padding them to the level's width makes them unique overall.
CODE_WIDTH = {UnitLevel.PROVINCE: 2, UnitLevel.DISTRICT: 3, UnitLevel.COMMUNE: 5}

KIND_BY_PREFIX = [
    ("Thành phố", {UnitLevel.PROVINCE: UnitKind.CENTRAL_CITY, UnitLevel.DISTRICT: UnitKind.CITY}),
    ("Thị xã", {UnitLevel.DISTRICT: UnitKind.TOWN}),
    ("Thị trấn", {UnitLevel.COMMUNE: UnitKind.TOWNLET}),
    ("Quận", {UnitLevel.DISTRICT: UnitKind.URBAN_DISTRICT}),
    ("Huyện", {UnitLevel.DISTRICT: UnitKind.DISTRICT}),
    ("Phường", {UnitLevel.COMMUNE: UnitKind.WARD}),
    ("Xã", {UnitLevel.COMMUNE: UnitKind.COMMUNE}),
    ("Tỉnh", {UnitLevel.PROVINCE: UnitKind.PROVINCE}),
]
DEFAULT_KIND = {
    UnitLevel.PROVINCE: UnitKind.PROVINCE,
    UnitLevel.DISTRICT: UnitKind.DISTRICT,
    UnitLevel.COMMUNE: UnitKind.COMMUNE,
}


def kind_of(name, level):
    for prefix, kinds in KIND_BY_PREFIX:
        if name.startswith(prefix + " ") and level in kinds:
            return kinds[level]
    return DEFAULT_KIND[level]


def official_code(raw, level):
    return str(raw).zfill(CODE_WIDTH[level])


def read_provinces(path):
    """The provinces in a file: either {"province": {...}} (one province) or a list of provinces."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if isinstance(data, dict):
        return [data["province"]] if "province" in data else data.get("provinces", [])
    return data


def _flatten(province):
    """Yield (level, code, name, parent code) from the root down; district-level units review by default."""
    province_code = official_code(province["code"], UnitLevel.PROVINCE)
    yield UnitLevel.PROVINCE, province_code, province["name"], None
    for district in province.get("districts", []):
        district_code = official_code(district["code"], UnitLevel.DISTRICT)
        yield UnitLevel.DISTRICT, district_code, district["name"], province_code
        for ward in district.get("wards", []):
            yield UnitLevel.COMMUNE, official_code(ward["code"], UnitLevel.COMMUNE), ward["name"], district_code
    # Two-tier files (after the 2025 reform) put communes right under the province.
    for ward in province.get("wards", []):
        yield UnitLevel.COMMUNE, official_code(ward["code"], UnitLevel.COMMUNE), ward["name"], province_code


def load_units(path=HAI_DUONG_FILE, *, province_codes=None):
    """Create or update units by official code. Idempotent: a second run changes nothing.

    Returns a dict of counts: created, updated, unchanged.
    """
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    rows = []
    for province in read_provinces(path):
        if province_codes and official_code(province["code"], UnitLevel.PROVINCE) not in province_codes:
            continue
        rows.extend(_flatten(province))
    with transaction.atomic():
        existing = {unit.code: unit for unit in Unit.objects.filter(code__in=[row[1] for row in rows])}
        by_code = dict(existing)
        to_create = []
        for level, code, name, parent_code in rows:
            parent = by_code[parent_code] if parent_code else None
            kind = kind_of(name, level)
            unit = existing.get(code)
            if unit is None:
                unit = Unit(
                    code=code, name=name, level=level, kind=kind, parent=parent, reviews=level == UnitLevel.DISTRICT
                )
                # Compute the path here so the whole level can be bulk-created.
                unit.path = (parent.path if parent else "/") + code + "/"
                unit.depth = parent.depth + 1 if parent else 0
                to_create.append(unit)
                by_code[code] = unit
                counts["created"] += 1
            elif (unit.name, unit.level, unit.kind, unit.parent_id) != (
                name,
                level,
                kind,
                parent.pk if parent else None,
            ):
                unit.name, unit.level, unit.kind, unit.parent = name, level, kind, parent
                unit.save()
                counts["updated"] += 1
            else:
                counts["unchanged"] += 1
            # Children need their parent's primary key: flush each level before going deeper.
            if level != UnitLevel.COMMUNE and to_create:
                Unit.objects.bulk_create(to_create, batch_size=2000)
                to_create = []
        if to_create:
            Unit.objects.bulk_create(to_create, batch_size=2000)
    return counts
