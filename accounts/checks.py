"""System checks for the security settings (run by `manage.py check` and at every start)."""

import ipaddress

from django.conf import settings
from django.core.checks import Error, register


@register()
def trusted_proxies_check(app_configs, **kwargs):
    errors = []
    for entry in settings.TRUSTED_PROXIES:
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            errors.append(
                Error(
                    f"TRUSTED_PROXIES: {entry!r} is not an address or network.",
                    hint="List the reverse proxies' addresses, e.g. TRUSTED_PROXIES=10.0.0.5,10.0.1.0/24.",
                    id="accounts.E001",
                )
            )
    return errors
