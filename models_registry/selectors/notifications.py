"""Reads of the user's notifications (in-app list and the unread count of the navigation bar)."""

from django.db.models import QuerySet

from ..models import Notification
from ..permissions import UserLike


def notifications_for(*, user: UserLike) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user)


def unread_notification_count(*, user: UserLike) -> int:
    """One COUNT on the (recipient, read_at) index, for the navigation bar."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
