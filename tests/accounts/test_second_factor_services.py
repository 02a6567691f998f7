"""accounts.services.second_factor: the writes behind the second-factor pages, and the views write nothing."""

import re
from pathlib import Path

import pytest
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.services import (
    second_factor_backup_codes_renew,
    second_factor_check,
    second_factor_confirm,
    second_factor_device_pending,
    second_factor_remove,
    second_factor_status,
)
from models_registry.errors import DomainError
from models_registry.models import AuditEvent

from .conftest import totp_now

pytestmark = pytest.mark.django_db
VIEWS = Path(__file__).resolve().parents[2] / "accounts" / "views"


def test_enrolment_confirms_the_pending_device_and_gives_backup_codes(demo):
    user = demo.users["officer"]
    old = TOTPDevice.objects.create(user=user, name="cũ", confirmed=True)
    device = second_factor_device_pending(user=user)
    assert second_factor_device_pending(user=user) == device  # the page's reload keeps the QR code
    codes = second_factor_confirm(user=user, device=device, token=totp_now(device))
    assert len(codes) == 10
    assert list(TOTPDevice.objects.filter(user=user).values_list("pk", "confirmed")) == [(device.pk, True)]
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()
    assert second_factor_status(user=user) == {"has_app": True, "backup_codes_left": 10}
    assert AuditEvent.objects.filter(action="user.second_factor_enrolled", object_id=str(user.pk)).count() == 1


def test_a_wrong_first_code_writes_nothing(demo):
    user = demo.users["officer"]
    device = second_factor_device_pending(user=user)
    wrong = "000000" if totp_now(device) != "000000" else "111111"
    with pytest.raises(DomainError, match="Mã chưa đúng"):
        second_factor_confirm(user=user, device=device, token=wrong)
    device.refresh_from_db()
    assert not device.confirmed
    assert not StaticDevice.objects.filter(user=user).exists()
    assert not AuditEvent.objects.filter(action="user.second_factor_enrolled").exists()


def test_another_users_device_is_refused(demo):
    device = second_factor_device_pending(user=demo.users["reviewer"])
    with pytest.raises(DomainError):
        second_factor_confirm(user=demo.users["officer"], device=device, token=totp_now(device))


def test_check_uses_a_backup_code_once_and_renewal_replaces_them(demo):
    user = demo.users["officer"]
    device = second_factor_device_pending(user=user)
    codes = second_factor_confirm(user=user, device=device, token=totp_now(device))
    found, locked = second_factor_check(user=user, token=codes[0])
    assert isinstance(found, StaticDevice) and not locked
    assert second_factor_check(user=user, token=codes[0]) == (None, False)
    fresh = second_factor_backup_codes_renew(user=user)
    assert set(fresh).isdisjoint(codes)
    assert second_factor_check(user=user, token=codes[1])[0] is None
    assert second_factor_status(user=user)["backup_codes_left"] == 10
    assert AuditEvent.objects.filter(action="user.backup_codes_renewed").count() == 1


def test_remove_is_for_officers_only(demo):
    for username in ("officer", "reviewer"):
        user = demo.users[username]
        device = second_factor_device_pending(user=user)
        second_factor_confirm(user=user, device=device, token=totp_now(device))
    with pytest.raises(DomainError, match="bắt buộc"):
        second_factor_remove(user=demo.users["reviewer"])
    assert TOTPDevice.objects.filter(user=demo.users["reviewer"]).exists()
    assert second_factor_remove(user=demo.users["officer"]) == 2
    assert second_factor_status(user=demo.users["officer"]) == {"has_app": False, "backup_codes_left": 0}
    assert AuditEvent.objects.filter(action="user.second_factor_removed").count() == 1


def test_the_views_write_no_device_themselves():
    writes = re.compile(
        r"TOTPDevice|StaticToken|\.objects\.(create|get_or_create|filter\(.*\)\.delete)|\.save\(|atomic"
    )
    offences = [
        f"{path.name}:{number}: {line.strip()}"
        for path in sorted(VIEWS.glob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if writes.search(line)
    ]
    assert offences == [], "Call accounts.services instead:\n" + "\n".join(offences)
