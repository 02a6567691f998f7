"""The append-only audit log and in-app notifications."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# Every audit action, registered once with its label in the user's words (the practice timeline, the admin).
# Dotted names: ``<thing>.<what happened>``; a service writes only names registered here.
AUDIT_ACTIONS: dict[str, str] = {}


def register_action(name: str, label) -> str:
    """Register an audit action name and its label; returns the name, for the services to use."""
    if name in AUDIT_ACTIONS:
        raise ValueError(f"Audit action {name!r} is registered twice.")
    AUDIT_ACTIONS[name] = label
    return name


PRACTICE_CREATED = register_action("practice.created", _("Tạo bản nháp"))
PRACTICE_UPDATED = register_action("practice.updated", _("Cập nhật thông tin"))
PRACTICE_DRAFT_DELETED = register_action("practice.draft_deleted", _("Xóa bản nháp"))
# The transitions write "practice.<state reached>" (services/practices.py ``_move``).
register_action("practice.registered", _("Đăng ký mô hình"))
PRACTICE_PROPOSED = register_action("practice.proposed", _("Đề nghị công nhận"))
register_action("practice.returned", _("Trả lại để bổ sung"))
register_action("practice.not_recognized", _("Không công nhận"))
PRACTICE_RECOGNIZED = register_action("practice.recognized", _("Công nhận"))
PRACTICE_RECOGNIZED_PROVINCIAL = register_action("practice.recognized_provincial", _("Công nhận cấp tỉnh"))
register_action("practice.withdrawn", _("Rút đăng ký"))
register_action("practice.discontinued", _("Ghi nhận không còn duy trì"))
PRACTICE_OUTSTANDING_MARKED = register_action("practice.outstanding_marked", _("Đánh dấu tiêu biểu"))
PRACTICE_OUTSTANDING_UNMARKED = register_action("practice.outstanding_unmarked", _("Bỏ đánh dấu tiêu biểu"))
PRACTICE_COMMENDED = register_action("practice.commended", _("Ghi nhận khen thưởng"))
ATTACHMENT_ADDED = register_action("attachment.added", _("Đính kèm tệp"))
DECISION_ISSUED = register_action("decision.issued", _("Ban hành quyết định công nhận"))
REPORT_REQUESTED = register_action("report.requested", _("Yêu cầu lập báo cáo"))
# The Excel import (services/imports.py): one event per practice or decision brought in, three per file.
PRACTICE_IMPORTED = register_action("practice.imported", _("Nhập từ tệp Excel"))
DECISION_IMPORTED = register_action("decision.imported", _("Nhập quyết định từ tệp Excel"))
IMPORT_UPLOADED = register_action("import.uploaded", _("Tải lên tệp Excel để nhập"))
IMPORT_CONFIRMED = register_action("import.confirmed", _("Xác nhận nhập tệp Excel"))
IMPORT_IMPORTED = register_action("import.imported", _("Đã nhập tệp Excel"))
REPORT_ISSUED = register_action("report.issued", _("Ban hành báo cáo (cấp số văn bản)"))
BOOK_REQUESTED = register_action("book.requested", _("Yêu cầu lập tuyển tập mô hình"))
# The accounts app (second factor).
USER_SECOND_FACTOR_ENROLLED = register_action("user.second_factor_enrolled", _("Bật xác thực hai bước"))
USER_BACKUP_CODES_RENEWED = register_action("user.backup_codes_renewed", _("Cấp lại mã dự phòng"))
USER_SECOND_FACTOR_REMOVED = register_action("user.second_factor_removed", _("Tắt xác thực hai bước"))
USER_SECOND_FACTOR_RESET = register_action("user.second_factor_reset", _("Đặt lại xác thực hai bước"))
USER_PASSWORD_RESET = register_action("user.password_reset", _("Cấp lại mật khẩu"))
# Applying an administrative reform (services/reform.py).
PRACTICE_MOVED = register_action("practice.moved", _("Chuyển sang đơn vị mới sau sắp xếp đơn vị hành chính"))
MEMBERSHIP_MOVED = register_action("membership.moved", _("Chuyển cán bộ sang đơn vị mới sau sắp xếp"))
# The board's year (services/board.py): the yearly check and photos shown on the public page go on the practice's
# timeline; notes and assignments are the board's own and are logged without the practice (not on its timeline).
PRACTICE_CHECKED = register_action("practice.checked", _("Kiểm tra hằng năm"))
ATTACHMENT_PUBLISHED = register_action("attachment.published", _("Công khai ảnh trên trang giới thiệu"))
ATTACHMENT_UNPUBLISHED = register_action("attachment.unpublished", _("Thôi công khai ảnh"))
REVIEW_NOTE_ADDED = register_action("review.note_added", _("Ghi chú nội bộ"))
REVIEW_ASSIGNED = register_action("review.assigned", _("Phân công xử lý hồ sơ"))
SUCCESSOR_CHOSEN = register_action("reform.successor_chosen", _("Chọn đơn vị mới sau sắp xếp đơn vị hành chính"))


def practice_action(state: str) -> str:
    """The audit action of a transition: the state it reached ("practice.proposed")."""
    return f"practice.{state}"


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("Audit events are append-only.")

    def delete(self):
        raise TypeError("Audit events are append-only.")


class AuditEvent(models.Model):
    """One thing that happened (nhật ký): who did what, when (UTC), to which object, and what changed."""

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(_("hành động"), max_length=60, db_index=True)  # e.g. "practice.proposed"
    created_at = models.DateTimeField(_("thời gian"), auto_now_add=True, db_index=True)
    practice = models.ForeignKey(
        "models_registry.Practice", null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=40)
    changes = models.JSONField(_("thay đổi"), default=dict, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhật ký")
        verbose_name_plural = _("nhật ký")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Audit events are append-only.")

    @property
    def label(self):
        """The action in the user's words (its registered label; the raw name if it is not registered)."""
        return AUDIT_ACTIONS.get(self.action, self.action)


class Notification(models.Model):
    """An in-app notification (thông báo) for one user."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    practice = models.ForeignKey(
        "models_registry.Practice", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    action = models.CharField(max_length=60)
    message = models.TextField()
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # The e-mail copy goes through Celery; while the broker or the mail server is down it stays pending and
    # the periodic sweep (notifications_send_pending) sends it later.
    email_pending = models.BooleanField(default=False)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(
                fields=["created_at"], condition=models.Q(email_pending=True), name="notification_email_pending"
            ),
        ]

    def __str__(self):
        return self.message
