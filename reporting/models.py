"""Periodic reports (báo cáo sơ kết 6 tháng, báo cáo năm, báo cáo tổng hợp của tỉnh)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from models_registry.models import Unit, UnitLevel


class ReportPeriod(models.TextChoices):
    H1 = "h1", _("Sơ kết 6 tháng")
    YEAR = "year", _("Tổng kết năm")


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang lập")
    SUCCEEDED = "succeeded", _("Hoàn thành")
    FAILED = "failed", _("Lỗi")


# Every status change goes through reporting.services / reporting.tasks and must be listed here.
# running -> queued is the bounded retry of a transient error; succeeded and failed are final
# (a new report is a new version, never a reopened row).
TRANSITIONS = {
    ReportStatus.QUEUED: {ReportStatus.RUNNING, ReportStatus.FAILED},
    ReportStatus.RUNNING: {ReportStatus.SUCCEEDED, ReportStatus.FAILED, ReportStatus.QUEUED, ReportStatus.RUNNING},
    ReportStatus.SUCCEEDED: set(),
    ReportStatus.FAILED: set(),
}
FINAL_STATUSES = {ReportStatus.SUCCEEDED, ReportStatus.FAILED}
STATUS_TIMESTAMP = {
    ReportStatus.QUEUED: "queued_at",
    ReportStatus.RUNNING: "started_at",
    ReportStatus.SUCCEEDED: "finished_at",
    ReportStatus.FAILED: "failed_at",
}


class ReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The only door into reports for views: the unit must lie in a reviewer or provincial membership's subtree."""
        from models_registry.permissions import report_scope_q

        return self.filter(report_scope_q(user, "unit__path"))


def report_upload_to(instance, filename):
    return f"reports/{instance.year}/{instance.unit.code}/{filename}"


class Report(models.Model):
    """A 6-month or annual report (báo cáo) of a district board, or the provincial summary (báo cáo tổng hợp).

    One row per version: regenerating creates a new version and older files stay downloadable. The task
    in ``reporting.tasks`` fills the files, the checksum and the statistics snapshot the document shows.
    """

    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="reports")
    period = models.CharField(_("kỳ báo cáo"), max_length=10, choices=ReportPeriod.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    version = models.PositiveIntegerField(_("lần lập"), default=1)
    number = models.CharField(_("số văn bản"), max_length=30, blank=True)

    status = models.CharField(
        _("trạng thái"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.QUEUED, db_index=True
    )
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người yêu cầu"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Để trống: báo cáo lập tự động theo lịch."),
    )
    queued_at = models.DateTimeField(_("yêu cầu lúc"), null=True, blank=True)
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("hoàn thành lúc"), null=True, blank=True)
    failed_at = models.DateTimeField(_("lỗi lúc"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True, editable=False)
    # "host:pid" of the worker process that claimed the report; a redelivered task compares it to decide
    # whether the first worker is still alive.
    worker = models.CharField(max_length=200, blank=True, editable=False)
    attempts = models.PositiveSmallIntegerField(_("số lần chạy"), default=0)
    error = models.TextField(_("lỗi"), blank=True)

    file = models.FileField(_("tệp PDF"), upload_to=report_upload_to, blank=True, max_length=300)
    xlsx_file = models.FileField(_("tệp Excel"), upload_to=report_upload_to, blank=True, max_length=300)
    page_count = models.PositiveIntegerField(_("số trang"), null=True, blank=True)
    sha256 = models.CharField(_("mã kiểm tra SHA-256"), max_length=64, blank=True)
    statistics = models.JSONField(_("số liệu"), default=dict, blank=True)

    # The board's narrative, typed before generating.
    leadership = models.TextField(_("công tác lãnh đạo, chỉ đạo, tuyên truyền"), blank=True)
    strengths = models.TextField(_("ưu điểm"), blank=True)
    shortcomings = models.TextField(_("hạn chế"), blank=True)
    causes = models.TextField(_("nguyên nhân"), blank=True)
    lessons = models.TextField(_("bài học kinh nghiệm"), blank=True)
    directions = models.TextField(_("phương hướng, nhiệm vụ thời gian tới"), blank=True)
    proposals = models.TextField(_("kiến nghị, đề xuất"), blank=True)
    # Who signs: the board's signer (models_registry.bodies) unless the board typed another name for this report.
    signer_name = models.CharField(_("họ tên người ký"), max_length=120, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("báo cáo")
        verbose_name_plural = _("báo cáo")
        ordering = ["-year", "period", "unit__path", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "period", "year", "version"], name="unique_report_version")
        ]
        indexes = [models.Index(fields=["status", "heartbeat_at"])]

    def __str__(self):
        return f"{self.get_period_display()} {self.year} — {self.unit} (v{self.version})"

    @property
    def is_summary(self):
        """The provincial summary covers every district of the province."""
        return self.unit.level == UnitLevel.PROVINCE

    @property
    def is_final(self):
        return self.status in FINAL_STATUSES

    def can_move_to(self, status):
        return status in TRANSITIONS[self.status]
