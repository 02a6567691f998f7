"""Practices: what each role may do with a practice (``practice_actions``), the board's buttons, attachments.

Part of ``models_registry.permissions`` (the role table is in its docstring); import from the package.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Attachment, Practice, PracticeState, Recognition, RecognitionLevel, Unit
from ..models.practices import EDITABLE_STATES, TRANSITIONS
from ..models.units import Role
from .scopes import (
    has_role,
    holds_role,
    is_officer,
    is_superuser,
    memberships_of,
    officer_scope_q,
    provincial_scope_q,
    reviewer_scope_q,
    scope_q,
)
from .yearly import acts_for, does_yearly_work, oversees, yearly_body

# What each role may do with a practice, state permitting. Keys of TRANSITIONS, plus the actions that do not move
# the state: edit and attach (draft/returned only), mark_outstanding and commend (recognized practices).
OFFICER_ACTIONS = frozenset({"edit", "attach", "submit", "propose", "withdraw", "delete"})
REVIEWER_ACTIONS = frozenset({"return", "reject", "recognize", "discontinue", "mark_outstanding", "commend"})
PROVINCIAL_ACTIONS = frozenset({"recognize_provincial", "mark_outstanding", "commend"})
MAINTENANCE_ACTIONS = frozenset({"discontinue", "mark_outstanding", "commend"})
# The states in which the non-transition actions apply.
ACTION_STATES = {
    "edit": EDITABLE_STATES,
    "attach": EDITABLE_STATES,
    # A draft was never sent to the board: its unit may throw it away (a sent one is withdrawn instead).
    "delete": {PracticeState.DRAFT},
    "recognize_provincial": {PracticeState.RECOGNIZED},
    "mark_outstanding": {PracticeState.RECOGNIZED},
    "commend": {PracticeState.RECOGNIZED, PracticeState.DISCONTINUED},
}


# --- Practices -----------------------------------------------------------------------------------------------------


# What a closed unit no longer does: its practices are history (read-only), nothing new is registered or proposed.
OPEN_UNIT_ACTIONS = frozenset({"edit", "attach", "submit", "propose"})


def closed_unit_refusal(unit, *, on: datetime.date | None = None) -> str:
    """'' when ``unit`` is valid on ``on`` (default today); otherwise why nothing can be registered or proposed for
    it. A unit closed by a reform (``valid_until`` past) keeps its history read-only; one not yet started waits."""
    on = on or timezone.localdate()
    if unit.is_valid_on(on):
        return ""
    if unit.valid_until is not None and unit.valid_until < on:
        return _(
            "Đơn vị “%(unit)s” đã thôi hoạt động từ ngày %(day)s (sắp xếp đơn vị hành chính); hồ sơ của đơn vị chỉ "
            "còn để xem. Không thể đăng ký, sửa hay đề nghị công nhận mô hình cho đơn vị này: hãy chọn đơn vị hiện nay."
        ) % {"unit": unit.name, "day": (unit.valid_until + datetime.timedelta(days=1)).strftime("%d/%m/%Y")}
    return _("Đơn vị “%(unit)s” bắt đầu hoạt động từ ngày %(day)s; chưa thể đăng ký mô hình cho đơn vị này.") % {
        "unit": unit.name,
        "day": unit.valid_from.strftime("%d/%m/%Y"),
    }


def may_register_for(user, unit) -> bool:
    """Whether the user may register (or move) a practice for ``unit``."""
    return is_superuser(user) or has_role(user, Role.OFFICER, unit)


def registrable_units(user):
    """Units the user may register practices for: their officer units and the organizations under them."""
    if not is_officer(user):
        return Unit.objects.none()
    # Valid today: a unit closed by a reform, or one loaded ahead of its start date, is not offered.
    return Unit.objects.filter(officer_scope_q(user, "path")).as_of(timezone.localdate()).order_by("path")


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
    if holds_role(user, Role.OFFICER) and has_role(user, Role.OFFICER, practice.unit):
        rights |= OFFICER_ACTIONS
    if _reviews(user, practice) and practice.board.valid_until is None:
        rights |= REVIEWER_ACTIONS - {"discontinue"}
    if does_yearly_work(user, practice):
        # The body holding the practice today keeps it up: discontinues it and, once the old board is closed,
        # marks it outstanding and records its commendations (a closed board's reviewers only read its history).
        rights |= MAINTENANCE_ACTIONS
    if holds_role(user, Role.PROVINCIAL) and _provincial_today(user, practice.unit):
        rights |= PROVINCIAL_ACTIONS
    return frozenset(rights)


def _provincial_today(user, unit) -> bool:
    """Provincial staff through a membership of a unit of today: a closed province's staff read its history."""
    return any(
        m.role == Role.PROVINCIAL and m.unit.valid_until is None and unit.path.startswith(m.unit.path)
        for m in memberships_of(user)
    )


def _reviews(user, practice) -> bool:
    """A reviewer of the practice's own (historical) board, open or closed."""
    return holds_role(user, Role.REVIEWER) and has_role(user, Role.REVIEWER, practice.board)


def _page_rights(user, practice) -> frozenset[str]:
    """What the pages offer: the rights, except that a superuser reviews only through a reviewer membership."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    if not is_superuser(user):
        return practice_rights(user, practice)
    rights = OFFICER_ACTIONS | PROVINCIAL_ACTIONS
    if _reviews(user, practice) and practice.board.valid_until is None:
        rights |= REVIEWER_ACTIONS - {"discontinue"}
    if does_yearly_work(user, practice):
        rights |= MAINTENANCE_ACTIONS
    return frozenset(rights)


def may_discontinue(user, practice) -> bool:
    """The discontinue button and its view: whoever does the practice's yearly work (``does_yearly_work``)."""
    return "discontinue" in _page_rights(user, practice)


def _state_allows(practice, action) -> bool:
    if action in TRANSITIONS:
        return practice.state in TRANSITIONS[action][0]
    return practice.state in ACTION_STATES[action]


def practice_actions(user, practice) -> frozenset[str]:
    """What ``user`` may do with ``practice`` now, as the pages offer it: the role allows and the state permits.

    Keyed by the transition names (``submit``, ``propose``, ``return``, ``reject``, ``recognize``, ``withdraw``,
    ``discontinue``) and ``edit``, ``attach``, ``delete`` (a draft), ``recognize_provincial``, ``mark_outstanding``,
    ``commend``.
    """
    actions = frozenset(action for action in _page_rights(user, practice) if _state_allows(practice, action))
    if actions & OPEN_UNIT_ACTIONS and closed_unit_refusal(practice.unit):
        actions -= OPEN_UNIT_ACTIONS
    return actions


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
    """What the board's desk offers ``user`` on ``practice`` (never anything to officers or the public).

    The body doing the practice's yearly work today (``yearly_body``: its board while open, else the successor's
    body) gives ``note`` and ``check`` to its reviewers (``does_yearly_work``), and ``assign`` when it is still the
    practice's own board; ``see_notes`` and ``publish`` to them and to board staff of today above it (the city
    board, provincial staff of its province) and superusers. Reviewers of a closed board and staff of a closed
    province only ``see_notes`` (their history, read-only). A superuser reviews only through a reviewer membership.
    """
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    if not is_superuser(user) and not any(m.role != Role.OFFICER for m in memberships_of(user)):
        return frozenset()
    body = yearly_body(practice)
    acts = acts_for(user, body)  # through a membership only: a superuser as such does not review
    rights = set()
    if acts or is_superuser(user) or oversees(user, body):
        rights |= {"see_notes", "publish"}
    elif _reviews(user, practice) or has_role(user, Role.PROVINCIAL, practice.unit):
        rights.add("see_notes")
    if acts:
        rights |= {"note", "check"}
        if body.pk == practice.board_id:
            rights.add("assign")
    return frozenset(rights)


def public_photos():
    """Image attachments the public may see: marked public by the board, of a recognized practice."""
    return Attachment.objects.filter(
        public=True, practice__state=PracticeState.RECOGNIZED, content_type__startswith="image/"
    )
