"""Practices (mô hình / điển hình) and how they are recognized."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from unidecode import unidecode

from .levels import DecisionQuerySet, RecognitionQuerySet
from .units import Unit


def fold(text):
    """Lower-case ASCII folding for search that ignores Vietnamese diacritics ("Dân vận" -> "dan van")."""
    return unidecode(text or "").lower()


class Field(models.Model):
    """A field of work (lĩnh vực): kinh tế; văn hóa – xã hội; quốc phòng – an ninh; xây dựng hệ thống chính trị."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên lĩnh vực"), max_length=120)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class Phase(models.Model):
    """An emulation phase (giai đoạn), e.g. 2021–2025."""

    name = models.CharField(_("tên giai đoạn"), max_length=60, unique=True)
    start_year = models.PositiveSmallIntegerField(_("từ năm"))
    end_year = models.PositiveSmallIntegerField(_("đến năm"))
    is_current = models.BooleanField(_("giai đoạn hiện tại"), default=False)

    class Meta:
        verbose_name = _("giai đoạn")
        verbose_name_plural = _("giai đoạn")
        ordering = ["-start_year"]

    def __str__(self):
        return self.name


class PracticeKind(models.TextChoices):
    MODEL = "model", _("Mô hình")
    EXEMPLAR = "exemplar", _("Điển hình")


class PracticeSubject(models.TextChoices):
    COLLECTIVE = "collective", _("Tập thể")
    INDIVIDUAL = "individual", _("Cá nhân")


class PracticeState(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    REGISTERED = "registered", _("Đã đăng ký")
    PROPOSED = "proposed", _("Đề nghị công nhận")
    RETURNED = "returned", _("Trả lại để bổ sung")
    RECOGNIZED = "recognized", _("Đã công nhận")
    NOT_RECOGNIZED = "not_recognized", _("Không công nhận")
    WITHDRAWN = "withdrawn", _("Đã rút")
    DISCONTINUED = "discontinued", _("Không duy trì")


# The workflow of DESIGN §4, in one place: action -> (states it may start from, state it leads to).
TRANSITIONS = {
    "submit": ({PracticeState.DRAFT}, PracticeState.REGISTERED),
    "propose": ({PracticeState.REGISTERED, PracticeState.RETURNED}, PracticeState.PROPOSED),
    "return": ({PracticeState.PROPOSED}, PracticeState.RETURNED),
    "reject": ({PracticeState.PROPOSED}, PracticeState.NOT_RECOGNIZED),
    "recognize": ({PracticeState.PROPOSED}, PracticeState.RECOGNIZED),
    "withdraw": (
        {PracticeState.DRAFT, PracticeState.REGISTERED, PracticeState.PROPOSED, PracticeState.RETURNED},
        PracticeState.WITHDRAWN,
    ),
    "discontinue": ({PracticeState.RECOGNIZED}, PracticeState.DISCONTINUED),
}
EDITABLE_STATES = {PracticeState.DRAFT, PracticeState.RETURNED}
# What the unit reports when proposing recognition (kết quả đạt được).
RESULT_FIELDS = ("people_reached", "money_mobilized_vnd", "workdays_mobilized", "land_donated_m2", "results")
MOVEMENT_START_YEAR = 2009  # the "Dân vận khéo" movement started in 2009: no practice or report before it
# Decided by a board: the decision and the audit trail refer to what the practice was, so it is read-only in the admin.
DECIDED_STATES = {PracticeState.RECOGNIZED, PracticeState.NOT_RECOGNIZED, PracticeState.DISCONTINUED}


class PracticeQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The only door into practices for views and exports: the subtree of the user's memberships."""
        from ..permissions import scope_q  # the rule lives in permissions (which imports the models)

        return self.filter(scope_q(user, "unit__path"))

    def reviewable_by(self, user):
        """Practices whose board the user reviews (the review queue and the board's actions)."""
        from ..permissions import reviewer_scope_q

        return self.filter(reviewer_scope_q(user, "board__path"))

    def search(self, text):
        """Every word of ``text`` appears in the folded title or summary, in any order ("kheo dan van")."""
        words = fold(text).split()
        queryset = self
        for word in words:
            queryset = queryset.filter(search_text__contains=word)
        return queryset


class Practice(models.Model):
    """A registered model or exemplar of skillful mass mobilization (mô hình / điển hình "Dân vận khéo").

    Holds the registration form of DESIGN §4, the results added at proposal time, and the workflow state.
    State changes happen only in ``models_registry.services``.
    """

    # Registration
    title = models.CharField(_("tên mô hình, điển hình"), max_length=300)
    kind = models.CharField(_("loại"), max_length=20, choices=PracticeKind.choices, default=PracticeKind.MODEL)
    subject = models.CharField(
        _("đối tượng"), max_length=20, choices=PracticeSubject.choices, default=PracticeSubject.COLLECTIVE
    )
    field = models.ForeignKey(Field, verbose_name=_("lĩnh vực"), on_delete=models.PROTECT, related_name="practices")
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị đăng ký"), on_delete=models.PROTECT, related_name="practices")
    board = models.ForeignKey(
        Unit,
        verbose_name=_("cơ quan xét duyệt"),
        on_delete=models.PROTECT,
        related_name="reviewed_practices",
        editable=False,
    )
    phase = models.ForeignKey(Phase, verbose_name=_("giai đoạn"), on_delete=models.PROTECT, related_name="practices")
    replicated_from = models.ForeignKey(
        "self",
        verbose_name=_("nhân rộng từ mô hình"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replications",
    )
    summary = models.TextField(_("tóm tắt"), blank=True, help_text=_("Vài dòng giới thiệu, hiển thị công khai."))
    situation = models.TextField(_("thực trạng và lý do xây dựng"), blank=True)
    goals = models.TextField(_("mục tiêu và tiêu chí"), blank=True)
    content = models.TextField(_("nội dung và cách làm"), blank=True)
    area_beneficiaries = models.TextField(_("phạm vi, đối tượng thụ hưởng"), blank=True)
    leading_forces = models.TextField(_("lực lượng chủ trì"), blank=True)
    coordinating_forces = models.TextField(_("lực lượng phối hợp"), blank=True)
    participating_forces = models.TextField(_("lực lượng tham gia"), blank=True)
    budget_vnd = models.BigIntegerField(_("kinh phí (đồng)"), default=0)
    workdays = models.PositiveIntegerField(_("ngày công"), default=0)
    materials = models.TextField(_("vật tư, vật liệu"), blank=True)
    socialized_funding_vnd = models.BigIntegerField(_("kinh phí xã hội hóa (đồng)"), default=0)
    start_date = models.DateField(_("ngày bắt đầu"), null=True, blank=True)
    evaluation_date = models.DateField(_("ngày đánh giá"), null=True, blank=True)
    outputs = models.TextField(_("sản phẩm kiểm chứng"), blank=True)
    sustainability = models.TextField(_("tính bền vững và khả năng nhân rộng"), blank=True)
    contact_name = models.CharField(_("người liên hệ"), max_length=120, blank=True)
    contact_phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    contact_email = models.EmailField(_("thư điện tử"), blank=True)

    # Results, added when proposing recognition
    people_reached = models.PositiveIntegerField(_("số người được vận động, thụ hưởng"), default=0)
    money_mobilized_vnd = models.BigIntegerField(_("tiền vận động được (đồng)"), default=0)
    workdays_mobilized = models.PositiveIntegerField(_("ngày công vận động được"), default=0)
    land_donated_m2 = models.PositiveIntegerField(_("đất hiến (m²)"), default=0)
    results = models.TextField(_("kết quả đạt được"), blank=True)

    # Workflow
    state = models.CharField(
        _("trạng thái"), max_length=20, choices=PracticeState.choices, default=PracticeState.DRAFT, db_index=True
    )
    last_reason = models.TextField(_("lý do trả lại / không công nhận"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("cập nhật"), auto_now=True)
    submitted_at = models.DateTimeField(_("ngày đăng ký"), null=True, blank=True, editable=False)
    proposed_at = models.DateTimeField(_("ngày đề nghị"), null=True, blank=True, editable=False, db_index=True)
    returned_at = models.DateTimeField(null=True, blank=True, editable=False)
    recognized_at = models.DateTimeField(_("ngày công nhận"), null=True, blank=True, editable=False)
    rejected_at = models.DateTimeField(null=True, blank=True, editable=False)
    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)
    discontinued_at = models.DateTimeField(null=True, blank=True, editable=False)
    search_text = models.TextField(editable=False, default="")

    objects = PracticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("mô hình, điển hình")
        verbose_name_plural = _("mô hình, điển hình")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["board", "state", "proposed_at"]),
            # The list's default order within a scope; with the id, the page's ids come from the index alone.
            models.Index(fields=["unit", "-created_at", "-id"], name="practice_unit_recent_idx"),
            # Covers the dashboard's GROUP BY (index-only scan): counts of a province without reading its rows.
            models.Index(
                fields=["board", "state", "field", "kind", "subject", "proposed_at"], name="practice_board_counts_idx"
            ),
            # The public showcase: recognized practices, newest recognition first, without sorting them all.
            models.Index(
                fields=["-recognized_at", "-id"],
                condition=models.Q(state="recognized"),
                name="practice_recognized_recent_idx",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.board_id and self.unit_id:
            self.board = self.unit.board or self.unit
        self.search_text = fold(f"{self.title} {self.summary}")
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and ("title" in update_fields or "summary" in update_fields):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    # Django's generated get_FOO_display() rebuilds a hashable dict of the choices on every call (10–25 µs);
    # the list pages call three per row. Same result (the label in the active language, else the raw value)
    # from dicts built once. Django keeps these methods instead of generating its own.
    _KIND_LABELS = dict(PracticeKind.choices)
    _SUBJECT_LABELS = dict(PracticeSubject.choices)
    _STATE_LABELS = dict(PracticeState.choices)

    def get_kind_display(self):
        return str(self._KIND_LABELS.get(self.kind, self.kind))

    def get_subject_display(self):
        return str(self._SUBJECT_LABELS.get(self.subject, self.subject))

    def get_state_display(self):
        return str(self._STATE_LABELS.get(self.state, self.state))

    @property
    def is_editable(self):
        return self.state in EDITABLE_STATES

    def can_transition(self, action):
        return self.state in TRANSITIONS[action][0]


class RecognitionLevel(models.TextChoices):
    DISTRICT = "district", _("Cấp huyện")
    PROVINCIAL = "provincial", _("Cấp tỉnh")


class Decision(models.Model):
    """A numbered recognition decision (quyết định công nhận) that recognizes one or many practices.

    Party documents are numbered from 01 per type within each committee's term, so a board's "01-QĐ/…" comes back
    every term: a number is unique per issuing body, type and term, which the numbering register
    (``documents.RegisterEntry``) keeps and ``services.decisions`` checks, not for ever per board.
    """

    number = models.CharField(_("số quyết định"), max_length=60, help_text=_("Ví dụ: 45-QĐ/BDVHU"))
    date = models.DateField(_("ngày ký"))
    board = models.ForeignKey(
        Unit, verbose_name=_("cơ quan ban hành"), on_delete=models.PROTECT, related_name="decisions"
    )
    signer = models.CharField(_("người ký"), max_length=120)
    level = models.CharField(_("cấp công nhận"), max_length=20, choices=RecognitionLevel.choices)
    scanned_file = models.FileField(_("bản quét (PDF)"), upload_to="decisions/%Y/", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("quyết định công nhận")
        verbose_name_plural = _("quyết định công nhận")
        ordering = ["-date", "-id"]
        # The dashboard's "recognized this year": a board's (or every province's) decisions of one year.
        indexes = [
            models.Index(fields=["board", "date"], name="decision_board_date_idx"),
            models.Index(fields=["level", "date"], name="decision_level_date_idx"),
        ]

    def __str__(self):
        return _("Quyết định số %(number)s ngày %(date)s") % {
            "number": self.number,
            "date": self.date.strftime("%d/%m/%Y"),
        }

    @property
    def level_name(self) -> str:
        """'cấp huyện', 'cấp xã', 'cấp tỉnh', 'cấp thành phố': the recognition level as the issuing body named it on
        the decision's date (``models_registry.bodies``), not the era-blind ``level`` choice."""
        if hasattr(self, "body_level_name"):
            if self.body_level_name:
                return self.body_level_name
            from ..bodies import default_level_name

            return default_level_name(self.board)
        from ..bodies import document_identity

        return document_identity(self.board, on=self.date).level_name


class Recognition(models.Model):
    """The recognition (công nhận) of one practice by one decision, at district or provincial level."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="recognitions")
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="recognitions")
    level = models.CharField(_("cấp công nhận"), max_length=20, choices=RecognitionLevel.choices)
    outstanding = models.BooleanField(_("tiêu biểu"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RecognitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("công nhận")
        verbose_name_plural = _("công nhận")
        constraints = [models.UniqueConstraint(fields=["practice", "level"], name="unique_recognition_level")]

    def __str__(self):
        return f"{self.practice} — {self.decision}"

    @property
    def level_name(self) -> str:
        """The level as the deciding body named it ('cấp xã' for a ward's decision of 2026); see Decision."""
        if getattr(self, "body_level_name", None):
            return self.body_level_name
        return self.decision.level_name


class Commendation(models.Model):
    """A commendation (khen thưởng) given to a practice: certificate of merit, bằng khen, giấy khen…"""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="commendations")
    form = models.CharField(_("hình thức khen thưởng"), max_length=120)
    issuer = models.CharField(_("cấp khen"), max_length=200)
    decision_number = models.CharField(_("số quyết định"), max_length=60, blank=True)
    date = models.DateField(_("ngày khen"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("khen thưởng")
        verbose_name_plural = _("khen thưởng")
        ordering = ["-date"]

    def __str__(self):
        return f"{self.form} — {self.practice}"


class AttachmentKind(models.TextChoices):
    EVIDENCE = "evidence", _("Tài liệu minh chứng")
    PHOTO = "photo", _("Hình ảnh")


class Attachment(models.Model):
    """An evidence file or photo (tài liệu minh chứng, hình ảnh), stored privately."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(
        _("loại tệp"), max_length=20, choices=AttachmentKind.choices, default=AttachmentKind.EVIDENCE
    )
    file = models.FileField(upload_to="evidence/%Y/%m/")
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    # The board marks photos that the public showcase may show (as thumbnails re-encoded by Pillow, see
    # views/public_photos.py); every other file is served only through a permission check.
    public = models.BooleanField(_("công khai"), default=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.original_name
