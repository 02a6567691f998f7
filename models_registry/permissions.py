"""Who may see and do what (stage 1: the role checks gathered from the selectors; see the docstring table soon)."""

from dataclasses import dataclass

from django.db.models import Q

from .models import Practice, PracticeState, Recognition, RecognitionLevel
from .models.units import Role, has_role, memberships_of, scope_q

BOARD_ROLES = {Role.REVIEWER, Role.PROVINCIAL}


def is_reviewer(user):
    return has_role(user, Role.REVIEWER)


def is_provincial(user):
    return bool(getattr(user, "is_superuser", False)) or has_role(user, Role.PROVINCIAL)


def is_board_user(user):
    """Reviewers, provincial staff and superusers use the board pages; officers do not (they get a 404)."""
    return is_reviewer(user) or is_provincial(user)


def board_scope_q(user, path_lookup, roles=BOARD_ROLES):
    """Like ``scope_q`` but only through board roles; a superuser sees everything."""
    if getattr(user, "is_superuser", False):
        return Q()
    return scope_q(user, path_lookup, roles=roles)


def practices_actionable_by(user):
    """Practices on which the user may act as a board: reviewer of its board, or provincial staff of its unit."""
    if getattr(user, "is_superuser", False):
        return Practice.objects.all()
    return Practice.objects.filter(
        scope_q(user, "board__path", roles={Role.REVIEWER}) | scope_q(user, "unit__path", roles={Role.PROVINCIAL})
    )


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
        return (
            self.can_return
            or self.can_reject
            or self.can_recognize
            or self.can_discontinue
            or self.can_mark_outstanding
            or self.can_commend
        )


def review_permissions(user, practice):
    """Evaluate the board actions on ``practice`` for ``user`` (no query except the recognition lookup)."""
    perms = ReviewPermissions()
    if not getattr(user, "is_authenticated", False):
        return perms
    # Reviewing (return, reject, decisions) belongs to the board's reviewers only, as in the views; a superuser
    # without that membership administers through /admin/ but may, like provincial staff, mark and commend.
    reviewer = has_role(user, Role.REVIEWER, practice.board)
    provincial = getattr(user, "is_superuser", False) or has_role(user, Role.PROVINCIAL, practice.unit)
    state = practice.state
    perms.can_review = reviewer
    perms.can_return = perms.can_reject = reviewer and state == PracticeState.PROPOSED
    perms.can_recognize = reviewer and state == PracticeState.PROPOSED
    perms.can_discontinue = reviewer and state == PracticeState.RECOGNIZED
    if state in (PracticeState.RECOGNIZED, PracticeState.DISCONTINUED) and (reviewer or provincial):
        perms.recognition = practice.recognitions.filter(level=RecognitionLevel.DISTRICT).first()
        perms.can_mark_outstanding = state == PracticeState.RECOGNIZED and perms.recognition is not None
        perms.outstanding = bool(perms.recognition and perms.recognition.outstanding)
        perms.can_commend = True
    return perms


def can_officer_act(user, practice):
    """Whether the user registers for the practice's unit (the only ones who edit, submit, propose, withdraw)."""
    return user.is_superuser or has_role(user, Role.OFFICER, practice.unit)


def is_officer(user):
    return any(m.role == Role.OFFICER for m in memberships_of(user))


def second_factor_required(user) -> bool:
    """Boards, provincial staff and administrators must pass a second factor; officers may choose one."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or user.is_staff or any(m.role in BOARD_ROLES for m in memberships_of(user))
