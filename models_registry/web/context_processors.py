"""Template context for every page: the user's roles and the unread notification count (navigation bar)."""

from functools import cache

from ..bodies import default_level_name
from ..permissions import memberships_of, menu, provincial_units
from ..selectors.notifications import unread_notification_count


def portal(request):
    """The user's roles, for the navigation bar."""
    return {
        "memberships": memberships_of(request.user),
        **menu(request.user),
        # A callable, so the one COUNT runs only when a template shows it, and at most once per request.
        "unread_notifications": cache(lambda: unread_notification_count(user=request.user)),
        # "cấp tỉnh" for Hải Dương's board, "cấp thành phố" for Hải Phòng's: from the units, not a fixed word.
        "provincial_level": cache(lambda: provincial_level_name(request.user)),
    }


def provincial_level_name(user) -> str:
    """The name of the level at which the user recognizes as provincial staff ("cấp tỉnh", "cấp thành phố")."""
    names = {default_level_name(unit) for unit in provincial_units(user)}
    return names.pop() if len(names) == 1 else "cấp tỉnh, thành phố"
