"""Memberships and scopes: which units' subtrees a user sees, through which roles; who the user is for the pages.

Part of ``models_registry.permissions`` (the role table is in its docstring); import from the package.
"""

from functools import reduce
from operator import or_

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

from ..models.units import Membership, Role

# A signed-in user, or the anonymous visitor (the public pages and the navigation bar ask about both).
UserLike = AbstractBaseUser | AnonymousUser

BOARD_ROLES = frozenset({Role.REVIEWER, Role.PROVINCIAL})
# Reports are board documents: officers do not see them, reviewers see their board's, provincial staff all.
REPORT_ROLES = BOARD_ROLES


# --- Memberships and scopes ---------------------------------------------------------------------------------------


def is_superuser(user) -> bool:
    return bool(getattr(user, "is_superuser", False))


def memberships_of(user) -> list:
    """The user's memberships with their units, loaded once per request and cached on the user object."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_danvan_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).select_related("unit"))
        user._danvan_memberships = cached
    return cached


def scope_paths(user, roles=None) -> list[str]:
    """Unit paths whose subtrees the user may see (optionally only through the given roles).

    A unit created by a reform also opens its predecessors' subtrees (``history_paths``): a new ward sees the
    practices of the communes it took in, read-only since actions ask ``has_role`` on the unit itself.
    """
    paths = []
    for membership in memberships_of(user):
        if roles is None or membership.role in roles:
            paths.append(membership.unit.path)
            paths.extend(membership.unit.history_paths)
    return paths


def scope_q(user, path_lookup: str, roles=None) -> Q:
    """A Q object that restricts a queryset to the user's scope; ``path_lookup`` reaches Unit.path.

    A superuser sees everything unless ``roles`` narrows the scope to what the user holds through those roles.
    """
    if is_superuser(user) and roles is None:
        return Q()
    paths = scope_paths(user, roles)
    if not paths:
        return Q(pk__in=[])
    return reduce(or_, (Q(**{f"{path_lookup}__startswith": path}) for path in paths))


def has_role(user, role, unit=None) -> bool:
    """Whether the user holds ``role`` on ``unit`` or one of its ancestors (any unit when None)."""
    for membership in memberships_of(user):
        if membership.role == role and (unit is None or unit.path.startswith(membership.unit.path)):
            return True
    return False


def board_scope_q(user, path_lookup: str) -> Q:
    """Like ``scope_q`` but only through board roles (reviewer, provincial); a superuser sees everything."""
    if is_superuser(user):
        return Q()
    return scope_q(user, path_lookup, roles=BOARD_ROLES)


def provincial_scope_q(user, path_lookup: str) -> Q:
    """The provinces where the user is provincial staff (everything for a superuser)."""
    if is_superuser(user):
        return Q()
    return scope_q(user, path_lookup, roles={Role.PROVINCIAL})


def reviewer_scope_q(user, path_lookup: str) -> Q:
    """The boards where the user reviews; a superuser reviews only through such a membership (see the table)."""
    return scope_q(user, path_lookup, roles={Role.REVIEWER})


def officer_scope_q(user, path_lookup: str) -> Q:
    """The units the user registers for (officer memberships only, superuser or not)."""
    return scope_q(user, path_lookup, roles={Role.OFFICER})


def report_scope_q(user, path_lookup: str) -> Q:
    """Reports the user may see: through a reviewer or provincial membership; a superuser sees all."""
    if is_superuser(user):
        return Q()
    return scope_q(user, path_lookup, roles=REPORT_ROLES)


def board_scope_paths(user) -> list[str]:
    return scope_paths(user, BOARD_ROLES)


def board_history_q(user, path_lookup: str) -> Q | None:
    """The predecessors' subtrees of the units where the user holds a board role (``Unit.history_paths``), by the
    registering unit's path: a ward's Party committee counts the practices of the communes it took in, whose
    board was a district that no longer exists. None for a user without such history."""
    paths = [path for m in memberships_of(user) if m.role in BOARD_ROLES for path in m.unit.history_paths]
    if not paths:
        return None
    return reduce(or_, (Q(**{f"{path_lookup}__startswith": path}) for path in paths))


def board_roots(user) -> list:
    """The units where the user holds a board role, highest first (the dashboard's tables start below them)."""
    units = {m.unit.pk: m.unit for m in memberships_of(user) if m.role in BOARD_ROLES}
    return sorted(units.values(), key=lambda unit: (unit.depth, unit.path))


def board_membership_depths(user) -> list[int]:
    """Depths of the units where the user holds a board role (the dashboard's unit table starts below them)."""
    return [m.unit.depth for m in memberships_of(user) if m.role in BOARD_ROLES]


# --- Who the user is, for the pages --------------------------------------------------------------------------------


def is_officer(user) -> bool:
    """Holds an officer membership (registers practices); a superuser without one does not register."""
    return holds_role(user, Role.OFFICER)


def is_officer_only(user) -> bool:
    """Holds only officer memberships (and is not a superuser): sees its board's work only through similar titles."""
    return all(m.role == Role.OFFICER for m in memberships_of(user)) and not is_superuser(user)


def is_reviewer(user) -> bool:
    return has_role(user, Role.REVIEWER)


def is_provincial(user) -> bool:
    return is_superuser(user) or has_role(user, Role.PROVINCIAL)


def is_board_user(user) -> bool:
    """Reviewers, provincial staff and superusers use the board pages; officers do not (they get a 404)."""
    return is_reviewer(user) or is_provincial(user)


def menu(user) -> dict:
    """What the navigation bar and the home page offer: the user's roles, from the memberships already loaded."""
    roles = {m.role for m in memberships_of(user)}
    return {
        "is_officer": Role.OFFICER in roles,
        "is_reviewer": Role.REVIEWER in roles,
        "is_provincial": Role.PROVINCIAL in roles,
        "can_use_board_pages": is_board_user(user),
        "can_recognize_provincial": is_provincial(user),
        "can_use_admin": bool(getattr(user, "is_staff", False)),
        "can_choose_successors": is_provincial(user),
    }


def unit_list_stops_at_districts(user) -> bool:
    """A superuser's unit filter would list the country's 10,000 communes: it stops at districts."""
    return is_superuser(user)


def holds_role(user, role) -> bool:
    return any(m.role == role for m in memberships_of(user))
