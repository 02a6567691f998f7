"""What happens next to a practice: who acts (the unit, or the board by the name people use) and by when.

The dates come from the rules the portal already follows, not from new settings:
- a proposal should be decided within ``LATE_AFTER_DAYS`` (the queue marks it late after that);
- a returned proposal gets the same time to come back completed;
- a registered practice is due for its proposal by its own evaluation date (ngày đánh giá), when it has one;
- a recognized practice is checked once a year, in time for the annual report, whose cut-off is 14/12
  (DESIGN §5; the yearly check of ``selectors.board``).
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from ..bodies import document_identity
from ..models import Practice, PracticeState, YearlyCheck
from .review import LATE_AFTER_DAYS

ANNUAL_CUTOFF = (12, 14)  # 14/12: the annual report counts up to this day (reporting.periods)


@dataclass(frozen=True)
class NextStep:
    """Who acts next on a practice and what they do; ``due`` None when no date applies."""

    actor: str  # "Phường An Lưu", "Ban Dân vận Thị ủy Kinh Môn"
    action: str  # what that actor does, in a sentence
    due: datetime.date | None = None
    board: str = ""  # the body that reviews the practice (for the page's explanations)
    unit_acts: bool = False  # the registering unit acts (else the board, or nobody)

    @property
    def days_left(self):
        """Days until ``due`` (negative once it has passed); None without a date."""
        return None if self.due is None else (self.due - timezone.localdate()).days

    @property
    def late(self):
        return self.days_left is not None and self.days_left < 0

    @property
    def days_late(self):
        return -self.days_left if self.late else 0


def _date(moment):
    return timezone.localdate(moment) if moment else timezone.localdate()


def _yearly_check_due(practice, today):
    """The 14/12 by which the board checks a recognized practice this year, or next year if already checked."""
    recognized_year = _date(practice.recognized_at).year
    year = max(today.year, recognized_year + 1)
    if year == today.year and YearlyCheck.objects.filter(practice=practice, year=year).exists():
        year += 1
    return datetime.date(year, *ANNUAL_CUTOFF)


def practice_next_step(
    *, practice: Practice, board: str | None = None, today: datetime.date | None = None
) -> NextStep | None:
    """The next step of ``practice`` in its state; None once its story has ended (withdrawn, not recognized…).

    ``board``: the reviewing body's name if the caller has it; else two queries (``document_identity``). One
    more query for a recognized practice (its yearly check).
    """
    today = today or timezone.localdate()
    state = practice.state
    if state in (PracticeState.WITHDRAWN, PracticeState.NOT_RECOGNIZED, PracticeState.DISCONTINUED):
        return None
    board = board or document_identity(practice.board).body_name
    unit = practice.unit.name
    if state == PracticeState.DRAFT:
        return NextStep(
            actor=unit,
            unit_acts=True,
            board=board,
            action=_(
                "Hoàn thiện thông tin, đính kèm minh chứng rồi bấm “Đăng ký” để gửi tới %(board)s. Bản nháp chưa "
                "được gửi: %(board)s chưa nhìn thấy mô hình này."
            )
            % {"board": board},
            due=practice.start_date if practice.start_date and practice.start_date >= today else None,
        )
    if state == PracticeState.REGISTERED:
        return NextStep(
            actor=unit,
            unit_acts=True,
            board=board,
            action=_("Triển khai mô hình; khi có kết quả, gửi đề nghị công nhận tới %(board)s.") % {"board": board},
            due=practice.evaluation_date,
        )
    if state == PracticeState.PROPOSED:
        return NextStep(
            actor=board,
            board=board,
            action=_("Xem xét đề nghị: công nhận, hoặc trả lại để bổ sung kèm lý do."),
            due=_date(practice.proposed_at) + datetime.timedelta(days=LATE_AFTER_DAYS),
        )
    if state == PracticeState.RETURNED:
        return NextStep(
            actor=unit,
            unit_acts=True,
            board=board,
            action=_("Bổ sung theo ý kiến của %(board)s rồi gửi lại đề nghị công nhận.") % {"board": board},
            due=_date(practice.returned_at) + datetime.timedelta(days=LATE_AFTER_DAYS),
        )
    return NextStep(  # recognized
        actor=board,
        board=board,
        action=_("Kiểm tra, đánh giá hằng năm việc duy trì mô hình (trước kỳ báo cáo năm)."),
        due=_yearly_check_due(practice, today),
    )
