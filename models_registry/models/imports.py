"""Excel imports of existing practices (nhập mô hình từ tệp Excel): one row per uploaded file."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .units import Unit


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ kiểm tra")
    CHECKING = "checking", _("Đang kiểm tra")
    CHECKED = "checked", _("Đã kiểm tra, chờ xác nhận")
    REFUSED = "refused", _("Tệp bị từ chối")
    IMPORTING = "importing", _("Đang nhập")
    IMPORTED = "imported", _("Đã nhập")
    FAILED = "failed", _("Nhập không thành công")


# Every status change goes through models_registry.services.imports; succeeded and refused rows are final
# (the user fixes the file and uploads it again: a new row).
IMPORT_TRANSITIONS = {
    ImportStatus.QUEUED: {ImportStatus.CHECKING, ImportStatus.REFUSED},
    ImportStatus.CHECKING: {ImportStatus.CHECKED, ImportStatus.REFUSED, ImportStatus.CHECKING},
    ImportStatus.CHECKED: {ImportStatus.IMPORTING},
    ImportStatus.IMPORTING: {ImportStatus.IMPORTED, ImportStatus.FAILED},
    ImportStatus.IMPORTED: set(),
    ImportStatus.REFUSED: set(),
    ImportStatus.FAILED: set(),
}
IMPORT_FINAL_STATUSES = {ImportStatus.IMPORTED, ImportStatus.REFUSED, ImportStatus.FAILED}
IMPORT_BUSY_STATUSES = {ImportStatus.QUEUED, ImportStatus.CHECKING, ImportStatus.IMPORTING}


class ImportBatch(models.Model):
    """One uploaded Excel file of practices (lô nhập): checked into a preview, then imported all at once.

    ``unit`` is the scope the rows are matched in (the importer's board or province). ``preview`` holds the
    outcome of the check, row by row, with every problem; the import itself re-checks the stored file.
    """

    unit = models.ForeignKey(Unit, verbose_name=_("phạm vi"), on_delete=models.PROTECT, related_name="imports")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    file = models.FileField(_("tệp Excel"), upload_to="imports/%Y/%m/", max_length=300)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveIntegerField(_("dung lượng"), default=0)
    sha256 = models.CharField(max_length=64, blank=True)

    status = models.CharField(
        _("trạng thái"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.QUEUED, db_index=True
    )
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    error = models.TextField(_("lỗi"), blank=True)
    row_count = models.PositiveIntegerField(_("số dòng"), default=0)
    counts = models.JSONField(_("tổng hợp"), default=dict, blank=True)
    preview = models.JSONField(_("kết quả kiểm tra"), default=list, blank=True)
    # The table as read from the file (reader.Sheet.to_json): the import re-checks it without parsing the file again.
    sheet = models.JSONField(default=dict, blank=True, editable=False)

    created_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True, db_index=True)
    checked_at = models.DateTimeField(_("kiểm tra xong lúc"), null=True, blank=True)
    started_at = models.DateTimeField(_("bắt đầu nhập lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("nhập xong lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("lô nhập Excel")
        verbose_name_plural = _("lô nhập Excel")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.original_name} ({self.get_status_display()})"

    @property
    def is_final(self):
        return self.status in IMPORT_FINAL_STATUSES

    @property
    def is_busy(self):
        return self.status in IMPORT_BUSY_STATUSES

    @property
    def can_confirm(self):
        counts = self.counts or {}
        return (
            self.status == ImportStatus.CHECKED
            and not counts.get("errors")
            and bool(counts.get("create") or counts.get("update"))
        )
