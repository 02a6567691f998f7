"""The board's own work on practices: the yearly check, private notes and who handles a proposal.

None of this is shown to the registering unit or the public: notes and assignments are the board's desk
(``permissions.board_desk``); the yearly check's outcome reaches the practice's timeline through its audit event.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .practices import Practice


class CheckOutcome(models.TextChoices):
    MAINTAINED = "maintained", _("Còn duy trì")
    DISCONTINUED = "discontinued", _("Không còn duy trì")


class YearlyCheck(models.Model):
    """The yearly check of a recognized practice (kiểm tra, đánh giá hằng năm): still maintained or not."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="yearly_checks")
    year = models.PositiveSmallIntegerField(_("năm kiểm tra"))
    outcome = models.CharField(_("kết quả kiểm tra"), max_length=20, choices=CheckOutcome.choices)
    note = models.TextField(_("ghi chú"), blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    checked_at = models.DateTimeField(_("ngày kiểm tra"), auto_now_add=True)

    class Meta:
        verbose_name = _("kiểm tra hằng năm")
        verbose_name_plural = _("kiểm tra hằng năm")
        ordering = ["-year", "practice_id"]
        constraints = [models.UniqueConstraint(fields=["practice", "year"], name="unique_yearly_check")]
        indexes = [models.Index(fields=["year", "practice"], name="yearly_check_year_idx")]

    def __str__(self):
        return f"{self.practice} — {self.year}: {self.get_outcome_display()}"


class ReviewNote(models.Model):
    """A reviewer's private note on a practice (ghi chú nội bộ): board staff only, never the unit or the public."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="review_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("nội dung ghi chú"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ghi chú nội bộ")
        verbose_name_plural = _("ghi chú nội bộ")
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.text[:60]


class ReviewAssignment(models.Model):
    """Which colleague of the board handles a proposal (phân công xử lý). One per practice."""

    practice = models.OneToOneField(Practice, on_delete=models.CASCADE, related_name="assignment")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người xử lý"), on_delete=models.CASCADE, related_name="+"
    )
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    assigned_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("phân công xử lý")
        verbose_name_plural = _("phân công xử lý")
        indexes = [models.Index(fields=["assignee"], name="review_assignment_assignee_idx")]

    def __str__(self):
        return f"{self.practice} → {self.assignee}"
