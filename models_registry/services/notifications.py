"""Notifications: an in-app row per recipient and an e-mail, both after the transaction commits."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from ..models import Membership, Notification, Role

logger = logging.getLogger(__name__)


def board_reviewers(board):
    return (
        get_user_model()
        .objects.filter(memberships__unit=board, memberships__role=Role.REVIEWER, is_active=True)
        .distinct()
    )


def unit_officers(unit):
    """Officers who registered for the unit: those of the unit itself or of an ancestor below the board."""
    ancestor_ids = [u.pk for u in unit.ancestors() if u.level != "province"]
    user_ids = Membership.objects.filter(unit_id__in=ancestor_ids, role=Role.OFFICER).values("user_id")
    return get_user_model().objects.filter(pk__in=user_ids, is_active=True)


def notify_users(*, users, practice, action, message):
    """Create in-app notifications and send e-mails once the current transaction commits."""
    users = list(users)
    url = reverse("practice_detail", args=[practice.pk]) if practice is not None else ""

    def deliver():
        Notification.objects.bulk_create(
            Notification(recipient=user, practice=practice, action=action, message=message, url=url) for user in users
        )
        recipients = [user.email for user in users if user.email]
        if recipients:
            body = f"{message}\n\n{settings.SITE_URL}{url}"
            try:
                send_mail(_("[Dân vận khéo] %s") % message[:120], body, None, recipients)
            except Exception:  # a mail server outage must not undo a recognition
                logger.exception("Could not send notification e-mail for %s", action)

    transaction.on_commit(deliver)
