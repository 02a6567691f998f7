"""Every change to a practice: one function per workflow transition (DESIGN §4).

Each transition has the same shape: lock the row, check the state (and the version the user saw),
change it, save with update_fields, write the audit event, and notify after commit.
"""

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ..errors import DomainError, IllegalTransition, StaleObject
from ..models import Practice, PracticeState, Unit
from ..models.audit import PRACTICE_CREATED, PRACTICE_PROPOSED, PRACTICE_UPDATED, practice_action
from ..models.practices import EDITABLE_STATES, RESULT_FIELDS, TRANSITIONS
from ..names import practice_phrase
from ..permissions import (
    OFFICER_ACTIONS,
    OPEN_UNIT_ACTIONS,
    closed_unit_refusal,
    may_register_for,
    officers_of,
    practice_rights,
    reviewers_of,
)
from .audit import audit_log, diff
from .notifications import notify_users

PROTECTED_FIELDS = {
    "state",
    "version",
    "board",
    "last_reason",
    "created_by",
    "search_text",
    "submitted_at",
    "proposed_at",
    "returned_at",
    "recognized_at",
    "rejected_at",
    "withdrawn_at",
    "discontinued_at",
}
STATE_TIMESTAMP = {
    PracticeState.REGISTERED: "submitted_at",
    PracticeState.PROPOSED: "proposed_at",
    PracticeState.RETURNED: "returned_at",
    PracticeState.RECOGNIZED: "recognized_at",
    PracticeState.NOT_RECOGNIZED: "rejected_at",
    PracticeState.WITHDRAWN: "withdrawn_at",
    PracticeState.DISCONTINUED: "discontinued_at",
}


def _require(actor, practice, action):
    """Raise unless permissions allow ``actor`` to ``action`` this practice (its state is checked under the lock)."""
    if action not in practice_rights(actor, practice):
        if action in OFFICER_ACTIONS:
            raise DomainError(_("Chỉ cán bộ của đơn vị đăng ký mới được thực hiện thao tác này."))
        raise DomainError(_("Chỉ cơ quan xét duyệt mô hình này mới được thực hiện thao tác này."))
    if action in OPEN_UNIT_ACTIONS:
        _require_open(practice.unit)


def _require_open(unit):
    """A closed unit is history: nothing new is registered, edited or proposed for it (a clear message why)."""
    refusal = closed_unit_refusal(unit)
    if refusal:
        raise DomainError(refusal)


def _locked(practice, expected_version=None):
    """Re-read the practice under a row lock; the second of two simultaneous actions waits here, then fails."""
    locked = Practice.objects.select_for_update().get(pk=practice.pk)
    if expected_version is not None and locked.version != expected_version:
        raise StaleObject(
            _("Mô hình này vừa được người khác thay đổi (trạng thái hiện tại: %(state)s). Vui lòng tải lại trang.")
            % {"state": locked.get_state_display()}
        )
    return locked


def _check_transition(practice, action):
    allowed_from, _target = TRANSITIONS[action]
    if practice.state not in allowed_from:
        raise IllegalTransition(
            _("Không thể thực hiện thao tác này khi mô hình đang ở trạng thái “%(state)s”.")
            % {"state": practice.get_state_display()}
        )


def _move(practice, action, *, actor, extra=None, note=""):
    """Apply a checked transition to a locked practice and write its audit event."""
    target = TRANSITIONS[action][1]
    old_state = practice.state
    data = dict(extra or {})
    changes = diff(practice, data)
    for name, value in data.items():
        setattr(practice, name, value)
    practice.state = target
    stamp = STATE_TIMESTAMP.get(target)
    fields = {"state", "version", "updated_at", *data}
    if stamp:
        setattr(practice, stamp, timezone.now())
        fields.add(stamp)
    practice.version = F("version") + 1
    practice.save(update_fields=fields)
    practice.refresh_from_db(fields=["version"])
    changes["state"] = [old_state, target]
    audit_log(action=practice_action(target), actor=actor, obj=practice, practice=practice, changes=changes, note=note)
    return practice


def practice_create(*, actor: AbstractBaseUser, unit: Unit, data: dict[str, Any]) -> Practice:
    """Register a new practice as a draft of ``unit``; ``data`` holds the registration fields."""
    if not may_register_for(actor, unit):
        raise DomainError(_("Bạn không thể đăng ký mô hình cho đơn vị này."))
    _require_open(unit)
    protected = set(data) & PROTECTED_FIELDS
    if protected:
        raise ValueError(f"Not settable through practice_create: {sorted(protected)}")
    with transaction.atomic():
        practice = Practice(unit=unit, created_by=actor, **data)
        practice.save()
        audit_log(
            action=PRACTICE_CREATED,
            actor=actor,
            obj=practice,
            practice=practice,
            changes={name: [None, str(value)] for name, value in data.items() if value not in ("", None, 0)},
        )
    return practice


def practice_update(
    *, practice: Practice, actor: AbstractBaseUser, data: dict[str, Any], expected_version: int | None = None
) -> Practice:
    """Edit the registration; only the registering unit, only in draft or returned."""
    _require(actor, practice, "edit")
    protected = set(data) & PROTECTED_FIELDS
    if protected:
        # Workflow fields change only through the transitions above.
        raise ValueError(f"Not editable through practice_update: {sorted(protected)}")
    new_unit = data.get("unit")
    if new_unit is not None and not may_register_for(actor, new_unit):
        raise DomainError(_("Bạn không thể chuyển mô hình sang đơn vị này."))
    if new_unit is not None:
        _require_open(new_unit)
    with transaction.atomic():
        locked = _locked(practice, expected_version)
        # Check the stored unit too: a bound ModelForm has already copied its input onto ``practice``.
        _require(actor, locked, "edit")
        if locked.state not in EDITABLE_STATES:
            raise IllegalTransition(
                _("Mô hình ở trạng thái “%(state)s” không thể sửa.") % {"state": locked.get_state_display()}
            )
        changes = diff(locked, data)
        if not changes:
            return locked
        for name, value in data.items():
            setattr(locked, name, value)
        fields = {*data, "version", "updated_at"}
        if "unit" in changes:
            # The reviewing board follows the unit (Practice.save only fills it on creation).
            locked.board = locked.unit.board or locked.unit
            fields.add("board")
        locked.version = F("version") + 1
        locked.save(update_fields=fields)
        locked.refresh_from_db(fields=["version"])
        audit_log(action=PRACTICE_UPDATED, actor=actor, obj=locked, practice=locked, changes=changes)
    return locked


def practice_submit(*, practice: Practice, actor: AbstractBaseUser, expected_version: int | None = None) -> Practice:
    """Submit a draft: it becomes a registered practice of its unit."""
    return _transition("submit", practice=practice, actor=actor, expected_version=expected_version)


def practice_propose(
    *, practice: Practice, actor: AbstractBaseUser, results: dict[str, Any], expected_version: int | None = None
) -> Practice:
    """Propose recognition, with the results achieved; the board is notified."""
    _require(actor, practice, "propose")
    unknown = set(results) - set(RESULT_FIELDS)
    if unknown:
        raise ValueError(f"Not result fields: {sorted(unknown)}")
    with transaction.atomic():
        locked = _locked(practice, expected_version)
        _check_transition(locked, "propose")
        # The effective text is what will be saved: an empty "results" in the form replaces the old text.
        if not (results.get("results", locked.results) or "").strip():
            raise DomainError(_("Vui lòng nhập kết quả đạt được trước khi đề nghị công nhận."))
        _move(locked, "propose", actor=actor, extra={**results, "last_reason": ""})
        notify_users(
            users=reviewers_of(locked.board),
            practice=locked,
            action=PRACTICE_PROPOSED,
            message=_("%(unit)s đề nghị công nhận %(practice)s.")
            % {"unit": locked.unit, "practice": practice_phrase(locked)},
        )
    return locked


def _transition(action, *, practice, actor, expected_version, note=""):
    """A transition with nothing else to write: the right, the row lock and version, the state, then the move."""
    _require(actor, practice, action)
    with transaction.atomic():
        locked = _locked(practice, expected_version)
        _check_transition(locked, action)
        return _move(locked, action, actor=actor, note=note)


def _decide_with_reason(action, verb_message, *, practice, actor, reason, expected_version):
    _require(actor, practice, action)
    if not reason or not reason.strip():
        raise DomainError(_("Vui lòng ghi rõ lý do."))
    with transaction.atomic():
        locked = _locked(practice, expected_version)
        _check_transition(locked, action)
        _move(locked, action, actor=actor, extra={"last_reason": reason.strip()}, note=reason.strip())
        notify_users(
            users=officers_of(locked.unit),
            practice=locked,
            action=practice_action(locked.state),
            message=verb_message % {"practice": practice_phrase(locked, start=True), "reason": reason.strip()},
        )
    return locked


def practice_return(
    *, practice: Practice, actor: AbstractBaseUser, reason: str, expected_version: int | None = None
) -> Practice:
    """Return a proposal to its unit for revision, with the reason."""
    return _decide_with_reason(
        "return",
        _("%(practice)s được trả lại để bổ sung. Lý do: %(reason)s"),
        practice=practice,
        actor=actor,
        reason=reason,
        expected_version=expected_version,
    )


def practice_reject(
    *, practice: Practice, actor: AbstractBaseUser, reason: str, expected_version: int | None = None
) -> Practice:
    """Decide not to recognize a proposal, with the reason."""
    return _decide_with_reason(
        "reject",
        _("%(practice)s không được công nhận. Lý do: %(reason)s"),
        practice=practice,
        actor=actor,
        reason=reason,
        expected_version=expected_version,
    )


def practice_withdraw(*, practice: Practice, actor: AbstractBaseUser, expected_version: int | None = None) -> Practice:
    """The registering unit withdraws its practice before recognition."""
    return _transition("withdraw", practice=practice, actor=actor, expected_version=expected_version)


def practice_discontinue(
    *, practice: Practice, actor: AbstractBaseUser, reason: str = "", expected_version: int | None = None
) -> Practice:
    """At the yearly check, the board records that a recognized practice is no longer maintained."""
    return _transition("discontinue", practice=practice, actor=actor, expected_version=expected_version, note=reason)


def practice_recognize_locked(*, practice: Practice, actor: AbstractBaseUser) -> Practice:
    """Used by decision services: move an already locked, checked practice to recognized."""
    _check_transition(practice, "recognize")
    return _move(practice, "recognize", actor=actor, extra={"last_reason": ""})
