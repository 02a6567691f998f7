"""Login throttling per account and per client address, on django-axes' records of failed attempts."""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def _failures(attempts):
    return attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0


class AccountAndAddressHandler(AxesDatabaseHandler):
    """Locks an account after AXES_FAILURE_LIMIT failures (from any address) and an address after
    AXES_ADDRESS_FAILURE_LIMIT failures (on any accounts).

    Axes compares one number with one limit, so an address's failures are scaled to that limit: with 5 and 20,
    four failures from one address weigh as one failure of an account. A commune office behind one address
    can mistype a few passwords without locking everybody out; one machine guessing many accounts cannot.
    """

    def get_failures(self, request, credentials=None) -> int:
        attempts = AccessAttempt.objects.all()
        if settings.AXES_COOLOFF_TIME is not None:
            attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
        username = get_client_username(request, credentials)
        by_account = _failures(attempts.filter(username=username)) if username else 0
        by_address = _failures(attempts.filter(ip_address=request.axes_ip_address))
        scaled = by_address * settings.AXES_FAILURE_LIMIT // settings.AXES_ADDRESS_FAILURE_LIMIT
        return max(by_account, scaled)
