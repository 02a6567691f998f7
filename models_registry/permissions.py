"""Who may see and do what: the one place for the portal's role and scope rules.

A user holds memberships (``Membership``: user, unit, role); a role on a unit reaches the whole subtree below it.
Services raise when this module says no; views, template tags, exports and ``reporting`` ask it what to show.
Nothing else in the application compares roles (``tests/test_permissions_module.py`` checks that).

=====================================  ===================================  =============================================
Role (on unit U)                       Sees                                 May do
=====================================  ===================================  =============================================
Cán bộ đơn vị — ``officer``            practices of U's subtree; the        register practices for U's subtree; on a
                                       similar titles of the whole          practice of U's subtree: ``edit``,
                                       district board                       ``attach`` (draft/returned), ``submit``,
                                                                            ``propose``, ``withdraw``
Ban Dân vận cấp huyện — ``reviewer``   practices, decisions and reports     on a practice whose board is in U's subtree:
(U is a board: ``Unit.reviews``)       of U's subtree; the board pages      ``return``, ``reject``, ``recognize`` (issue a
                                       (queue, decisions, dashboard)        district decision), ``discontinue``,
                                                                            ``mark_outstanding``, ``commend``; request
                                                                            U's report
Ban Dân vận Tỉnh ủy — ``provincial``   everything in province U; the        on a practice of U: ``recognize_provincial``,
                                       board pages, per-district            ``mark_outstanding``, ``commend``; request the
                                       dashboards                           report of every board of U and U's summary
Superuser (``is_superuser``)           everything                           every action in the services (data repair);
                                                                            the pages offer what an officer and
                                                                            provincial staff get, not the reviewing
                                                                            (that is a board's act: through /admin/)
Anybody, without login                 the public showcase (recognized      nothing
                                       practices, no contact data)
=====================================  ===================================  =============================================

Excel import (``import_scopes``): reviewers into their board's subtree, provincial staff into their province,
superusers anywhere; officers never (the import pages are a 404 for them).

Second factor (accounts app): required of reviewers, provincial staff, staff and superusers; an officer may choose it
(``second_factor_required``).

State still decides: ``practice_actions`` intersects the role's actions with ``TRANSITIONS`` (models/practices.py),
so a button shows only when both allow it; a service checks the role here and the state under its row lock.
A lookup outside ``visible_to`` / ``scope_q`` is a 404: missing and forbidden get the same answer.
"""

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

from .models import Attachment, Practice, PracticeState, Recognition, RecognitionLevel, SuccessorChoice, Unit, UnitLevel
from .models.practices import EDITABLE_STATES, TRANSITIONS
from .models.units import Membership, Role

# A signed-in user, or the anonymous visitor (the public pages and the navigation bar ask about both).
UserLike = AbstractBaseUser | AnonymousUser

BOARD_ROLES = frozenset({Role.REVIEWER, Role.PROVINCIAL})
# Reports are board documents: officers do not see them, reviewers see their board's, provincial staff all.
REPORT_ROLES = BOARD_ROLES

# What each role may do with a practice, state permitting. Keys of TRANSITIONS, plus the actions that do not move
# the state: edit and attach (draft/returned only), mark_outstanding and commend (recognized practices).
OFFICER_ACTIONS = frozenset({"edit", "attach", "submit", "propose", "withdraw"})
REVIEWER_ACTIONS = frozenset({"return", "reject", "recognize", "discontinue", "mark_outstanding", "commend"})
PROVINCIAL_ACTIONS = frozenset({"recognize_provincial", "mark_outstanding", "commend"})
# The states in which the non-transition actions apply.
ACTION_STATES = {
    "edit": EDITABLE_STATES,
    "attach": EDITABLE_STATES,
    "recognize_provincial": {PracticeState.RECOGNIZED},
    "mark_outstanding": {PracticeState.RECOGNIZED},
    "commend": {PracticeState.RECOGNIZED, PracticeState.DISCONTINUED},
}


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


def board_membership_depths(user) -> list[int]:
    """Depths of the units where the user holds a board role (the dashboard's unit table starts below them)."""
    return [m.unit.depth for m in memberships_of(user) if m.role in BOARD_ROLES]


# --- Who the user is, for the pages --------------------------------------------------------------------------------


def is_officer(user) -> bool:
    """Holds an officer membership (registers practices); a superuser without one does not register."""
    return _holds(user, Role.OFFICER)


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


# --- Practices -----------------------------------------------------------------------------------------------------


def may_register_for(user, unit) -> bool:
    """Whether the user may register (or move) a practice for ``unit``."""
    return is_superuser(user) or has_role(user, Role.OFFICER, unit)


def registrable_units(user):
    """Units the user may register practices for: their officer units and the organizations under them."""
    if not is_officer(user):
        return Unit.objects.none()
    return Unit.objects.filter(officer_scope_q(user, "path")).current().order_by("path")


def board_ids_of(user) -> set[int]:
    """The district boards over the user's units (for officers) or the boards the user belongs to."""
    ids = set()
    for membership in memberships_of(user):
        unit = membership.unit
        if membership.role == Role.OFFICER:
            board = unit.board
            ids.add((board or unit).pk)
        else:
            ids.add(unit.pk)
    return ids


def practice_rights(user, practice) -> frozenset[str]:
    """What the user's roles allow on ``practice``, whatever its state. Services raise when an action is missing.

    A superuser has every right here (the services serve /admin/ and data repair too).
    """
    if is_superuser(user):
        return OFFICER_ACTIONS | REVIEWER_ACTIONS | PROVINCIAL_ACTIONS
    rights = set()
    # Each role is looked at only when the user holds it: ``practice.board`` may cost a query.
    if _holds(user, Role.OFFICER) and has_role(user, Role.OFFICER, practice.unit):
        rights |= OFFICER_ACTIONS
    if _reviews(user, practice):
        rights |= REVIEWER_ACTIONS
    if _holds(user, Role.PROVINCIAL) and has_role(user, Role.PROVINCIAL, practice.unit):
        rights |= PROVINCIAL_ACTIONS
    return frozenset(rights)


def _holds(user, role) -> bool:
    return any(m.role == role for m in memberships_of(user))


def _reviews(user, practice) -> bool:
    return _holds(user, Role.REVIEWER) and has_role(user, Role.REVIEWER, practice.board)


def _page_rights(user, practice) -> frozenset[str]:
    """What the pages offer: the rights, except that a superuser reviews only through a reviewer membership."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    if not is_superuser(user):
        return practice_rights(user, practice)
    rights = OFFICER_ACTIONS | PROVINCIAL_ACTIONS
    if _reviews(user, practice):
        rights |= REVIEWER_ACTIONS
    return frozenset(rights)


def _state_allows(practice, action) -> bool:
    if action in TRANSITIONS:
        return practice.state in TRANSITIONS[action][0]
    return practice.state in ACTION_STATES[action]


def practice_actions(user, practice) -> frozenset[str]:
    """What ``user`` may do with ``practice`` now, as the pages offer it: the role allows and the state permits.

    Keyed by the transition names (``submit``, ``propose``, ``return``, ``reject``, ``recognize``, ``withdraw``,
    ``discontinue``) and ``edit``, ``attach``, ``recognize_provincial``, ``mark_outstanding``, ``commend``.
    """
    return frozenset(action for action in _page_rights(user, practice) if _state_allows(practice, action))


def practices_actionable_by(user):
    """Practices on which the user may act as a board: reviewer of its board, or provincial staff of its unit."""
    if is_superuser(user):
        return Practice.objects.all()
    return Practice.objects.filter(reviewer_scope_q(user, "board__path") | provincial_scope_q(user, "unit__path"))


@dataclass
class ReviewPermissions:
    """What the board may do with one practice; drives the buttons of ``_review_actions.html``."""

    can_review: bool = False  # return / reject / discontinue: the reviewing board only
    can_recognize: bool = False  # include in a district decision
    can_return: bool = False
    can_reject: bool = False
    can_discontinue: bool = False
    can_mark_outstanding: bool = False
    can_commend: bool = False
    outstanding: bool = False
    recognition: Recognition | None = None

    @property
    def any(self):
        buttons = (self.can_return, self.can_reject, self.can_recognize, self.can_discontinue)
        return any(buttons) or self.can_mark_outstanding or self.can_commend


def review_permissions(user, practice) -> ReviewPermissions:
    """The board actions on ``practice`` for ``user`` (no query except the recognition lookup)."""
    perms = ReviewPermissions()
    rights = _page_rights(user, practice)
    actions = practice_actions(user, practice)
    perms.can_review = "return" in rights
    perms.can_return = "return" in actions
    perms.can_reject = "reject" in actions
    perms.can_recognize = "recognize" in actions
    perms.can_discontinue = "discontinue" in actions
    if "commend" in actions:
        perms.recognition = practice.recognitions.filter(level=RecognitionLevel.DISTRICT).first()
        perms.can_mark_outstanding = "mark_outstanding" in actions and perms.recognition is not None
        perms.outstanding = bool(perms.recognition and perms.recognition.outstanding)
        perms.can_commend = True
    return perms


def attachments_visible_to(user):
    """Attachments of the practices the user may see (a private file outside them is a 404)."""
    return Attachment.objects.filter(scope_q(user, "practice__unit__path"))


# --- The board's desk: yearly checks, private notes, assignment, public photos ------------------------------------


def board_desk(user, practice) -> frozenset[str]:
    """What the board's desk offers ``user`` on ``practice`` (never anything to officers or the public):

    ``see_notes`` (the board's staff: reviewers of its board, provincial staff of its province), ``note``,
    ``assign`` and ``check`` (reviewers of its board), ``publish`` (board staff: which photos the public sees).
    A superuser sees the notes and publishes photos; reviewing acts need a reviewer membership, as on the pages.
    """
    rights = set()
    reviews = _reviews(user, practice)
    if reviews or is_superuser(user) or has_role(user, Role.PROVINCIAL, practice.unit):
        rights |= {"see_notes", "publish"}
    if reviews:
        rights |= {"note", "assign", "check"}
    return frozenset(rights)


def yearly_checkable(user):
    """Practices whose yearly check the user records: those of the boards the user reviews."""
    return Practice.objects.reviewable_by(user)


def board_colleagues(board):
    """Who a proposal of ``board`` may be assigned to: the active reviewers of that very board."""
    return reviewers_of(board).order_by("last_name", "first_name", "username")


def public_photos():
    """Image attachments the public may see: marked public by the board, of a recognized practice."""
    return Attachment.objects.filter(
        public=True, practice__state=PracticeState.RECOGNIZED, content_type__startswith="image/"
    )


# --- Decisions -----------------------------------------------------------------------------------------------------


def may_issue_decision(user, board) -> bool:
    """A district decision is issued by the board's reviewers."""
    return is_superuser(user) or has_role(user, Role.REVIEWER, board)


def may_recognize_provincial(user, province) -> bool:
    return is_superuser(user) or has_role(user, Role.PROVINCIAL, province)


def provincial_units(user) -> list:
    """The provinces where the user recognizes at provincial level."""
    if is_superuser(user):
        return list(Unit.objects.filter(level=UnitLevel.PROVINCE).order_by("path"))
    return [m.unit for m in memberships_of(user) if m.role == Role.PROVINCIAL]


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
    from .models import ImportBatch

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
