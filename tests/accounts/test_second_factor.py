"""The second factor: who must pass it, enrolment, codes, backup codes, and the admin behind it."""

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.second_factor import second_factor_pending
from models_registry.models import AuditEvent

from .conftest import totp_now

pytestmark = pytest.mark.django_db


def login(client, username):
    response = client.post(reverse("login"), {"username": username, "password": "danvan2021"})
    assert response.status_code == 302, response.content.decode()[:500]
    return response


@pytest.mark.parametrize("username", ["reviewer", "provincial", "admin"])
def test_boards_and_admins_must_enrol_before_anything(client, demo, second_factor_on, username):
    login(client, username)
    for path in (reverse("home"), reverse("practice_list"), reverse("admin:index")):
        response = client.get(path)
        assert response.status_code == 302
        assert response.url.startswith(reverse("second_factor_enrol"))
    page = client.get(reverse("second_factor_enrol"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Đăng ký xác thực hai bước" in text
    assert 'src="data:image/png;base64,' in text  # the QR code is inline, no outside service


def test_officer_may_work_without_a_second_factor(client, demo, second_factor_on):
    login(client, "officer")
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("account_security")).status_code == 200


def test_officer_who_chose_a_second_factor_is_asked_for_it(client, demo, second_factor_on, enrol):
    enrol(demo.officer)
    login(client, "officer")
    response = client.get(reverse("practice_list"))
    assert response.status_code == 302 and response.url.startswith(reverse("second_factor_verify"))


def test_enrolment_confirms_the_app_and_shows_backup_codes_once(client, demo, second_factor_on):
    login(client, "reviewer")
    client.get(reverse("second_factor_enrol"))
    device = TOTPDevice.objects.get(user=demo.reviewer)
    assert not device.confirmed
    wrong = client.post(reverse("second_factor_enrol"), {"token": "000000" if totp_now(device) != "000000" else "1"})
    assert "Mã chưa đúng" in wrong.content.decode()
    # django-otp makes the next try wait a second after a failure; the person types the next code later.
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
    response = client.post(reverse("second_factor_enrol"), {"token": totp_now(device), "next": "/review/"})
    assert response.status_code == 200
    codes = re.findall(r"<li class=\"col\">([a-z2-7]{8,})</li>", response.content.decode())
    assert len(codes) == 10
    assert set(StaticToken.objects.filter(device__user=demo.reviewer).values_list("token", flat=True)) == set(codes)
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEvent.objects.filter(action="user.second_factor_enrolled", object_id=str(demo.reviewer.pk)).exists()
    # Verified now: the board's pages open.
    assert client.get(reverse("review_queue")).status_code == 200


def test_code_page_accepts_a_fresh_code_and_returns_to_the_page_asked_for(client, demo, second_factor_on, enrol):
    device, _codes = enrol(demo.reviewer)
    login(client, "reviewer")
    first = client.get(reverse("review_queue"))
    assert first.url == f"{reverse('second_factor_verify')}?next=%2Freview%2F"
    bad = client.post(first.url, {"token": "12345"})
    assert "Mã xác thực không đúng" in bad.content.decode()
    response = client.post(first.url, {"token": totp_now(device), "next": "/review/"})
    assert response.status_code == 302 and response.url == "/review/"
    assert client.get(reverse("review_queue")).status_code == 200


def test_a_backup_code_works_once(client, demo, second_factor_on, enrol):
    _device, codes = enrol(demo.provincial)
    login(client, "provincial")
    response = client.post(reverse("second_factor_verify"), {"token": codes[0].upper()})
    assert response.status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200
    client.post(reverse("logout"))
    login(client, "provincial")
    again = client.post(reverse("second_factor_verify"), {"token": codes[0]})
    assert again.status_code == 200 and "Mã xác thực không đúng" in again.content.decode()


def test_code_page_refuses_an_outside_next_address(client, demo, second_factor_on, enrol):
    device, _codes = enrol(demo.reviewer)
    login(client, "reviewer")
    response = client.post(
        reverse("second_factor_verify"), {"token": totp_now(device), "next": "https://evil.example/"}
    )
    assert response.url == reverse("home")


def test_repeated_wrong_codes_are_throttled(client, demo, second_factor_on, enrol):
    # django-otp makes each failure double the wait (factor x 2^(n-1) seconds); a long factor keeps the test
    # independent of how fast the machine runs it.
    second_factor_on.OTP_TOTP_THROTTLE_FACTOR = 60
    device, _codes = enrol(demo.reviewer)
    login(client, "reviewer")
    client.post(reverse("second_factor_verify"), {"token": "999999" if totp_now(device) != "999999" else "1"})
    # Even the right code waits out the delay.
    response = client.post(reverse("second_factor_verify"), {"token": totp_now(device)})
    assert response.status_code == 200
    assert "nhập sai nhiều lần" in response.content.decode()
    assert client.get(reverse("review_queue")).status_code == 302  # still not verified


def test_a_stolen_password_cannot_enrol_a_new_phone(client, demo, second_factor_on, enrol):
    enrol(demo.reviewer)
    login(client, "reviewer")
    response = client.get(reverse("second_factor_enrol"))
    assert response.status_code == 302 and response.url.startswith(reverse("second_factor_verify"))
    assert TOTPDevice.objects.filter(user=demo.reviewer).count() == 1


def test_required_roles_cannot_turn_it_off(client, demo, second_factor_on, enrol):
    device, _codes = enrol(demo.reviewer)
    login(client, "reviewer")
    client.post(reverse("second_factor_verify"), {"token": totp_now(device)})
    client.post(reverse("second_factor_disable"))
    assert TOTPDevice.objects.filter(user=demo.reviewer).exists()


def test_officer_may_turn_it_off_after_proving_it(client, demo, second_factor_on, enrol):
    device, _codes = enrol(demo.officer)
    login(client, "officer")
    client.post(reverse("second_factor_verify"), {"token": totp_now(device)})
    response = client.post(reverse("second_factor_disable"))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=demo.officer).exists()
    assert AuditEvent.objects.filter(action="user.second_factor_removed").exists()


def test_logout_and_code_pages_stay_reachable(client, demo, second_factor_on):
    login(client, "reviewer")
    assert client.get(reverse("second_factor_verify")).status_code == 302  # no device yet: to enrolment
    assert client.post(reverse("logout")).status_code == 302
    assert SESSION_KEY not in client.session


def test_pending_check_is_what_other_doors_ask(demo, second_factor_on, enrol):
    # An API token or any other way in asks the same question; a user object never verified owes the factor.
    assert second_factor_pending(demo.reviewer)
    assert second_factor_pending(demo.admin)
    assert not second_factor_pending(demo.officer)
    enrol(demo.officer)
    assert second_factor_pending(demo.officer)


def test_the_test_settings_default_leaves_it_off(client, demo):
    assert not second_factor_pending(demo.reviewer)
    login(client, "reviewer")
    assert client.get(reverse("review_queue")).status_code == 200


def test_lost_phone_reset_command_is_audited(demo, enrol):
    from django.core.management import call_command

    enrol(demo.reviewer)
    call_command("second_factor_reset", "reviewer", note="mất điện thoại")
    assert not TOTPDevice.objects.filter(user=demo.reviewer).exists()
    event = AuditEvent.objects.get(action="user.second_factor_reset")
    assert event.object_id == str(demo.reviewer.pk) and event.note == "mất điện thoại"
