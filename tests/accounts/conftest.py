import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice


@pytest.fixture
def second_factor_on(settings):
    settings.SECOND_FACTOR_REQUIRED = True
    return settings


def totp_now(device, *, drift=0):
    """The code the user's phone shows now (``drift`` steps later for a second, fresh code)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time += drift * device.step
    return f"{totp.token():06d}"


@pytest.fixture
def enrol():
    """Give a user a confirmed authenticator and backup codes; returns (totp_device, backup_codes)."""

    def make(user, codes=("abcd2345ef", "ghij6789kl")):
        device = TOTPDevice.objects.create(user=user, name="Ứng dụng xác thực", confirmed=True)
        static = StaticDevice.objects.create(user=user, name="Mã dự phòng", confirmed=True)
        for code in codes:
            StaticToken.objects.create(device=static, token=code)
        return device, list(codes)

    return make
