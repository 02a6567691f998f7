"""Reads of the user's notifications (in-app list and the unread count of the navigation bar)."""

from ..models import Notification


def notifications_for(user):
    return Notification.objects.filter(recipient=user)


def unread_notification_count(user):
    """One COUNT on the (recipient, read_at) index, for the navigation bar."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
