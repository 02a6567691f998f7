"""The board's other work: decisions, reports, who is told, passwords and second factor, Excel import, the reform queue.

Part of ``models_registry.permissions`` (the role table is in its docstring); import from the package.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q

from ..models import SuccessorChoice, Unit, UnitLevel
from ..models.units import Membership, Role
from .scopes import BOARD_ROLES, board_scope_q, has_role, is_superuser, memberships_of, scope_paths, scope_q

# --- Decisions -----------------------------------------------------------------------------------------------------


def may_issue_decision(user, board) -> bool:
    """A decision is issued by the board's reviewers while the board exists (a closed board's are history)."""
    return is_superuser(user) or (board.valid_until is None and has_role(user, Role.REVIEWER, board))


def may_recognize_provincial(user, province) -> bool:
    """Provincial (city) recognition, by the staff of a province of today."""
    return is_superuser(user) or (province.valid_until is None and has_role(user, Role.PROVINCIAL, province))


def provincial_units(user) -> list:
    """The provinces of today where the user recognizes at provincial level."""
    if is_superuser(user):
        return list(Unit.objects.filter(level=UnitLevel.PROVINCE).order_by("path"))
    return [m.unit for m in memberships_of(user) if m.role == Role.PROVINCIAL and m.unit.valid_until is None]


# --- Reports -------------------------------------------------------------------------------------------------------


def requestable_units(user):
    """Units whose report ``user`` may request: a reviewer their own board; provincial staff every board of
    their province and the province itself (the summary); superusers every board and province."""
    boards = Unit.objects.current().filter(Q(reviews=True) | Q(level=UnitLevel.PROVINCE))
    if is_superuser(user):
        return boards
    q = Q(pk__in=[])
    for membership in memberships_of(user):
        if membership.role == Role.REVIEWER and membership.unit.reviews:
            q |= Q(pk=membership.unit.pk)
        elif membership.role == Role.PROVINCIAL:
            q |= Q(path__startswith=membership.unit.path)
    return boards.filter(q)


def may_request_report(user, unit) -> bool:
    return requestable_units(user).filter(pk=unit.pk).exists()


# --- Who is told ---------------------------------------------------------------------------------------------------


def reviewers_of(board):
    """Active users who review for ``board`` (notified of a proposal)."""
    return (
        get_user_model()
        .objects.filter(memberships__unit=board, memberships__role=Role.REVIEWER, is_active=True)
        .distinct()
    )


def board_colleagues(board):
    """Who a proposal of ``board`` may be assigned to: the active reviewers of that very board."""
    return reviewers_of(board).order_by("last_name", "first_name", "username")


def officers_of(unit):
    """Officers who registered for the unit: those of the unit itself or of an ancestor below the province."""
    ancestor_ids = [u.pk for u in unit.ancestors() if u.level != UnitLevel.PROVINCE]
    user_ids = Membership.objects.filter(unit_id__in=ancestor_ids, role=Role.OFFICER).values("user_id")
    return get_user_model().objects.filter(pk__in=user_ids, is_active=True)


# --- Second factor -------------------------------------------------------------------------------------------------


def second_factor_required(user) -> bool:
    """Boards, provincial staff and administrators must pass a second factor; officers may choose one."""
    if not getattr(user, "is_authenticated", False):
        return False
    return is_superuser(user) or bool(user.is_staff) or any(m.role in BOARD_ROLES for m in memberships_of(user))


def officers_resettable_by(user):
    """Officers whose password this board may reset (commune officers often have no e-mail): each of their
    memberships is an officer's in the board's subtree; never staff, a superuser or another board member."""
    from django.db.models import Exists, OuterRef

    if not scope_paths(user, roles=BOARD_ROLES):
        return get_user_model().objects.none()
    in_scope = scope_q(user, "unit__path", roles=BOARD_ROLES) & Q(role=Role.OFFICER)
    mine = Membership.objects.filter(in_scope, user=OuterRef("pk"))
    elsewhere = Membership.objects.filter(user=OuterRef("pk")).exclude(in_scope)
    users = get_user_model().objects.filter(is_active=True, is_staff=False, is_superuser=False)
    return users.filter(Exists(mine)).exclude(Exists(elsewhere)).exclude(pk=user.pk)


def may_reset_password(actor, target) -> bool:
    return officers_resettable_by(actor).filter(pk=target.pk).exists()


# --- Excel import -------------------------------------------------------------------------------------------------


def import_scopes(user) -> list:
    """Units whose subtree ``user`` may import practices into, highest first: a reviewer's board, provincial
    staff's province (superusers: every top-level unit). Officers import nothing."""
    if is_superuser(user):
        return list(Unit.objects.current().filter(parent__isnull=True).order_by("path"))
    units = {m.unit.pk: m.unit for m in memberships_of(user) if m.role in BOARD_ROLES}
    return sorted(units.values(), key=lambda unit: (unit.depth, unit.path))


def may_import(user, unit) -> bool:
    if is_superuser(user):
        return True
    return any(unit.path.startswith(scope.path) for scope in import_scopes(user))


def import_batches_visible_to(user):
    """The only door into import batches for views: batches whose scope lies in the user's import scope."""
    from ..models import ImportBatch

    return ImportBatch.objects.filter(board_scope_q(user, "unit__path"))


# --- After an administrative reform ----------------------------------------------------------------------------------


def may_choose_successor(user, choice) -> bool:
    """The "chọn đơn vị mới" queue belongs to the board of the new province (``provincial`` there)."""
    return is_superuser(user) or has_role(user, Role.PROVINCIAL, choice.province)


def officer_memberships():
    """Officers' memberships: what follows a commune into its successor when a reform is applied."""
    return Membership.objects.filter(role=Role.OFFICER)


def successor_choices_visible_to(user):
    """Queued practices and officers the user may see: those of the new provinces they hold a provincial role in."""
    if is_superuser(user):
        return SuccessorChoice.objects.all()
    return SuccessorChoice.objects.filter(scope_q(user, "province__path", roles={Role.PROVINCIAL}))
