"""Recognition decisions, provincial recognition, outstanding marks and commendations."""

import datetime
from collections.abc import Iterable
from contextlib import contextmanager

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ..bodies import document_identity, reviewing_body_name
from ..errors import DomainError
from ..models import Commendation, Decision, Practice, PracticeState, Recognition, RecognitionLevel, Unit
from ..models.audit import (
    DECISION_ISSUED,
    PRACTICE_COMMENDED,
    PRACTICE_OUTSTANDING_MARKED,
    PRACTICE_OUTSTANDING_UNMARKED,
    PRACTICE_RECOGNIZED,
    PRACTICE_RECOGNIZED_PROVINCIAL,
)
from ..names import practice_phrase
from ..permissions import may_issue_decision, may_recognize_provincial, officers_of, practice_rights
from .audit import audit_log
from .notifications import notify_users
from .practices import practice_recognize_locked


def _decision_fields(*, actor, number, date, signer, scanned_file) -> dict:
    """The decision's own fields, checked and trimmed, for ``_issuing``."""
    # No number: the numbering register gives the next one when the decision is issued (documents app).
    number = (number or "").strip()
    if date is None:
        raise DomainError(_("Vui lòng nhập ngày ký quyết định."))
    signer = (signer or "").strip()
    if not signer:
        raise DomainError(_("Vui lòng nhập người ký quyết định."))
    return {"actor": actor, "number": number, "date": date, "signer": signer, "scanned_file": scanned_file}


def _check_number_free(board, number, date):
    """A clear message for a number this board already used in the committee term of ``date``.

    Numbers start again from 01 each term, so the same text in another term is another decision. Decisions
    recorded before the register (imported, typed by hand) are checked here; the register's constraints
    guard the numbers it gives against races.
    """
    from documents.services.numbering import term_for

    term = term_for(issuer=board, on=date)
    same = Decision.objects.filter(board=board, number__iexact=number, date__gte=term.start)
    if term.end:
        same = same.filter(date__lte=term.end)
    if same.exists():
        raise DomainError(
            _(
                "Số quyết định %(number)s đã được %(board)s sử dụng trong nhiệm kỳ %(term)s. "
                "Vui lòng kiểm tra lại số quyết định."
            )
            % {"number": number, "board": board, "term": term.name}
        )


def _discard_file(decision):
    """Remove a scanned file written to storage by a decision whose transaction was rolled back."""
    field_file = decision.scanned_file if decision is not None else None
    if field_file and getattr(field_file, "_committed", False) and field_file.name:
        field_file.storage.delete(field_file.name)


def _new_decision(*, actor, board, level, number, date, signer, scanned_file, practice_ids):
    """Save the decision row, its register entry and its ``decision.issued`` audit event (inside the caller's
    transaction). Without ``number`` the register gives the next one of the board's term, under its lock."""
    from documents.services.numbering import number_take

    if number:
        _check_number_free(board, number, date)
    entry = number_take(
        issuer=board,
        doc_type="QĐ",
        on=date,
        subject=_("Về việc công nhận mô hình, điển hình “Dân vận khéo” (%(n)s mô hình, điển hình)")
        % {"n": len(practice_ids)},
        actor=actor,
        number=number,
    )
    number = entry.number
    decision = Decision(
        number=number,
        date=date,
        board=board,
        signer=signer,
        level=level,
        scanned_file=scanned_file or "",
        created_by=actor,
    )
    try:
        decision.save()  # writes the scanned file to storage first
    except BaseException:
        _discard_file(decision)  # the caller has no reference yet to clean up after a failed save
        raise
    entry.decision = decision
    entry.save(update_fields=["decision"])
    audit_log(
        action=DECISION_ISSUED,
        actor=actor,
        obj=decision,
        changes={"number": [None, number], "level": [None, level], "practices": [None, practice_ids]},
    )
    return decision


@contextmanager
def _issuing(*, board, level, **fields):
    """One transaction for a decision and all it records: yields ``save(practice_ids=...)``, which writes the
    decision (``_new_decision`` with ``fields`` from ``_decision_fields``) once the caller has locked and checked
    its practices. On a rollback the scanned file it wrote is removed; a number taken meanwhile (the unique
    constraint) is a clear message."""
    saved = []

    def save(*, practice_ids):
        saved.append(_new_decision(board=board, level=level, practice_ids=practice_ids, **fields))
        return saved[0]

    try:
        with transaction.atomic():
            yield save
    except IntegrityError as error:
        _discard_file(saved[0] if saved else None)
        raise DomainError(_("Số quyết định %(number)s đã được dùng.") % {"number": fields["number"]}) from error
    except BaseException:
        _discard_file(saved[0] if saved else None)
        raise


def decision_issue(
    *,
    actor: AbstractBaseUser,
    board: Unit,
    practices: Iterable[Practice],
    number: str,
    date: datetime.date,
    signer: str,
    scanned_file: File | None = None,
    outstanding_ids: Iterable[int | str] = (),
) -> Decision:
    """Issue one district-level decision recognizing every given proposed practice of ``board``.

    All or nothing: if any practice is no longer proposed (another reviewer acted first), nothing is saved.
    """
    if not may_issue_decision(actor, board):
        raise DomainError(_("Bạn không có quyền ban hành quyết định của Ban này."))
    ids = sorted({p.pk for p in practices})
    if not ids:
        raise DomainError(_("Vui lòng chọn ít nhất một mô hình để công nhận."))
    fields = _decision_fields(actor=actor, number=number, date=date, signer=signer, scanned_file=scanned_file)
    # Form values arrive as strings; a practice is outstanding only if it is one of the recognized ones.
    outstanding = {int(pk) for pk in outstanding_ids} & set(ids)
    with _issuing(board=board, level=RecognitionLevel.DISTRICT, **fields) as save_decision:
        # Lock in id order so that two reviewers' decisions cannot deadlock each other.
        locked = list(Practice.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
        if len(locked) != len(ids) or any(p.board_id != board.pk for p in locked):
            raise DomainError(_("Có mô hình không thuộc quyền xét duyệt của Ban."))
        not_proposed = [p for p in locked if p.state != PracticeState.PROPOSED]
        if not_proposed:
            raise DomainError(
                _(
                    "Không thể công nhận: “%(title)s” hiện ở trạng thái “%(state)s” (có thể người khác vừa xử lý). "
                    "Quyết định chưa được lưu."
                )
                % {"title": not_proposed[0].title, "state": not_proposed[0].get_state_display()}
            )
        decision = save_decision(practice_ids=ids)
        for practice in locked:
            practice_recognize_locked(practice=practice, actor=actor)
            Recognition.objects.create(
                practice=practice,
                decision=decision,
                level=RecognitionLevel.DISTRICT,
                outstanding=practice.pk in outstanding,
            )
            notify_users(
                users=officers_of(practice.unit),
                practice=practice,
                action=PRACTICE_RECOGNIZED,
                message=_("%(practice)s đã được công nhận theo %(decision)s.")
                % {"practice": practice_phrase(practice, start=True), "decision": decision},
            )
    return decision


def practice_recognize_provincial(
    *,
    actor: AbstractBaseUser,
    province: Unit,
    practices: Iterable[Practice],
    number: str,
    date: datetime.date,
    signer: str,
    scanned_file: File | None = None,
) -> Decision:
    """The provincial board recognizes, at provincial level, practices already recognized by their district."""
    if not may_recognize_provincial(actor, province):
        raise DomainError(_("Chỉ cơ quan cấp tỉnh, thành phố mới công nhận ở cấp này."))
    ids = sorted({p.pk for p in practices})
    if not ids:
        raise DomainError(_("Vui lòng chọn ít nhất một mô hình để công nhận."))
    fields = _decision_fields(actor=actor, number=number, date=date, signer=signer, scanned_file=scanned_file)
    # "cấp tỉnh", or "cấp thành phố" for the city after the reform: the level in the words of the body that signs.
    level_name = document_identity(province, on=date).level_name
    with _issuing(board=province, level=RecognitionLevel.PROVINCIAL, **fields) as save_decision:
        locked = list(
            Practice.objects.select_for_update(of=("self",)).select_related("unit").filter(pk__in=ids).order_by("pk")
        )
        if len(locked) != len(ids):
            raise DomainError(_("Có mô hình không còn tồn tại."))
        already = set(
            Recognition.objects.filter(practice_id__in=ids, level=RecognitionLevel.PROVINCIAL).values_list(
                "practice_id", flat=True
            )
        )
        for practice in locked:
            if not practice.unit.path.startswith(province.path):
                raise DomainError(_("Có mô hình không thuộc tỉnh."))
            if practice.state != PracticeState.RECOGNIZED:
                raise DomainError(
                    _("“%(title)s” chưa được %(body)s công nhận.")
                    % {"title": practice.title, "body": reviewing_body_name(practice)}
                )
            if practice.pk in already:
                raise DomainError(
                    _("“%(title)s” đã được công nhận %(level)s.") % {"title": practice.title, "level": level_name}
                )
        decision = save_decision(practice_ids=ids)
        for practice in locked:
            Recognition.objects.create(practice=practice, decision=decision, level=RecognitionLevel.PROVINCIAL)
            audit_log(
                action=PRACTICE_RECOGNIZED_PROVINCIAL,
                actor=actor,
                obj=practice,
                practice=practice,
                changes={"decision": [None, decision.number]},
            )
            notify_users(
                users=officers_of(practice.unit),
                practice=practice,
                action=PRACTICE_RECOGNIZED_PROVINCIAL,
                message=_("%(practice)s được công nhận %(level)s theo %(decision)s.")
                % {"practice": practice_phrase(practice, start=True), "level": level_name, "decision": decision},
            )
    return decision


def recognition_mark_outstanding(
    *, actor: AbstractBaseUser, practice: Practice, outstanding: bool = True
) -> Recognition:
    """Mark (or unmark) a recognized practice as outstanding (tiêu biểu)."""
    if "mark_outstanding" not in practice_rights(actor, practice):
        raise DomainError(_("Bạn không có quyền đánh giá mô hình này."))
    with transaction.atomic():
        # Judge the state under the lock, not the caller's copy: it may have been discontinued meanwhile.
        locked = Practice.objects.select_for_update().get(pk=practice.pk)
        recognition = locked.recognitions.filter(level=RecognitionLevel.DISTRICT).first()
        if recognition is None or locked.state != PracticeState.RECOGNIZED:
            raise DomainError(_("Chỉ mô hình đã được công nhận mới có thể đánh dấu tiêu biểu."))
        if recognition.outstanding != outstanding:
            Recognition.objects.filter(pk=recognition.pk).update(outstanding=outstanding)
            audit_log(
                action=PRACTICE_OUTSTANDING_MARKED if outstanding else PRACTICE_OUTSTANDING_UNMARKED,
                actor=actor,
                obj=locked,
                practice=locked,
                changes={"outstanding": [recognition.outstanding, outstanding]},
            )
            recognition.outstanding = outstanding
    return recognition


def commendation_record(
    *,
    actor: AbstractBaseUser,
    practice: Practice,
    form: str,
    issuer: str,
    date: datetime.date | None,
    decision_number: str = "",
) -> Commendation:
    """Record a commendation (khen thưởng) given to a practice."""
    if "commend" not in practice_rights(actor, practice):
        raise DomainError(_("Bạn không có quyền ghi nhận khen thưởng cho mô hình này."))
    form, issuer, decision_number = (form or "").strip(), (issuer or "").strip(), (decision_number or "").strip()
    if not form or not issuer or date is None:
        raise DomainError(_("Vui lòng nhập hình thức khen thưởng, cấp khen và ngày khen."))
    with transaction.atomic():
        locked = Practice.objects.select_for_update().get(pk=practice.pk)
        if locked.state not in (PracticeState.RECOGNIZED, PracticeState.DISCONTINUED):
            raise DomainError(_("Chỉ ghi nhận khen thưởng cho mô hình đã được công nhận."))
        commendation = Commendation.objects.create(
            practice=locked, form=form, issuer=issuer, date=date, decision_number=decision_number, created_by=actor
        )
        audit_log(
            action=PRACTICE_COMMENDED,
            actor=actor,
            obj=locked,
            practice=locked,
            changes={"commendation": [None, f"{form} — {issuer}"]},
        )
    return commendation
