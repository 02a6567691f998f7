"""Template context for every page: the user's roles and the unread notification count (navigation bar)."""

from functools import cache

from ..models.units import Role, memberships_of
from ..selectors.notifications import unread_notification_count


def portal(request):
    """The user's roles, for the navigation bar."""
    memberships = memberships_of(request.user)
    roles = {m.role for m in memberships}
    return {
        "memberships": memberships,
        "is_officer": Role.OFFICER in roles,
        "is_reviewer": Role.REVIEWER in roles,
        "is_provincial": Role.PROVINCIAL in roles,
        # A callable, so the one COUNT runs only when a template shows it, and at most once per request.
        "unread_notifications": cache(lambda: unread_notification_count(request.user)),
    }
