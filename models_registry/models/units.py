"""Units (đơn vị) and who works for which unit in which role."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

PATH_SEPARATOR = "/"


class UnitLevel(models.TextChoices):
    PROVINCE = "province", _("Tỉnh")
    DISTRICT = "district", _("Huyện")
    COMMUNE = "commune", _("Xã")
    ORGANIZATION = "organization", _("Tổ chức")


class UnitKind(models.TextChoices):
    PROVINCE = "tinh", _("Tỉnh")
    CENTRAL_CITY = "thanh_pho_tw", _("Thành phố trực thuộc Trung ương")
    DISTRICT = "huyen", _("Huyện")
    URBAN_DISTRICT = "quan", _("Quận")
    TOWN = "thi_xa", _("Thị xã")
    CITY = "thanh_pho", _("Thành phố")
    COMMUNE = "xa", _("Xã")
    WARD = "phuong", _("Phường")
    TOWNLET = "thi_tran", _("Thị trấn")
    FRONT = "mttq", _("Mặt trận Tổ quốc")
    YOUTH_UNION = "doan_thanh_nien", _("Đoàn Thanh niên")
    WOMEN_UNION = "hoi_phu_nu", _("Hội Liên hiệp Phụ nữ")
    FARMERS_UNION = "hoi_nong_dan", _("Hội Nông dân")
    VETERANS = "hoi_cuu_chien_binh", _("Hội Cựu chiến binh")
    TRADE_UNION = "cong_doan", _("Công đoàn")
    MILITARY = "quan_su", _("Quân sự")
    POLICE = "cong_an", _("Công an")
    AGENCY = "co_quan", _("Cơ quan")
    SCHOOL = "truong_hoc", _("Trường học")
    PARTY_CELL = "chi_bo", _("Chi bộ / khu dân cư")
    OTHER = "khac", _("Khác")


# The Party committee that owns a district board, by the district's kind (DESIGN §5).
COMMITTEE_BY_KIND = {
    UnitKind.DISTRICT: "HUYỆN ỦY",
    UnitKind.URBAN_DISTRICT: "QUẬN ỦY",
    UnitKind.TOWN: "THỊ ỦY",
    UnitKind.CITY: "THÀNH ỦY",
    UnitKind.PROVINCE: "TỈNH ỦY",
    UnitKind.CENTRAL_CITY: "THÀNH ỦY",
}
SYMBOL_BY_KIND = {
    UnitKind.DISTRICT: "BDVHU",
    UnitKind.URBAN_DISTRICT: "BDVQU",
    UnitKind.TOWN: "BDVTXU",
    UnitKind.CITY: "BDVTU",
    UnitKind.PROVINCE: "BDVTU",
    UnitKind.CENTRAL_CITY: "BDVTU",
}
NAME_PREFIXES = [
    "Thành phố",
    "Thị xã",
    "Thị trấn",
    "Huyện",
    "Quận",
    "Phường",
    "Tỉnh",
    "Xã",
]


class UnitQuerySet(models.QuerySet):
    def subtree_of(self, unit):
        return self.filter(path__startswith=unit.path)

    def current(self):
        return self.filter(valid_until__isnull=True)

    def visible_to(self, user):
        from ..permissions import scope_q  # permissions imports the models: the rule lives there, asked here

        return self.filter(scope_q(user, "path"))


class Unit(models.Model):
    """An administrative or organizational unit (đơn vị): province, district, commune, or an organization.

    Units form a tree stored as a materialized path of official codes, so a subtree is one indexed
    prefix query. The reviewing board of a unit is its nearest ancestor (or itself) with ``reviews``.
    """

    code = models.CharField(_("mã đơn vị"), max_length=40, unique=True)
    name = models.CharField(_("tên đơn vị"), max_length=200)
    level = models.CharField(_("cấp"), max_length=20, choices=UnitLevel.choices)
    kind = models.CharField(_("loại"), max_length=30, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=400, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    reviews = models.BooleanField(
        _("có Ban Dân vận xét duyệt"),
        default=False,
        help_text=_("Đơn vị này có Ban Dân vận xét công nhận mô hình của các đơn vị cấp dưới."),
    )
    committee_name = models.CharField(
        _("tên cấp ủy"), max_length=120, blank=True, help_text=_("Ví dụ: THỊ ỦY KINH MÔN. Để trống để dùng mặc định.")
    )
    document_symbol = models.CharField(
        _("ký hiệu văn bản"), max_length=30, blank=True, help_text=_("Ví dụ: BDVHU. Để trống để dùng mặc định.")
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_until = models.DateField(_("hiệu lực đến"), null=True, blank=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["path"]
        indexes = [models.Index(fields=["level", "reviews"])]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.path = (self.parent.path if self.parent_id else PATH_SEPARATOR) + self.code + PATH_SEPARATOR
        self.depth = self.parent.depth + 1 if self.parent_id else 0
        super().save(*args, **kwargs)

    @property
    def ancestor_codes(self):
        return [code for code in self.path.split(PATH_SEPARATOR) if code]

    def ancestors(self, include_self=True):
        """Ancestors from the root down, in one query."""
        codes = self.ancestor_codes if include_self else self.ancestor_codes[:-1]
        return Unit.objects.filter(code__in=codes).order_by("depth")

    def subtree(self):
        return Unit.objects.subtree_of(self)

    def contains(self, other):
        return other.path.startswith(self.path)

    @property
    def board(self):
        """The reviewing board: the nearest unit, from this one upwards, that reviews."""
        return self.ancestors().filter(reviews=True).order_by("-depth").first()

    @property
    def province(self):
        return self.ancestors().filter(level=UnitLevel.PROVINCE).first()

    @property
    def short_name(self):
        """'Thị xã Kinh Môn' -> 'Kinh Môn' (used for place names and committee names)."""
        for prefix in NAME_PREFIXES:
            if self.name.startswith(prefix + " "):
                return self.name[len(prefix) + 1 :]
        return self.name

    @property
    def committee(self):
        """The Party committee heading its documents, e.g. 'THỊ ỦY KINH MÔN'."""
        if self.committee_name:
            return self.committee_name
        prefix = COMMITTEE_BY_KIND.get(self.kind, "ĐẢNG ỦY")
        return f"{prefix} {self.short_name.upper()}"

    @property
    def symbol(self):
        """The board's document symbol, e.g. 'BDVHU' in 'Số 12-BC/BDVHU'."""
        return self.document_symbol or SYMBOL_BY_KIND.get(self.kind, "BDV")


class Role(models.TextChoices):
    OFFICER = "officer", _("Cán bộ đơn vị")
    REVIEWER = "reviewer", _("Ban Dân vận cấp huyện")
    PROVINCIAL = "provincial", _("Ban Dân vận Tỉnh ủy")


class Membership(models.Model):
    """A user's role in a unit (thành viên). A user may hold several."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("phân quyền")
        verbose_name_plural = _("phân quyền")
        constraints = [models.UniqueConstraint(fields=["user", "unit", "role"], name="unique_membership")]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} — {self.unit}"
