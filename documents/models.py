"""The numbering register (sổ đăng ký văn bản), committee terms and the books of models (tuyển tập)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from models_registry.models import Decision, Phase, Unit
from reporting.models import Report


class DocumentType(models.TextChoices):
    """Party document types and their symbols (Hướng dẫn 36-HD/VPTW): 'Số 12-BC/BDVHU', 'Số 05-QĐ/BDVHU'."""

    DECISION = "QĐ", _("Quyết định")
    REPORT = "BC", _("Báo cáo")
    PLAN = "KH", _("Kế hoạch")
    LETTER = "CV", _("Công văn")
    NOTICE = "TB", _("Thông báo")


class CommitteeTerm(models.Model):
    """A Party committee's term (nhiệm kỳ), e.g. Hải Phòng 2025–2030 from its congress of 27/9/2025.

    Party documents are numbered from 01 per document type within a term, so the term is part of the key of
    the register. ``unit`` is the unit whose committee (and board) issues the documents.
    """

    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="terms")
    name = models.CharField(_("nhiệm kỳ"), max_length=40, help_text=_("Ví dụ: 2025–2030"))
    start = models.DateField(_("bắt đầu"))
    end = models.DateField(_("kết thúc"), null=True, blank=True, help_text=_("Để trống nếu đang trong nhiệm kỳ."))
    assumed = models.BooleanField(
        _("mốc mặc định"),
        default=False,
        help_text=_("Hệ thống tự lập theo mốc mặc định vì chưa khai báo nhiệm kỳ; sửa lại ngày đại hội nếu cần."),
    )

    class Meta:
        verbose_name = _("nhiệm kỳ cấp ủy")
        verbose_name_plural = _("nhiệm kỳ cấp ủy")
        ordering = ["unit__path", "-start"]
        constraints = [models.UniqueConstraint(fields=["unit", "start"], name="unique_term_start")]

    def __str__(self):
        return f"{self.unit} — {_('nhiệm kỳ')} {self.name}"

    def covers(self, day):
        return self.start <= day and (self.end is None or day <= self.end)


class NumberCounter(models.Model):
    """The last number given by one issuer, for one document type, in one term (locked while a number is taken)."""

    issuer = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    doc_type = models.CharField(max_length=4, choices=DocumentType.choices)
    term = models.ForeignKey(CommitteeTerm, on_delete=models.PROTECT, related_name="counters")
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issuer", "doc_type", "term"], name="unique_number_counter"),
        ]

    def __str__(self):
        return f"{self.issuer} {self.doc_type} {self.term.name}: {self.last}"


class RegisterEntryQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Board documents: reviewers see their board's register, provincial staff their province's."""
        from models_registry.permissions import board_scope_q

        return self.filter(board_scope_q(user, "issuer__path"))


class RegisterEntry(models.Model):
    """One line of the numbering register (sổ đăng ký văn bản đi): a number given to one issued document.

    Numbers are taken under the counter's row lock inside the issuing transaction, so a number is never given
    twice and, when the issue fails, the number goes back with it (no gaps).
    """

    issuer = models.ForeignKey(Unit, verbose_name=_("cơ quan ban hành"), on_delete=models.PROTECT, related_name="+")
    doc_type = models.CharField(_("loại văn bản"), max_length=4, choices=DocumentType.choices)
    term = models.ForeignKey(CommitteeTerm, verbose_name=_("nhiệm kỳ"), on_delete=models.PROTECT, related_name="+")
    seq = models.PositiveIntegerField(_("số thứ tự"), null=True, blank=True)
    number = models.CharField(_("số, ký hiệu"), max_length=60)
    date = models.DateField(_("ngày văn bản"))
    subject = models.CharField(_("trích yếu"), max_length=400)
    manual = models.BooleanField(_("số nhập tay"), default=False)
    decision = models.OneToOneField(
        Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="register_entry"
    )
    report = models.OneToOneField(
        Report, null=True, blank=True, on_delete=models.PROTECT, related_name="register_entry"
    )
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    issued_at = models.DateTimeField(_("vào sổ lúc"), auto_now_add=True)

    objects = RegisterEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("sổ đăng ký văn bản")
        verbose_name_plural = _("sổ đăng ký văn bản")
        ordering = ["issuer__path", "term", "doc_type", "seq", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "doc_type", "term", "seq"],
                condition=Q(seq__isnull=False),
                name="unique_register_number",
            ),
            # A number typed by hand (a document issued on paper) need not start with its sequence number:
            # the same text is still never given twice by one issuer for one type in one term.
            models.UniqueConstraint(Lower("number"), "issuer", "doc_type", "term", name="unique_register_number_text"),
        ]
        indexes = [models.Index(fields=["issuer", "term", "doc_type", "seq"], name="register_issuer_idx")]

    def __str__(self):
        return self.number


class BookStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang lập")
    SUCCEEDED = "succeeded", _("Hoàn thành")
    FAILED = "failed", _("Lỗi")


class BookQuerySet(models.QuerySet):
    def visible_to(self, user):
        from models_registry.permissions import board_scope_q

        return self.filter(board_scope_q(user, "unit__path"))


def book_upload_to(instance, filename):
    return f"books/{instance.unit.code}/{filename}"


class Book(models.Model):
    """A book of models (Tuyển tập mô hình, điển hình “Dân vận khéo”) of one phase and one unit, built by Celery."""

    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="books")
    phase = models.ForeignKey(Phase, verbose_name=_("giai đoạn"), on_delete=models.PROTECT, related_name="books")
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=BookStatus.choices, default=BookStatus.QUEUED, db_index=True
    )
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người yêu cầu"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    queued_at = models.DateTimeField(_("yêu cầu lúc"), auto_now_add=True)
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("hoàn thành lúc"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True, editable=False)
    error = models.TextField(_("lỗi"), blank=True)
    file = models.FileField(_("tệp PDF"), upload_to=book_upload_to, blank=True, max_length=300)
    practice_count = models.PositiveIntegerField(_("số mô hình"), null=True, blank=True)
    page_count = models.PositiveIntegerField(_("số trang"), null=True, blank=True)

    objects = BookQuerySet.as_manager()

    class Meta:
        verbose_name = _("tuyển tập mô hình")
        verbose_name_plural = _("tuyển tập mô hình")
        ordering = ["-queued_at", "-id"]

    def __str__(self):
        return f"{_('Tuyển tập')} {self.phase} — {self.unit}"

    @property
    def is_final(self):
        return self.status in (BookStatus.SUCCEEDED, BookStatus.FAILED)
