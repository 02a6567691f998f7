"""Account changes made by someone else: a board resets an officer's password (audited)."""

import secrets

from axes.models import AccessAttempt
from django.db import transaction
from django.utils.translation import gettext as _

from models_registry.errors import DomainError
from models_registry.permissions import may_reset_password
from models_registry.services.audit import audit_log

from .second_factor import devices_delete

# No 0/O, 1/l/I: the board reads the password out over the phone.
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
PASSWORD_LENGTH = 12


def temporary_password() -> str:
    while True:
        password = "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(PASSWORD_LENGTH))
        if any(c.isdigit() for c in password) and any(c.isalpha() for c in password):
            return password


def user_password_reset(*, target, actor, clear_second_factor: bool = False) -> str:
    """Give ``target`` a new temporary password (returned once, to be passed on by phone or in person).

    Their open sessions end (Django ties a session to the password hash) and a login lockout is lifted.
    """
    if not may_reset_password(actor, target):
        raise DomainError(_("Bạn không thể cấp lại mật khẩu cho tài khoản này."))
    password = temporary_password()
    with transaction.atomic():
        locked = type(target).objects.select_for_update().get(pk=target.pk)
        locked.set_password(password)
        locked.save(update_fields=["password"])
        removed = 0
        if clear_second_factor:
            removed = devices_delete(locked)
        AccessAttempt.objects.filter(username=locked.get_username()).delete()
        audit_log(
            action="user.password_reset",
            actor=actor,
            obj=locked,
            changes={"second_factor_cleared": [False, bool(removed)]} if clear_second_factor else {},
        )
    return password
