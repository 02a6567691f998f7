"""Demo data for `make run` and for tests: units, reference lists, logins (and practices, see demo_practices)."""

from django.contrib.auth import get_user_model
from django.db import transaction

from .models import Field, Membership, Phase, Role, Unit
from .units_import import load_units

DEMO_PASSWORD = "danvan2021"

STANDARD_FIELDS = [
    ("kinh-te", "Kinh tế"),
    ("van-hoa-xa-hoi", "Văn hóa – xã hội"),
    ("quoc-phong-an-ninh", "Quốc phòng – an ninh"),
    ("xay-dung-he-thong-chinh-tri", "Xây dựng hệ thống chính trị"),
]

# username -> (unit name, parent unit name or None, role, full name)
DEMO_USERS = {
    "officer": ("Phường An Lưu", "Thị xã Kinh Môn", Role.OFFICER, "Nguyễn Thị Hằng"),
    "officer2": ("Xã Thanh An", "Huyện Thanh Hà", Role.OFFICER, "Trần Văn Dũng"),
    "reviewer": ("Thị xã Kinh Môn", None, Role.REVIEWER, "Phạm Quốc Khánh"),
    "reviewer2": ("Huyện Thanh Hà", None, Role.REVIEWER, "Lê Thị Thu"),
    "provincial": ("Tỉnh Hải Dương", None, Role.PROVINCIAL, "Vũ Đức Thắng"),
}


def ensure_reference_lists():
    for order, (code, name) in enumerate(STANDARD_FIELDS, start=1):
        Field.objects.get_or_create(code=code, defaults={"name": name, "order": order})
    Phase.objects.get_or_create(name="2021–2025", defaults={"start_year": 2021, "end_year": 2025, "is_current": True})


def demo_unit(name, parent_name=None):
    units = Unit.objects.filter(name=name)
    if parent_name:
        units = units.filter(parent__name=parent_name)
    return units.get()


@transaction.atomic
def ensure_demo_users():
    User = get_user_model()
    users = {}
    for username, (unit_name, parent_name, role, full_name) in DEMO_USERS.items():
        first, _space, last = full_name.rpartition(" ")
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": last, "last_name": first, "email": f"{username}@danvan.local"}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        Membership.objects.get_or_create(user=user, unit=demo_unit(unit_name, parent_name), role=role)
        users[username] = user
    admin, created = User.objects.get_or_create(
        username="admin", defaults={"is_staff": True, "is_superuser": True, "email": "admin@danvan.local"}
    )
    if created:
        admin.set_password(DEMO_PASSWORD)
        admin.save()
    users["admin"] = admin
    return users


def seed_demo():
    counts = load_units()
    ensure_reference_lists()
    ensure_demo_users()
    lines = ["Units: {created} created, {updated} updated, {unchanged} unchanged.".format(**counts)]
    try:
        from .demo_practices import seed_demo_practices
    except ImportError:
        return lines
    lines.extend(seed_demo_practices())
    return lines
