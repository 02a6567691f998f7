"""Enrolment, the code page and backup codes for the second factor (TOTP app + printed backup codes)."""

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from models_registry.permissions import second_factor_required
from models_registry.services.audit import audit_log

from ..forms import SecondFactorTokenForm
from ..second_factor import is_verified, remember_enrolment
from ..security_log import security_event

BACKUP_CODE_COUNT = 10
DEVICE_NAME = "Ứng dụng xác thực"
BACKUP_DEVICE_NAME = "Mã dự phòng"


def _next_url(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("home")


def _confirmed_devices(user):
    return list(TOTPDevice.objects.filter(user=user, confirmed=True)) + list(
        StaticDevice.objects.filter(user=user, confirmed=True)
    )


def _verify(user, token):
    """(device, locked): the confirmed device that accepts ``token`` (TOTP for six digits, else a backup code).

    Each device throttles its own failures: django-otp doubles the wait after each wrong code, and ``locked``
    says the code was not even tried because that wait is not over.
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


def _new_backup_codes(user):
    """Replace the user's backup codes with fresh ones; returns them to show once."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@login_required
def second_factor_verify(request):
    """The code page after the password: a code from the app or a backup code."""
    user = request.user
    if is_verified(user):
        return HttpResponseRedirect(_next_url(request))
    if not _confirmed_devices(user):
        remember_enrolment(request, False)
        return redirect(f"{reverse('second_factor_enrol')}?{request.GET.urlencode()}")
    form = SecondFactorTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device, locked = _verify(user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            remember_enrolment(request, True)
            security_event("second_factor.verified", request=request, user=user, device=type(device).__name__)
            if isinstance(device, StaticDevice) and not device.token_set.exists():
                messages.warning(request, _("Bạn vừa dùng mã dự phòng cuối cùng. Hãy tạo bộ mã dự phòng mới."))
            return HttpResponseRedirect(_next_url(request))
        security_event("second_factor.failed", request=request, user=user)
        if locked:
            form.add_error("token", _("Bạn đã nhập sai nhiều lần. Vui lòng đợi ít phút rồi thử lại."))
        else:
            form.add_error("token", _("Mã xác thực không đúng hoặc đã hết hạn."))
    return render(request, "accounts/second_factor_verify.html", {"form": form, "next": _next_url(request)})


@login_required
def second_factor_enrol(request):
    """Add (or replace) the authenticator app: scan the QR code, type one code, get the backup codes."""
    user = request.user
    if _confirmed_devices(user) and not is_verified(user):
        # Replacing a device needs the old one first; otherwise a stolen password would enrol a new phone.
        return redirect(f"{reverse('second_factor_verify')}?{request.GET.urlencode()}")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    form = SecondFactorTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            with transaction.atomic():
                TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                codes = _new_backup_codes(user)
                audit_log(action="user.second_factor_enrolled", actor=user, obj=user)
            otp_login(request, device)
            remember_enrolment(request, True)
            security_event("second_factor.enrolled", request=request, user=user)
            return render(
                request, "accounts/backup_codes.html", {"codes": codes, "next": _next_url(request), "enrolled": True}
            )
        form.add_error("token", _("Mã chưa đúng. Kiểm tra giờ trên điện thoại rồi nhập mã mới nhất."))
    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "accounts/second_factor_enrol.html",
        {
            "form": form,
            "qr_data_uri": qr.png_data_uri(scale=5, border=2),
            "secret": _grouped_base32(device),
            "required": second_factor_required(user),
            "next": _next_url(request),
        },
    )


def _grouped_base32(device):
    from base64 import b32encode

    key = b32encode(device.bin_key).decode()
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@login_required
def account_security(request):
    """What protects this account, and the buttons to change it."""
    user = request.user
    static = StaticDevice.objects.filter(user=user, confirmed=True).first()
    return render(
        request,
        "accounts/security.html",
        {
            "has_app": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
            "backup_codes_left": static.token_set.count() if static else 0,
            "required": second_factor_required(user),
            "verified": is_verified(user),
        },
    )


@login_required
@require_POST
def backup_codes_renew(request):
    user = request.user
    if not is_verified(user):
        return redirect(f"{reverse('second_factor_verify')}?next={reverse('account_security')}")
    with transaction.atomic():
        codes = _new_backup_codes(user)
        audit_log(action="user.backup_codes_renewed", actor=user, obj=user)
    return render(request, "accounts/backup_codes.html", {"codes": codes, "next": reverse("account_security")})


@login_required
@require_POST
def second_factor_disable(request):
    """Officers may turn the second factor off again (after proving it); required roles may not."""
    user = request.user
    if second_factor_required(user):
        messages.error(request, _("Vai trò của bạn bắt buộc xác thực hai bước; không thể tắt."))
        return redirect("account_security")
    if not is_verified(user):
        return redirect(f"{reverse('second_factor_verify')}?next={reverse('account_security')}")
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        audit_log(action="user.second_factor_removed", actor=user, obj=user)
    remember_enrolment(request, False)
    messages.success(request, _("Đã tắt xác thực hai bước."))
    return redirect("account_security")
