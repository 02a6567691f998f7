"""Demo logins: one officer, reviewer and provincial user per demo unit, and the superuser (password DEMO_PASSWORD)."""

from django.contrib.auth import get_user_model
from django.db import transaction

from ..models import Membership, Role, Unit

DEMO_PASSWORD = "danvan2021"

# username -> (unit name, parent unit name or None, role, full name)
DEMO_USERS = {
    "officer": ("Phường An Lưu", "Thị xã Kinh Môn", Role.OFFICER, "Nguyễn Thị Hằng"),
    "officer2": ("Xã Thanh An", "Huyện Thanh Hà", Role.OFFICER, "Trần Văn Dũng"),
    "reviewer": ("Thị xã Kinh Môn", None, Role.REVIEWER, "Phạm Quốc Khánh"),
    "reviewer2": ("Huyện Thanh Hà", None, Role.REVIEWER, "Lê Thị Thu"),
    "provincial": ("Tỉnh Hải Dương", None, Role.PROVINCIAL, "Vũ Đức Thắng"),
}


def demo_unit(name, parent_name=None):
    units = Unit.objects.filter(name=name, valid_from=None)
    if parent_name:
        units = units.filter(parent__name=parent_name)
    return units.get()


def demo_user(username, full_name):
    """The demo login ``username`` (created once with DEMO_PASSWORD)."""
    first, _space, last = full_name.rpartition(" ")
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"first_name": last, "last_name": first, "email": f"{username}@danvan.local"}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


@transaction.atomic
def ensure_demo_users():
    users = {}
    for username, (unit_name, parent_name, role, full_name) in DEMO_USERS.items():
        user = demo_user(username, full_name)
        # After the reform ``officer`` works for the new ward: its membership moved there and is not re-added.
        if not Membership.objects.filter(user=user, role=role).exists():
            Membership.objects.create(user=user, unit=demo_unit(unit_name, parent_name), role=role)
        users[username] = user
    User = get_user_model()
    admin, created = User.objects.get_or_create(
        username="admin", defaults={"is_staff": True, "is_superuser": True, "email": "admin@danvan.local"}
    )
    if created:
        admin.set_password(DEMO_PASSWORD)
        admin.save()
    users["admin"] = admin
    return users
