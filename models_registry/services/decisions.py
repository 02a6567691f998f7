"""Recognition decisions, provincial recognition, outstanding marks and commendations."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ..errors import DomainError
from ..models import Commendation, Decision, Practice, PracticeState, Recognition, RecognitionLevel
from ..models.units import Role, has_role
from .audit import audit_log
from .notifications import notify_users, unit_officers
from .practices import practice_recognize_locked


def decision_issue(*, actor, board, practices, number, date, signer, scanned_file=None, outstanding_ids=()):
    """Issue one district-level decision recognizing every given proposed practice of ``board``.

    All or nothing: if any practice is no longer proposed (another reviewer acted first), nothing is saved.
    """
    if not (actor.is_superuser or has_role(actor, Role.REVIEWER, board)):
        raise DomainError(_("Bạn không có quyền ban hành quyết định của Ban này."))
    ids = sorted({p.pk for p in practices})
    if not ids:
        raise DomainError(_("Vui lòng chọn ít nhất một mô hình để công nhận."))
    number = (number or "").strip()
    if not number:
        raise DomainError(_("Vui lòng nhập số quyết định."))
    try:
        with transaction.atomic():
            # Lock in id order so that two reviewers' decisions cannot deadlock each other.
            locked = list(Practice.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
            if len(locked) != len(ids) or any(p.board_id != board.pk for p in locked):
                raise DomainError(_("Có mô hình không thuộc quyền xét duyệt của Ban."))
            not_proposed = [p for p in locked if p.state != PracticeState.PROPOSED]
            if not_proposed:
                raise DomainError(
                    _("Không thể công nhận: “%(title)s” hiện ở trạng thái “%(state)s” (có thể người khác vừa xử lý).")
                    % {"title": not_proposed[0].title, "state": not_proposed[0].get_state_display()}
                )
            decision = Decision.objects.create(
                number=number,
                date=date,
                board=board,
                signer=signer,
                level=RecognitionLevel.DISTRICT,
                scanned_file=scanned_file or "",
                created_by=actor,
            )
            audit_log(
                action="decision.issued",
                actor=actor,
                obj=decision,
                changes={"number": [None, number], "practices": [None, ids]},
            )
            for practice in locked:
                practice_recognize_locked(practice, actor=actor)
                Recognition.objects.create(
                    practice=practice,
                    decision=decision,
                    level=RecognitionLevel.DISTRICT,
                    outstanding=practice.pk in set(outstanding_ids),
                )
                notify_users(
                    users=unit_officers(practice.unit),
                    practice=practice,
                    action="practice.recognized",
                    message=_("Mô hình “%(title)s” đã được công nhận theo %(decision)s.")
                    % {"title": practice.title, "decision": decision},
                )
    except IntegrityError as error:
        raise DomainError(_("Số quyết định %(number)s đã được dùng.") % {"number": number}) from error
    return decision


def practice_recognize_provincial(*, actor, province, practices, number, date, signer, scanned_file=None):
    """The provincial board recognizes, at provincial level, practices already recognized by their district."""
    if not (actor.is_superuser or has_role(actor, Role.PROVINCIAL, province)):
        raise DomainError(_("Chỉ Ban Dân vận Tỉnh ủy mới công nhận cấp tỉnh."))
    ids = sorted({p.pk for p in practices})
    if not ids:
        raise DomainError(_("Vui lòng chọn ít nhất một mô hình để công nhận."))
    try:
        with transaction.atomic():
            locked = list(Practice.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
            for practice in locked:
                if not practice.unit.path.startswith(province.path):
                    raise DomainError(_("Có mô hình không thuộc tỉnh."))
                if practice.state != PracticeState.RECOGNIZED:
                    raise DomainError(_("“%(title)s” chưa được cấp huyện công nhận.") % {"title": practice.title})
                if practice.recognitions.filter(level=RecognitionLevel.PROVINCIAL).exists():
                    raise DomainError(_("“%(title)s” đã được công nhận cấp tỉnh.") % {"title": practice.title})
            decision = Decision.objects.create(
                number=number.strip(),
                date=date,
                board=province,
                signer=signer,
                level=RecognitionLevel.PROVINCIAL,
                scanned_file=scanned_file or "",
                created_by=actor,
            )
            audit_log(
                action="decision.issued",
                actor=actor,
                obj=decision,
                changes={"number": [None, decision.number], "level": [None, "provincial"], "practices": [None, ids]},
            )
            for practice in locked:
                Recognition.objects.create(practice=practice, decision=decision, level=RecognitionLevel.PROVINCIAL)
                audit_log(
                    action="practice.recognized_provincial",
                    actor=actor,
                    obj=practice,
                    practice=practice,
                    changes={"decision": [None, decision.number]},
                )
                notify_users(
                    users=unit_officers(practice.unit),
                    practice=practice,
                    action="practice.recognized_provincial",
                    message=_("Mô hình “%(title)s” được công nhận cấp tỉnh theo %(decision)s.")
                    % {"title": practice.title, "decision": decision},
                )
    except IntegrityError as error:
        raise DomainError(_("Số quyết định %(number)s đã được dùng.") % {"number": number}) from error
    return decision


def recognition_mark_outstanding(*, actor, practice, outstanding=True):
    """Mark (or unmark) a recognized practice as outstanding (tiêu biểu)."""
    if not (
        actor.is_superuser
        or has_role(actor, Role.REVIEWER, practice.board)
        or has_role(actor, Role.PROVINCIAL, practice.unit)
    ):
        raise DomainError(_("Bạn không có quyền đánh giá mô hình này."))
    with transaction.atomic():
        Practice.objects.select_for_update().get(pk=practice.pk)
        recognition = practice.recognitions.filter(level=RecognitionLevel.DISTRICT).first()
        if recognition is None or practice.state != PracticeState.RECOGNIZED:
            raise DomainError(_("Chỉ mô hình đã được công nhận mới có thể đánh dấu tiêu biểu."))
        if recognition.outstanding != outstanding:
            Recognition.objects.filter(pk=recognition.pk).update(outstanding=outstanding)
            audit_log(
                action="practice.outstanding_marked" if outstanding else "practice.outstanding_unmarked",
                actor=actor,
                obj=practice,
                practice=practice,
                changes={"outstanding": [recognition.outstanding, outstanding]},
            )
    return recognition


def commendation_record(*, actor, practice, form, issuer, date, decision_number=""):
    """Record a commendation (khen thưởng) given to a practice."""
    if not (
        actor.is_superuser
        or has_role(actor, Role.REVIEWER, practice.board)
        or has_role(actor, Role.PROVINCIAL, practice.unit)
    ):
        raise DomainError(_("Bạn không có quyền ghi nhận khen thưởng cho mô hình này."))
    if practice.state not in (PracticeState.RECOGNIZED, PracticeState.DISCONTINUED):
        raise DomainError(_("Chỉ ghi nhận khen thưởng cho mô hình đã được công nhận."))
    with transaction.atomic():
        commendation = Commendation.objects.create(
            practice=practice, form=form, issuer=issuer, date=date, decision_number=decision_number, created_by=actor
        )
        audit_log(
            action="practice.commended",
            actor=actor,
            obj=practice,
            practice=practice,
            changes={"commendation": [None, f"{form} — {issuer}"]},
        )
    return commendation
