"""Write services. Views, forms, admin and tasks call these; they never change a state field themselves."""

from .attachments import attachment_add
from .audit import audit_log
from .decisions import commendation_record, decision_issue, practice_recognize_provincial, recognition_mark_outstanding
from .drafts import practice_create_with_files, practice_delete_draft
from .notifications import notification_mark_read, notifications_mark_all_read, notify_users
from .practices import (
    practice_create,
    practice_discontinue,
    practice_propose,
    practice_reject,
    practice_return,
    practice_submit,
    practice_update,
    practice_withdraw,
)

__all__ = [
    "attachment_add",
    "audit_log",
    "commendation_record",
    "decision_issue",
    "notification_mark_read",
    "notifications_mark_all_read",
    "notify_users",
    "practice_create",
    "practice_create_with_files",
    "practice_delete_draft",
    "practice_discontinue",
    "practice_propose",
    "practice_recognize_provincial",
    "practice_reject",
    "practice_return",
    "practice_submit",
    "practice_update",
    "practice_withdraw",
    "recognition_mark_outstanding",
]
