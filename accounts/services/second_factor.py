"""The user's own second factor: enrol an authenticator app, check a code, renew backup codes, turn it off.

Each write is audited (``user.second_factor_enrolled``, ``user.backup_codes_renewed``, ``user.second_factor_removed``);
the views keep what belongs to the request (the session's verified flag, the security log, the pages).
"""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from models_registry.errors import DomainError
from models_registry.permissions import second_factor_required
from models_registry.services.audit import audit_log

BACKUP_CODE_COUNT = 10
DEVICE_NAME = "Ứng dụng xác thực"
BACKUP_DEVICE_NAME = "Mã dự phòng"


def second_factor_devices(*, user: AbstractBaseUser) -> list[Device]:
    """The user's confirmed devices: the authenticator app and the backup codes."""
    return list(TOTPDevice.objects.filter(user=user, confirmed=True)) + list(
        StaticDevice.objects.filter(user=user, confirmed=True)
    )


def second_factor_status(*, user: AbstractBaseUser) -> dict:
    """What the security page shows: whether an app is enrolled and how many backup codes are left."""
    static = StaticDevice.objects.filter(user=user, confirmed=True).first()
    return {
        "has_app": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
        "backup_codes_left": static.token_set.count() if static else 0,
    }


def second_factor_check(*, user: AbstractBaseUser, token: str) -> tuple[Device | None, bool]:
    """(device, locked): the confirmed device that accepts ``token`` (TOTP for six digits, else a backup code).

    Each device throttles its own failures: django-otp doubles the wait after each wrong code, and ``locked``
    says the code was not even tried because that wait is not over. A backup code is used up by its check.
    """
    model = TOTPDevice if token.isascii() and token.isdigit() and len(token) == 6 else StaticDevice
    locked = False
    with transaction.atomic():
        for device in model.objects.filter(user=user, confirmed=True).select_for_update():
            allowed, _data = device.verify_is_allowed()
            if not allowed:
                locked = True
            elif device.verify_token(token):
                return device, False
    return None, locked


def second_factor_device_pending(*, user: AbstractBaseUser) -> TOTPDevice:
    """The app device being enrolled (unconfirmed until a first code): the same one on every visit of the page."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def second_factor_confirm(*, user: AbstractBaseUser, device: TOTPDevice, token: str) -> list[str]:
    """Confirm ``device`` with a first code: it replaces any older app, and fresh backup codes are returned once."""
    if device.user_id != user.pk or not device.verify_token(token):
        raise DomainError(_("Mã chưa đúng. Kiểm tra giờ trên điện thoại rồi nhập mã mới nhất."))
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _new_backup_codes(user)
        audit_log(action="user.second_factor_enrolled", actor=user, obj=user)
    return codes


def second_factor_backup_codes_renew(*, user: AbstractBaseUser) -> list[str]:
    """Replace the user's backup codes with fresh ones (returned once, to print); the old ones stop working."""
    with transaction.atomic():
        codes = _new_backup_codes(user)
        audit_log(action="user.backup_codes_renewed", actor=user, obj=user)
    return codes


def second_factor_remove(*, user: AbstractBaseUser) -> int:
    """An officer turns the second factor off (the view has checked the session passed it); required roles may not.

    Returns how many devices were removed.
    """
    if second_factor_required(user):
        raise DomainError(_("Vai trò của bạn bắt buộc xác thực hai bước; không thể tắt."))
    with transaction.atomic():
        removed = devices_delete(user)
        audit_log(action="user.second_factor_removed", actor=user, obj=user)
    return removed


def devices_delete(user: AbstractBaseUser) -> int:
    """Delete every device of ``user`` (app and backup codes); the caller audits. Returns how many there were."""
    removed = 0
    for model in (TOTPDevice, StaticDevice):
        removed += model.objects.filter(user=user).delete()[1].get(model._meta.label, 0)
    return removed


def _new_backup_codes(user):
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes
