"""The bodies that review and sign (cơ quan), with the words their documents carry, and the plans they implement.

Before 1/7/2025 a district's Ban Dân vận reviewed and signed "T/M BAN DÂN VẬN / TRƯỞNG BAN" under "-/BDVHU";
after it a commune's Party committee (Đảng ủy) does, under "-/ĐU", and the city's Ban Tuyên giáo và Dân vận
receives the reports. None of this is code: it is one ``Body`` row per unit and validity interval, read through
``models_registry.bodies.document_identity``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .practices import Phase
from .units import Unit


class SigningForm(models.TextChoices):
    """How the signer signs (Hướng dẫn 36-HD/VPTW): on behalf of the collective, as a deputy, or in person."""

    ON_BEHALF = "tm", _("T/M (thay mặt tập thể)")
    DEPUTY = "kt", _("K/T (ký thay người đứng đầu)")
    PLAIN = "", _("Ký trực tiếp")


class Body(models.Model):
    """A unit's body over a date interval (cơ quan ban hành): what it is called and how its documents read.

    ``unit`` is the unit whose body it is (the district for its Ban Dân vận, the commune for its Đảng ủy, the city
    for its Ban Tuyên giáo và Dân vận). Empty dates are open ends.
    """

    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="bodies")
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_until = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    name = models.CharField(
        _("tên cơ quan"), max_length=200, help_text=_("Ví dụ: Ban Dân vận Thị ủy Kinh Môn; Đảng ủy Phường Kinh Môn.")
    )
    header_upper = models.CharField(
        _("dòng trên của tiêu đề"), max_length=200, help_text=_("Ví dụ: THỊ ỦY KINH MÔN; ĐẢNG BỘ THÀNH PHỐ HẢI PHÒNG.")
    )
    header_body = models.CharField(
        _("dòng tên cơ quan của tiêu đề"), max_length=200, help_text=_("Ví dụ: BAN DÂN VẬN; ĐẢNG ỦY PHƯỜNG KINH MÔN.")
    )
    symbol = models.CharField(
        _("ký hiệu văn bản"), max_length=30, help_text=_("Ví dụ: BDVTXU trong “Số 12-BC/BDVTXU”; ĐU; BTGDVTU.")
    )
    place = models.CharField(_("địa danh"), max_length=120, help_text=_("Ví dụ: Kinh Môn; Hải Phòng."))
    level_name = models.CharField(
        _("tên cấp công nhận"), max_length=60, help_text=_("Ví dụ: cấp huyện; cấp xã; cấp thành phố.")
    )
    signing_form = models.CharField(
        _("thể thức ký"), max_length=2, choices=SigningForm.choices, default=SigningForm.ON_BEHALF, blank=True
    )
    collective = models.CharField(
        _("tập thể lãnh đạo"), max_length=120, blank=True, help_text=_("Sau “T/M”, ví dụ: BAN DÂN VẬN; ĐẢNG ỦY.")
    )
    head_title = models.CharField(
        _("chức vụ người đứng đầu"), max_length=120, help_text=_("Ví dụ: TRƯỞNG BAN; BÍ THƯ.")
    )
    signer_title = models.CharField(
        _("chức vụ người ký"), max_length=120, help_text=_("Ví dụ: TRƯỞNG BAN; PHÓ BÍ THƯ.")
    )
    signer_name = models.CharField(_("họ tên người ký"), max_length=120, blank=True)
    reports_to = models.CharField(
        _("gửi báo cáo đến"), max_length=200, blank=True, help_text=_("Ví dụ: Ban Tuyên giáo và Dân vận Thành ủy.")
    )

    class Meta:
        verbose_name = _("cơ quan")
        verbose_name_plural = _("cơ quan")
        ordering = ["unit__path", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "valid_from"], name="unique_body_start"),
            models.CheckConstraint(
                condition=models.Q(valid_from__isnull=True)
                | models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="body_interval_ordered",
            ),
        ]

    def __str__(self):
        return self.name


class Plan(models.Model):
    """The plan a board implements in a phase (kế hoạch thực hiện phong trào), cited by its reports.

    A board without its own plan implements the nearest ancestor's (the province's or the city's).
    """

    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị ban hành"), on_delete=models.CASCADE, related_name="plans")
    phase = models.ForeignKey(Phase, verbose_name=_("giai đoạn"), on_delete=models.PROTECT, related_name="plans")
    number = models.CharField(_("số kế hoạch"), max_length=60, help_text=_("Ví dụ: 05-KH/BTGDVTU"))
    date = models.DateField(_("ngày ban hành"))
    title = models.CharField(
        _("trích yếu"),
        max_length=300,
        help_text=_("Ví dụ: thực hiện phong trào thi đua “Dân vận khéo” giai đoạn 2026 – 2030"),
    )
    issuer = models.CharField(_("cơ quan ban hành"), max_length=200, help_text=_("Ví dụ: Ban Dân vận Tỉnh ủy"))

    class Meta:
        verbose_name = _("kế hoạch thực hiện")
        verbose_name_plural = _("kế hoạch thực hiện")
        ordering = ["unit__path", "-date"]
        constraints = [models.UniqueConstraint(fields=["unit", "phase"], name="unique_plan_per_phase")]

    def __str__(self):
        return f"{self.number} ({self.date:%d/%m/%Y})"

    @property
    def citation(self):
        """'Kế hoạch số 05-KH/BTGDVTU ngày 10/01/2026 của Ban … về …' — how a report cites it."""
        return f"Kế hoạch số {self.number} ngày {self.date:%d/%m/%Y} của {self.issuer} về {self.title}"
