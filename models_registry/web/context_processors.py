"""Template context for every page: the user's roles and the unread notification count (navigation bar)."""

from functools import cache

from ..permissions import memberships_of, menu
from ..selectors.notifications import unread_notification_count


def portal(request):
    """The user's roles, for the navigation bar."""
    return {
        "memberships": memberships_of(request.user),
        **menu(request.user),
        # A callable, so the one COUNT runs only when a template shows it, and at most once per request.
        "unread_notifications": cache(lambda: unread_notification_count(user=request.user)),
    }
