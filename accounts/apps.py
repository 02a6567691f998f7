from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Signing in and staying safe: the second factor, board password resets, throttling, security events."""

    name = "accounts"
    verbose_name = _("Tài khoản và bảo mật")

    def ready(self):
        from . import checks, security_log  # noqa: F401  (registers the checks, connects the signal receivers)
