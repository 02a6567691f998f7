"""Template context for every page: the user's roles and the unread notification count (navigation bar)."""

from functools import cache

from django.utils.translation import gettext_lazy as _

from ..bodies import default_area_name, default_level_name
from ..permissions import memberships_of, menu, provincial_units
from ..selectors.notifications import unread_notification_count

# The phrases naming the whole territory of provincial staff, whole so that each language words them its own way;
# picked by the area the user's units name ("tỉnh", "thành phố": ``bodies.default_area_name``), never by the era.
AREA_PHRASES = {
    "tỉnh": {"overview": _("Theo dõi toàn tỉnh"), "whole": _("Toàn tỉnh")},
    "thành phố": {"overview": _("Theo dõi toàn thành phố"), "whole": _("Toàn thành phố")},
}
MIXED_AREA_PHRASES = {"overview": _("Theo dõi toàn tỉnh, thành phố"), "whole": _("Toàn tỉnh, thành phố")}


def portal(request):
    """The user's roles, for the navigation bar."""
    return {
        "memberships": memberships_of(request.user),
        **menu(request.user),
        # A callable, so the one COUNT runs only when a template shows it, and at most once per request.
        "unread_notifications": cache(lambda: unread_notification_count(user=request.user)),
        # "cấp tỉnh" for Hải Dương's board, "cấp thành phố" for Hải Phòng's: from the units, not a fixed word.
        "provincial_level": cache(lambda: provincial_level_name(request.user)),
        # "Theo dõi toàn tỉnh" / "Theo dõi toàn thành phố" (``provincial_area.overview``), likewise.
        "provincial_area": cache(lambda: provincial_area_phrases(request.user)),
    }


def provincial_level_name(user) -> str:
    """The name of the level at which the user recognizes as provincial staff ("cấp tỉnh", "cấp thành phố")."""
    names = {default_level_name(unit) for unit in provincial_units(user)}
    return names.pop() if len(names) == 1 else "cấp tỉnh, thành phố"


def provincial_area_phrases(user) -> dict:
    """The phrases for the whole territory of the user's provincial units: ``overview`` (the home page's heading)
    and ``whole`` (the dashboard's way back from one board)."""
    names = {default_area_name(unit) for unit in provincial_units(user)}
    return AREA_PHRASES.get(names.pop(), MIXED_AREA_PHRASES) if len(names) == 1 else MIXED_AREA_PHRASES
