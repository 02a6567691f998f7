"""Security events (sự kiện bảo mật) on one logger, ``danvan.security``: logins, lockouts, second factor, refusals.

One line per event with the event name first, so a log search for ``login.failed`` or ``access.refused`` finds
them all. The client address is the one TrustedProxyMiddleware settled on (never a header from the client).
"""

import logging

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver
from django_otp import user_has_device

from .second_factor import remember_enrolment

logger = logging.getLogger("danvan.security")
WARNING_EVENTS = {"login.failed", "login.locked_out", "second_factor.failed", "password_change.locked_out"}


def _clean(value, limit=150):
    """Whatever the client sent, as one short printable token (no line breaks to forge log lines)."""
    return repr(str(value)[:limit])


def security_event(event, *, request=None, user=None, **fields):
    parts = [event]
    if user is not None and getattr(user, "pk", None):
        parts.append(f"user_id={user.pk}")
    if request is not None:
        parts.append(f"ip={request.META.get('REMOTE_ADDR', '')}")
        parts.append(f"path={_clean(request.path)}")
    parts.extend(f"{name}={_clean(value)}" for name, value in sorted(fields.items()))
    level = logging.WARNING if event in WARNING_EVENTS else logging.INFO
    logger.log(level, " ".join(parts))


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    if request is None:
        return
    security_event("login.succeeded", request=request, user=user)
    remember_enrolment(request, user_has_device(user))


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    security_event("login.failed", request=request, username=credentials.get("username", ""))


@receiver(user_locked_out)
def _locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    security_event("login.locked_out", request=request, username=username or "")
