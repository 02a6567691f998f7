"""Import administrative units from the nested JSON format of the `vietnam-provinces` package."""

import datetime
import json
from pathlib import Path

from django.db import transaction

from .models import Succession, Unit, UnitKind, UnitLevel
from .models.units import pending_path, tree_position, valid_on_q

DATA_DIR = Path(__file__).resolve().parent / "data"
HAI_DUONG_FILE = DATA_DIR / "hai-duong-units-2025-01.json"
NATIONAL_FILE = DATA_DIR / "vietnam-units-3tier-2025-01.json"
TWO_TIER_FILE = DATA_DIR / "vietnam-units-2tier-2025-10.json"
SUCCESSION_FILE = DATA_DIR / "hai-phong-succession-2025-07.json"

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
    ("Đặc khu", {UnitLevel.COMMUNE: UnitKind.SPECIAL_ZONE}),
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
    """Yield (level, code, name, parent code) from the root down."""
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


def reviews_by_default(level, parent_level):
    """Which units review, as the files' shape says: district boards, or (two-tier) the commune's Party committee."""
    return level == UnitLevel.DISTRICT or (level == UnitLevel.COMMUNE and parent_level == UnitLevel.PROVINCE)


def load_units(path=HAI_DUONG_FILE, *, province_codes=None, valid_from=None):
    """Create or update the units of a file, each identified by (official code, ``valid_from``). Idempotent.

    ``valid_from`` is the day the file's structure started (None: known since before the portal, as the
    three-tier files). A load only ever touches units that started on that same day, so loading the two-tier
    structure of 1/7/2025 never renames or re-parents an old unit that had the same code.
    Returns a dict of counts: created, updated, unchanged.
    """
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    rows = []
    for province in read_provinces(path):
        if province_codes and official_code(province["code"], UnitLevel.PROVINCE) not in province_codes:
            continue
        rows.extend(_flatten(province))
    with transaction.atomic():
        same_start = Unit.objects.filter(valid_from=valid_from) if valid_from else Unit.objects.filter(valid_from=None)
        existing = {unit.code: unit for unit in same_start.filter(code__in=[row[1] for row in rows])}
        _check_codes_free([row[1] for row in rows if row[1] not in existing])
        by_code = dict(existing)
        to_create = []
        for level, code, name, parent_code in rows:
            parent = by_code[parent_code] if parent_code else None
            kind = kind_of(name, level)
            unit = existing.get(code)
            if unit is None:
                unit = Unit(
                    code=code,
                    name=name,
                    level=level,
                    kind=kind,
                    parent=parent,
                    reviews=reviews_by_default(level, parent.level if parent else None),
                    valid_from=valid_from,
                    path=pending_path(),
                )
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
            # Children need their parent's primary key and path: flush each level before going deeper.
            if level != UnitLevel.COMMUNE and to_create:
                _create(to_create)
                to_create = []
        if to_create:
            _create(to_create)
    return counts


class CodeInUse(ValueError):
    pass


def _check_codes_free(codes):
    """A new unit may reuse a code only once the unit holding it is closed (``apply_reform`` closes them)."""
    holder = Unit.objects.filter(code__in=codes, valid_until__isnull=True).first() if codes else None
    if holder is not None:
        raise CodeInUse(
            f"Mã {holder.code} đang thuộc đơn vị “{holder.name}” còn hiệu lực; một mã chỉ thuộc một đơn vị "
            f"tại mỗi thời điểm. Nạp cơ cấu sau sắp xếp bằng lệnh apply_reform."
        )


def _create(units):
    """Insert units, then write their paths (which hold the primary keys the insert gave them)."""
    Unit.objects.bulk_create(units, batch_size=2000)
    for unit in units:
        unit.path, unit.depth = tree_position(unit.pk, unit.parent)
    Unit.objects.bulk_update(units, ["path", "depth"], batch_size=2000)


def load_successions(path=SUCCESSION_FILE, *, old_on=None, new_on=None):
    """Create the successions of a file between units loaded from the unit files. Idempotent.

    Old units are those valid the day before the file's effective date, new ones those valid on it. Rows whose
    old unit is not loaded (the portal may hold only one of the old provinces) are skipped and counted.
    Returns a dict of counts: created, unchanged, skipped.
    """
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    effective = datetime.date.fromisoformat(data["effective"])
    old_on = old_on or effective - datetime.timedelta(days=1)
    new_on = new_on or effective
    rows = [
        (official_code(row["old_code"], UnitLevel.COMMUNE), official_code(row["new_code"], UnitLevel.COMMUNE))
        for row in data["rows"]
    ]
    levels = [UnitLevel.COMMUNE]
    old = {
        u.code: u
        for u in Unit.objects.filter(valid_on_q(old_on), level__in=levels, code__in=[r[0] for r in rows]).exclude(
            valid_from=effective
        )
    }
    new = {u.code: u for u in Unit.objects.filter(valid_on_q(new_on), level__in=levels, valid_from=effective)}
    counts = {"created": 0, "unchanged": 0, "skipped": 0}
    with transaction.atomic():
        existing = set(Succession.objects.filter(date=effective).values_list("old_id", "new_id"))
        to_create = []
        for old_code, new_code in rows:
            if old_code not in old or new_code not in new:
                counts["skipped"] += 1
                continue
            pair = (old[old_code].pk, new[new_code].pk)
            if pair in existing:
                counts["unchanged"] += 1
                continue
            existing.add(pair)
            to_create.append(Succession(old_id=pair[0], new_id=pair[1], date=effective))
            counts["created"] += 1
        Succession.objects.bulk_create(to_create)
    return counts
