"""The second factor (xác thực hai bước): who must use one, and whether this request has passed it.

django-otp's OTPMiddleware marks a session verified (``request.user.is_verified()``) once a TOTP code or a
backup code was accepted. ``second_factor_pending`` is the one check every door asks: the web pages (through
``SecondFactorMiddleware``) and any other way in (an API token must not skip what the login page asks).
"""

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_otp import user_has_device

from models_registry.permissions import second_factor_required

# Set at login (and on enrolment): whether the user has a confirmed device, so that officers who chose a second
# factor are asked for it without a device query on every request.
SESSION_ENROLLED_KEY = "second_factor_enrolled"


def second_factor_enforced() -> bool:
    """Production always enforces it; only the dev and test settings may turn it off (SECOND_FACTOR_REQUIRED)."""
    return settings.SECOND_FACTOR_REQUIRED


def is_verified(user) -> bool:
    """Whether this session passed the second factor (False for a user that OTPMiddleware never saw)."""
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def second_factor_pending(user, *, has_device: bool | None = None) -> bool:
    """Whether this signed-in user still owes a second factor before doing anything else.

    Required roles owe it until verified (enrolling first if they have no device); an officer owes it only
    after choosing one. ``has_device`` saves the device query when the caller already knows the answer.
    """
    if not second_factor_enforced() or not getattr(user, "is_authenticated", False) or is_verified(user):
        return False
    if second_factor_required(user):
        return True
    if has_device is None:
        has_device = user_has_device(user)
    return has_device


def remember_enrolment(request, enrolled: bool) -> None:
    request.session[SESSION_ENROLLED_KEY] = enrolled


class SecondFactorMiddleware:
    """Sends a signed-in user who still owes a second factor to the code page (or to enrolment).

    Must come after AuthenticationMiddleware and django_otp's OTPMiddleware. The admin sits behind it too.
    """

    EXEMPT_PREFIXES = ("/accounts/second-factor/", "/accounts/logout/", "/healthz", "/i18n/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if second_factor_enforced() and not self._exempt(request.path_info):
            response = self._challenge(request)
            if response is not None:
                return response
        return self.get_response(request)

    def _exempt(self, path):
        return path.startswith(self.EXEMPT_PREFIXES) or path.startswith(settings.STATIC_URL)

    def _challenge(self, request):
        user = request.user
        if not user.is_authenticated or is_verified(user):
            return None
        enrolled = request.session.get(SESSION_ENROLLED_KEY)
        if enrolled is None:
            enrolled = user_has_device(user)
            remember_enrolment(request, enrolled)
        if not second_factor_pending(user, has_device=enrolled):
            return None
        target = reverse("second_factor_verify" if enrolled else "second_factor_enrol")
        return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
