"""A board resets the password of an officer of its subtree (no e-mail needed), audited; nobody else's."""

import pytest
from django.urls import reverse

from models_registry.models import AuditEvent, Role
from models_registry.permissions import may_reset_password, officers_resettable_by
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def thanh_ha_officer(demo):
    user = UserFactory(username="canbo-thanhan")
    MembershipFactory(user=user, unit=demo.thanh_an, role=Role.OFFICER)
    return user


def test_the_rule_matrix(demo, thanh_ha_officer):
    assert may_reset_password(demo.reviewer, demo.officer)  # Kinh Môn's board, officer of An Lưu
    assert not may_reset_password(demo.reviewer, thanh_ha_officer)  # another district
    assert may_reset_password(demo.provincial, thanh_ha_officer)  # the province covers both
    assert not may_reset_password(demo.reviewer, demo.reviewer2)  # boards do not reset boards
    assert not may_reset_password(demo.reviewer, demo.admin)
    assert not may_reset_password(demo.officer, demo.officer2)  # officers reset nobody
    # An officer who also works outside the board's subtree is not this board's to reset.
    MembershipFactory(user=demo.officer, unit=demo.thanh_an, role=Role.OFFICER)
    assert not may_reset_password(demo.reviewer, demo.officer)
    assert may_reset_password(demo.provincial, demo.officer)


def test_board_resets_an_officer_and_it_is_audited(client, demo):
    client.force_login(demo.reviewer)
    listing = client.get(reverse("officer_list"))
    assert listing.status_code == 200 and "officer" in listing.content.decode()
    response = client.post(reverse("officer_password_reset", args=[demo.officer.pk]))
    assert response.status_code == 200
    password = response.context["password"]
    assert len(password) == 12
    demo.officer.refresh_from_db()
    assert demo.officer.check_password(password) and not demo.officer.check_password("danvan2021")
    event = AuditEvent.objects.get(action="user.password_reset")
    assert event.actor == demo.reviewer and event.object_id == str(demo.officer.pk)
    # The officer signs in with it.
    client.logout()
    assert client.post(reverse("login"), {"username": "officer", "password": password}).status_code == 302


def test_reset_can_clear_the_officers_second_factor(client, demo, enrol):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    enrol(demo.officer)
    client.force_login(demo.reviewer)
    client.post(reverse("officer_password_reset", args=[demo.officer.pk]), {"clear_second_factor": "on"})
    assert not TOTPDevice.objects.filter(user=demo.officer).exists()


@pytest.mark.parametrize("username", ["officer", "officer2"])
def test_officers_cannot_reach_the_pages(client, demo, username):
    client.force_login(demo.users[username])
    assert client.get(reverse("officer_list")).status_code == 404
    assert client.post(reverse("officer_password_reset", args=[demo.officer2.pk])).status_code == 404


def test_out_of_scope_officer_is_a_404(client, demo, thanh_ha_officer):
    client.force_login(demo.reviewer)
    assert client.post(reverse("officer_password_reset", args=[thanh_ha_officer.pk])).status_code == 404
    assert client.post(reverse("officer_password_reset", args=[demo.reviewer2.pk])).status_code == 404
    thanh_ha_officer.refresh_from_db()
    assert thanh_ha_officer.check_password("danvan2021")
    assert not AuditEvent.objects.filter(action="user.password_reset").exists()
    assert thanh_ha_officer.username not in client.get(reverse("officer_list")).content.decode()


def test_anonymous_is_sent_to_login(client, demo):
    assert client.get(reverse("officer_list")).status_code == 302


def test_officer_list_query_count_is_pinned(client, demo, django_assert_max_num_queries):
    for n in range(30):
        MembershipFactory(user=UserFactory(username=f"canbo-anluu-{n}"), unit=demo.an_luu, role=Role.OFFICER)
    client.force_login(demo.reviewer)
    # Session, user, memberships, count, page, the page's memberships and units, notifications badge: the same
    # for 30 officers or 3,000.
    with django_assert_max_num_queries(11):
        response = client.get(reverse("officer_list"))
    assert response.context["page"].paginator.count == officers_resettable_by(demo.reviewer).count() >= 30


def test_password_change_is_throttled(client, demo, settings):
    client.force_login(demo.officer)
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(
            reverse("password_change"),
            {"old_password": "doan-sai", "new_password1": "Moi-Rat-Kho-2026", "new_password2": "Moi-Rat-Kho-2026"},
        )
        assert response.status_code == 200
    response = client.post(
        reverse("password_change"),
        {"old_password": "doan-sai", "new_password1": "Moi-Rat-Kho-2026", "new_password2": "Moi-Rat-Kho-2026"},
    )
    assert response.status_code == 429
    # Locked: even the right old password is refused now.
    response = client.post(
        reverse("password_change"),
        {"old_password": "danvan2021", "new_password1": "Moi-Rat-Kho-2026", "new_password2": "Moi-Rat-Kho-2026"},
    )
    assert response.status_code == 429
    demo.officer.refresh_from_db()
    assert demo.officer.check_password("danvan2021")
