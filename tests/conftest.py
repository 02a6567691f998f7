"""Shared fixtures: the Hải Dương units and demo logins, loaded once per test database."""

import pytest
from django.core.management import call_command

from models_registry.seeding.reference import ensure_reference_lists
from models_registry.seeding.users import demo_unit, ensure_demo_users
from models_registry.units_import import load_units


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load units, fields, the phase and demo users once; tests run in transactions on top of them."""
    with django_db_blocker.unblock():
        load_units()
        ensure_reference_lists()
        ensure_demo_users()
        call_command("check")


@pytest.fixture
def demo(db):
    """The demo world: units by role and the five demo users."""
    from django.contrib.auth import get_user_model

    from models_registry.models import Unit

    # Transactional tests (live server, browser) flush the database afterwards; reload what they removed.
    if not Unit.objects.filter(code="30").exists() or not get_user_model().objects.filter(username="officer").exists():
        load_units()
        ensure_reference_lists()
        ensure_demo_users()
    users = {
        u.username: u
        for u in get_user_model().objects.filter(
            username__in=[
                "officer",
                "officer2",
                "reviewer",
                "reviewer2",
                "provincial",
                "admin",
            ]
        )
    }

    class Demo:
        province = demo_unit("Tỉnh Hải Dương")
        kinh_mon = demo_unit("Thị xã Kinh Môn")
        thanh_ha = demo_unit("Huyện Thanh Hà")
        an_luu = demo_unit("Phường An Lưu", "Thị xã Kinh Môn")
        thanh_an = demo_unit("Xã Thanh An", "Huyện Thanh Hà")

    Demo.users = users
    for name, user in users.items():
        setattr(Demo, name, user)
    return Demo


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in Vietnamese: a request in English leaves English active on the thread (LocaleMiddleware
    activates the language and never deactivates it), and lazy messages read outside a request would follow it."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()
