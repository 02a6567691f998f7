"""What the 2025 reform left for a person to decide: the new unit of a practice or officer of a split commune."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .practices import Practice
from .units import Membership, Unit


class SuccessorChoiceQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(chosen__isnull=True)


class SuccessorChoice(models.Model):
    """A practice or membership waiting in the "chọn đơn vị mới" queue (chờ chọn đơn vị mới).

    Its old unit was split between several new ones, so ``reform_apply`` could not move it: the city board
    chooses one of the old unit's successors (``successor_choose``). Exactly one of ``practice`` and
    ``membership`` is set; ``province`` is the new province whose board decides (it scopes the queue).
    """

    old_unit = models.ForeignKey(Unit, verbose_name=_("đơn vị cũ"), on_delete=models.PROTECT, related_name="+")
    province = models.ForeignKey(
        Unit, verbose_name=_("tỉnh, thành phố"), on_delete=models.PROTECT, related_name="successor_choices"
    )
    date = models.DateField(_("ngày sắp xếp"))
    practice = models.OneToOneField(
        Practice, null=True, blank=True, on_delete=models.CASCADE, related_name="successor_choice"
    )
    membership = models.OneToOneField(
        Membership, null=True, blank=True, on_delete=models.CASCADE, related_name="successor_choice"
    )
    chosen = models.ForeignKey(
        Unit, verbose_name=_("đơn vị mới"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    chosen_at = models.DateTimeField(_("chọn lúc"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SuccessorChoiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("chờ chọn đơn vị mới")
        verbose_name_plural = _("chờ chọn đơn vị mới")
        ordering = ["old_unit__path", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(practice__isnull=True, membership__isnull=False)
                | models.Q(practice__isnull=False, membership__isnull=True),
                name="successor_choice_one_subject",
            )
        ]

    def __str__(self):
        subject = self.practice or self.membership
        return f"{subject} — {self.old_unit}"


class PracticeMove(models.Model):
    """An open practice moved to a successor unit by a reform (chuyển đơn vị sau sắp xếp).

    Reports of the old board's periods still count the practice where it was then: ``old_unit`` and ``old_board``
    are its registering unit and reviewing board before the move.
    """

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="moves")
    old_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    old_board = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="moved_away")
    new_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    new_board = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("ngày sắp xếp"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("chuyển đơn vị sau sắp xếp")
        verbose_name_plural = _("chuyển đơn vị sau sắp xếp")
        ordering = ["date", "pk"]

    def __str__(self):
        return f"{self.practice} — {self.old_unit} → {self.new_unit}"
