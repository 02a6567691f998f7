"""Account writes: passwords reset by a board (``passwords``) and the user's own second factor (``second_factor``).

Views call these; they never create, confirm or delete an authenticator device or a backup code themselves.
"""

from .passwords import temporary_password, user_password_reset
from .second_factor import (
    second_factor_backup_codes_renew,
    second_factor_check,
    second_factor_confirm,
    second_factor_device_pending,
    second_factor_devices,
    second_factor_remove,
    second_factor_status,
)

__all__ = [
    "second_factor_backup_codes_renew",
    "second_factor_check",
    "second_factor_device_pending",
    "second_factor_devices",
    "second_factor_confirm",
    "second_factor_remove",
    "second_factor_status",
    "temporary_password",
    "user_password_reset",
]
