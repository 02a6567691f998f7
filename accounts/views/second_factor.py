"""Enrolment, the code page and backup codes for the second factor (TOTP app + printed backup codes)."""

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from models_registry.permissions import second_factor_required
from models_registry.views.helpers import service_call

from ..forms import SecondFactorTokenForm
from ..second_factor import is_verified, remember_enrolment
from ..security_log import security_event
from ..services import (
    second_factor_backup_codes_renew,
    second_factor_check,
    second_factor_confirm,
    second_factor_device_pending,
    second_factor_devices,
    second_factor_remove,
    second_factor_status,
)


def _next_url(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("home")


@login_required
def second_factor_verify(request):
    """The code page after the password: a code from the app or a backup code."""
    user = request.user
    if is_verified(user):
        return HttpResponseRedirect(_next_url(request))
    if not second_factor_devices(user=user):
        remember_enrolment(request, False)
        return redirect(f"{reverse('second_factor_enrol')}?{request.GET.urlencode()}")
    form = SecondFactorTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device, locked = second_factor_check(user=user, token=form.cleaned_data["token"])
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
    if second_factor_devices(user=user) and not is_verified(user):
        # Replacing a device needs the old one first; otherwise a stolen password would enrol a new phone.
        return redirect(f"{reverse('second_factor_verify')}?{request.GET.urlencode()}")
    device = second_factor_device_pending(user=user)
    form = SecondFactorTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = service_call(
            request,
            second_factor_confirm,
            on_error=lambda message: form.add_error("token", message),
            user=user,
            device=device,
            token=form.cleaned_data["token"],
        )
        if codes is not None:
            otp_login(request, device)
            remember_enrolment(request, True)
            security_event("second_factor.enrolled", request=request, user=user)
            return render(
                request, "accounts/backup_codes.html", {"codes": codes, "next": _next_url(request), "enrolled": True}
            )
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
    return render(
        request,
        "accounts/security.html",
        {
            **second_factor_status(user=user),
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
    codes = second_factor_backup_codes_renew(user=user)
    return render(request, "accounts/backup_codes.html", {"codes": codes, "next": reverse("account_security")})


@login_required
@require_POST
def second_factor_disable(request):
    """Officers may turn the second factor off again (after proving it); required roles may not."""
    user = request.user
    if not second_factor_required(user) and not is_verified(user):
        return redirect(f"{reverse('second_factor_verify')}?next={reverse('account_security')}")
    removed = service_call(request, second_factor_remove, success=_("Đã tắt xác thực hai bước."), user=user)
    if removed is not None:
        remember_enrolment(request, False)
    return redirect("account_security")
