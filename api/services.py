"""Writes of the API app: create and revoke a personal token (each with its audit event)."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from models_registry.errors import DomainError
from models_registry.services.audit import audit_log

from .models import API_TOKEN_CREATED, API_TOKEN_REVOKED, LOOKUP_LENGTH, TOKEN_PREFIX, ApiToken, token_digest

# How many unrevoked tokens one user may hold: enough for a few dashboards, not a leak multiplier.
MAX_ACTIVE_TOKENS = 10


def token_create(*, actor, name: str, days: int) -> tuple[ApiToken, str]:
    """Create a token for ``actor``; returns the row and the raw token, which is never stored nor shown again.

    The caller (the token page) has checked that the session passed the second factor (api.second_factor).
    """
    name = (name or "").strip()
    if not name:
        raise DomainError(_("Vui lòng đặt tên gợi nhớ cho mã truy cập."))
    if not 1 <= int(days) <= settings.API_TOKEN_MAX_DAYS:
        raise DomainError(
            _("Thời hạn phải từ 1 đến %(max)s ngày.") % {"max": settings.API_TOKEN_MAX_DAYS},
        )
    with transaction.atomic():
        # The user's row lock serializes two creations from two tabs: the cap below holds.
        get_user_model().objects.select_for_update().get(pk=actor.pk)
        if ApiToken.objects.active().filter(user=actor).count() >= MAX_ACTIVE_TOKENS:
            raise DomainError(
                _("Bạn đã có %(n)s mã truy cập còn hiệu lực. Vui lòng thu hồi mã không dùng trước khi tạo mã mới.")
                % {"n": MAX_ACTIVE_TOKENS}
            )
        secret = secrets.token_urlsafe(32)
        raw = f"{TOKEN_PREFIX}{secret}"
        token = ApiToken.objects.create(
            user=actor,
            name=name,
            lookup=secret[:LOOKUP_LENGTH],
            digest=token_digest(raw),
            expires_at=timezone.now() + timedelta(days=int(days)),
        )
        audit_log(
            action=API_TOKEN_CREATED,
            actor=actor,
            obj=token,
            changes={"name": [None, name], "expires_at": [None, token.expires_at.isoformat()]},
        )
    return token, raw


def token_revoke(*, token: ApiToken, actor) -> ApiToken:
    """Revoke one of the actor's tokens; requests with it are refused from now on."""
    with transaction.atomic():
        locked = ApiToken.objects.select_for_update().get(pk=token.pk)
        if locked.user_id != actor.pk:
            raise DomainError(_("Mã truy cập này không phải của bạn."))
        if locked.revoked_at is not None:
            raise DomainError(_("Mã truy cập này đã được thu hồi."))
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
        audit_log(action=API_TOKEN_REVOKED, actor=actor, obj=locked, changes={"name": [locked.name, None]})
    return locked


def token_touch(*, token: ApiToken) -> None:
    """Record that a token was used, at most once a minute per token (no write per request)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
