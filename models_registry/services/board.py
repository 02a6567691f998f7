"""The board's year and desk: the yearly check of recognized practices, private notes, assignment of a proposal
to a colleague, and which photos the public showcase shows.

Same shape as the transitions: check the rights in ``permissions``, lock the row, write, audit. A bulk check is
all or nothing: one practice that may not be checked leaves every other one unchecked.
"""

from collections.abc import Iterable

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..errors import DomainError, IllegalTransition
from ..models import Attachment, CheckOutcome, Practice, PracticeState, ReviewAssignment, ReviewNote, YearlyCheck
from ..models.audit import (
    ATTACHMENT_PUBLISHED,
    ATTACHMENT_UNPUBLISHED,
    PRACTICE_CHECKED,
    REVIEW_ASSIGNED,
    REVIEW_NOTE_ADDED,
)
from ..names import person_name
from ..permissions import board_colleagues, board_desk, is_superuser
from .audit import audit_log
from .notifications import notify_users
from .practices import practice_discontinue

NOTE_MAX_LENGTH = 4000


def _require(actor, practice, right, message):
    if not is_superuser(actor) and right not in board_desk(actor, practice):
        raise DomainError(message)


def practices_check_yearly(
    *,
    practices: Iterable[Practice],
    actor: AbstractBaseUser,
    year: int,
    outcome: str,
    note: str = "",
) -> list[YearlyCheck]:
    """Record the ``year`` check of each recognized practice: still maintained, or discontinued (which goes
    through ``practice_discontinue``, the workflow's transition). One audit event per practice."""
    practices = list(practices)
    if not practices:
        raise DomainError(_("Chưa chọn mô hình, điển hình nào để kiểm tra."))
    if outcome not in CheckOutcome.values:
        raise DomainError(_("Kết quả kiểm tra không hợp lệ."))
    if year > timezone.localdate().year:
        raise DomainError(_("Chưa đến năm %(year)s để kiểm tra.") % {"year": year})
    note = (note or "").strip()
    if outcome == CheckOutcome.DISCONTINUED and not note:
        raise DomainError(_("Vui lòng ghi rõ lý do mô hình không còn duy trì."))
    for practice in practices:
        _require(actor, practice, "check", _("Chỉ cơ quan xét duyệt mô hình này mới được kiểm tra hằng năm."))
    checks = []
    with transaction.atomic():
        for practice in sorted(practices, key=lambda p: p.pk):  # one lock order: two bulk checks cannot deadlock
            locked = Practice.objects.select_for_update().get(pk=practice.pk)
            if locked.state != PracticeState.RECOGNIZED:
                raise IllegalTransition(
                    _("“%(title)s” đang ở trạng thái “%(state)s”, không cần kiểm tra hằng năm.")
                    % {"title": locked.title, "state": locked.get_state_display()}
                )
            if YearlyCheck.objects.filter(practice=locked, year=year).exists():
                raise DomainError(
                    _("“%(title)s” đã được kiểm tra năm %(year)s (có thể người khác vừa kiểm tra).")
                    % {"title": locked.title, "year": year}
                )
            check = YearlyCheck.objects.create(practice=locked, year=year, outcome=outcome, note=note, checked_by=actor)
            audit_log(
                action=PRACTICE_CHECKED,
                actor=actor,
                obj=check,
                practice=locked,
                changes={"year": [None, year], "outcome": [None, outcome]},
                note=note,
            )
            if outcome == CheckOutcome.DISCONTINUED:
                practice_discontinue(practice=locked, actor=actor, reason=note)
            checks.append(check)
    return checks


def review_note_add(*, practice: Practice, actor: AbstractBaseUser, text: str) -> ReviewNote:
    """A private note of a reviewer on a practice. Logged without the practice: it is not on the unit's timeline."""
    _require(actor, practice, "note", _("Chỉ cơ quan xét duyệt mô hình này mới được ghi chú nội bộ."))
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Vui lòng nhập nội dung ghi chú."))
    if len(text) > NOTE_MAX_LENGTH:
        raise DomainError(_("Ghi chú dài quá %(n)s ký tự.") % {"n": NOTE_MAX_LENGTH})
    with transaction.atomic():
        note = ReviewNote.objects.create(practice=practice, author=actor, text=text)
        audit_log(action=REVIEW_NOTE_ADDED, actor=actor, obj=note, changes={"practice": [None, practice.pk]})
    return note


def review_assign(
    *, practice: Practice, actor: AbstractBaseUser, assignee: AbstractBaseUser | None
) -> ReviewAssignment | None:
    """Give a proposal to a colleague of the same board (or take the assignment away with ``assignee=None``)."""
    _require(actor, practice, "assign", _("Chỉ cơ quan xét duyệt mô hình này mới được phân công xử lý."))
    if assignee is not None and not board_colleagues(practice.board).filter(pk=assignee.pk).exists():
        raise DomainError(_("Chỉ phân công được cho cán bộ cùng cơ quan xét duyệt."))
    with transaction.atomic():
        Practice.objects.select_for_update().get(pk=practice.pk)  # two colleagues assigning at once: one after
        current = ReviewAssignment.objects.filter(practice=practice).first()
        old = current.assignee_id if current else None
        new = assignee.pk if assignee is not None else None
        if old == new:
            return current
        if assignee is None:
            current.delete()
            result = None
            obj = practice
        else:
            result, _created = ReviewAssignment.objects.update_or_create(
                practice=practice, defaults={"assignee": assignee, "assigned_by": actor}
            )
            obj = result
        audit_log(
            action=REVIEW_ASSIGNED,
            actor=actor,
            obj=obj,
            changes={"practice": [None, practice.pk], "assignee": [old, new]},
        )
        if assignee is not None and assignee.pk != actor.pk:
            notify_users(
                users=[assignee],
                practice=practice,
                action=REVIEW_ASSIGNED,
                message=_("%(actor)s phân công đồng chí xử lý hồ sơ “%(title)s”.")
                % {"actor": person_name(actor), "title": practice.title},
            )
    return result


def attachment_set_public(*, attachment: Attachment, actor: AbstractBaseUser, public: bool) -> Attachment:
    """The board shows (or stops showing) a photo on the practice's public page."""
    _require(actor, attachment.practice, "publish", _("Chỉ cơ quan xét duyệt mới được chọn ảnh công khai của mô hình."))
    if public and not attachment.content_type.startswith("image/"):
        raise DomainError(_("Chỉ công khai được tệp ảnh (JPEG, PNG)."))
    with transaction.atomic():
        locked = Attachment.objects.select_for_update().get(pk=attachment.pk)
        if locked.public == public:
            return locked
        locked.public = public
        locked.save(update_fields=["public"])
        audit_log(
            action=ATTACHMENT_PUBLISHED if public else ATTACHMENT_UNPUBLISHED,
            actor=actor,
            obj=locked,
            practice=locked.practice,
            changes={"public": [not public, public]},
        )
    return locked
