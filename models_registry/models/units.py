"""Units (đơn vị) over time, their successions, and who works for which unit in which role."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Concat, Substr
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
    SPECIAL_ZONE = "dac_khu", _("Đặc khu")
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


class UnitSector(models.TextChoices):
    """The sector (khối) of a registering unit, as reports break results down (Đảng, chính quyền, MTTQ …)."""

    PARTY = "party", _("Khối Đảng")
    GOVERNMENT = "government", _("Khối chính quyền")
    FRONT = "front", _("Mặt trận Tổ quốc và các đoàn thể")
    ARMED = "armed", _("Lực lượng vũ trang")
    OTHER = "other", _("Khác")


# The sector a unit of each kind belongs to when nobody set one (``Unit.sector`` overrides it).
SECTOR_BY_KIND = {
    UnitKind.PROVINCE: UnitSector.GOVERNMENT,
    UnitKind.CENTRAL_CITY: UnitSector.GOVERNMENT,
    UnitKind.DISTRICT: UnitSector.GOVERNMENT,
    UnitKind.URBAN_DISTRICT: UnitSector.GOVERNMENT,
    UnitKind.TOWN: UnitSector.GOVERNMENT,
    UnitKind.CITY: UnitSector.GOVERNMENT,
    UnitKind.COMMUNE: UnitSector.GOVERNMENT,
    UnitKind.WARD: UnitSector.GOVERNMENT,
    UnitKind.TOWNLET: UnitSector.GOVERNMENT,
    UnitKind.SPECIAL_ZONE: UnitSector.GOVERNMENT,
    UnitKind.AGENCY: UnitSector.GOVERNMENT,
    UnitKind.SCHOOL: UnitSector.GOVERNMENT,
    UnitKind.PARTY_CELL: UnitSector.PARTY,
    UnitKind.FRONT: UnitSector.FRONT,
    UnitKind.YOUTH_UNION: UnitSector.FRONT,
    UnitKind.WOMEN_UNION: UnitSector.FRONT,
    UnitKind.FARMERS_UNION: UnitSector.FRONT,
    UnitKind.VETERANS: UnitSector.FRONT,
    UnitKind.TRADE_UNION: UnitSector.FRONT,
    UnitKind.MILITARY: UnitSector.ARMED,
    UnitKind.POLICE: UnitSector.ARMED,
    UnitKind.OTHER: UnitSector.OTHER,
}


def sector_of(kind, sector=""):
    """A unit's sector: its own when set, else the one of its kind."""
    return sector or SECTOR_BY_KIND.get(kind, UnitSector.OTHER)


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
    "Đặc khu",
    "Tỉnh",
    "Xã",
]


def valid_on_q(day, prefix=""):
    """Units valid on ``day``: started on or before it (or no known start) and not closed before it."""
    return (Q(**{f"{prefix}valid_from__isnull": True}) | Q(**{f"{prefix}valid_from__lte": day})) & (
        Q(**{f"{prefix}valid_until__isnull": True}) | Q(**{f"{prefix}valid_until__gte": day})
    )


class UnitQuerySet(models.QuerySet):
    def subtree_of(self, unit):
        return self.filter(path__startswith=unit.path)

    def current(self):
        """Units not closed: today's structure."""
        return self.filter(valid_until__isnull=True)

    def as_of(self, day):
        """Units as they were on ``day`` (a date): the structure a document of that day speaks of."""
        return self.filter(valid_on_q(day))

    def visible_to(self, user):
        from ..permissions import scope_q  # permissions imports the models: the rule lives there, asked here

        return self.filter(scope_q(user, "path"))


class Unit(models.Model):
    """An administrative or organizational unit (đơn vị) over one validity interval.

    Province, district, commune, or an organization. A row is one unit from ``valid_from`` to ``valid_until``
    (inclusive, open when empty): after the 2025 reform official codes were reused for new units, so a code is
    unique only among the units valid on a date, and the tree path is built from primary keys, never from codes.
    A subtree is one indexed prefix query. The reviewing board of a unit is its nearest ancestor (or itself)
    with ``reviews``; what that board is called and how its documents read is ``models_registry.bodies``.
    """

    code = models.CharField(_("mã đơn vị"), max_length=40, db_index=True)
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
        _("có cơ quan xét duyệt"),
        default=False,
        help_text=_("Đơn vị này có cơ quan (Ban Dân vận, Đảng ủy) xét công nhận mô hình của đơn vị mình và cấp dưới."),
    )
    committee_name = models.CharField(
        _("tên cấp ủy"), max_length=120, blank=True, help_text=_("Ví dụ: THỊ ỦY KINH MÔN. Để trống để dùng mặc định.")
    )
    document_symbol = models.CharField(
        _("ký hiệu văn bản"), max_length=30, blank=True, help_text=_("Ví dụ: BDVHU. Để trống để dùng mặc định.")
    )
    sector = models.CharField(
        _("khối"),
        max_length=20,
        choices=UnitSector.choices,
        blank=True,
        help_text=_("Khối của đơn vị trong báo cáo (Đảng, chính quyền, Mặt trận và đoàn thể …). Để trống: theo loại."),
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_until = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    # Paths of the units this one took over in a reform (its predecessors' subtrees), written by
    # ``reform_apply``: a membership here also sees that history, at no extra query.
    history_paths = models.JSONField(default=list, blank=True, editable=False)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["path"]
        indexes = [models.Index(fields=["level", "reviews"])]
        constraints = [
            # A code names one unit at a time: one open unit per code, one unit per code and start date.
            models.UniqueConstraint(
                fields=["code"], condition=Q(valid_until__isnull=True), name="unit_code_unique_open"
            ),
            models.UniqueConstraint(
                fields=["code", "valid_from"], condition=Q(valid_from__isnull=False), name="unit_code_unique_from"
            ),
            models.UniqueConstraint(
                fields=["code"], condition=Q(valid_from__isnull=True), name="unit_code_unique_unknown_start"
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        creating = self.pk is None
        if creating:
            # The path holds the primary key, known only after the insert: a unique placeholder until then.
            self.path = pending_path()
            self.depth = self.parent.depth + 1 if self.parent_id else 0
            super().save(*args, **kwargs)
            self.path, self.depth = tree_position(self.pk, self.parent)
            Unit.objects.filter(pk=self.pk).update(path=self.path, depth=self.depth)
            return
        old_path, old_depth = self.path, self.depth
        self.path, self.depth = tree_position(self.pk, self.parent)
        super().save(*args, **kwargs)
        if old_path != self.path:
            # Moved: the descendants' paths take the new prefix, in one UPDATE for the whole subtree.
            Unit.objects.filter(path__startswith=old_path).exclude(pk=self.pk).update(
                path=Concat(Value(self.path), Substr("path", len(old_path) + 1)),
                depth=F("depth") + (self.depth - old_depth),
            )

    @property
    def ancestor_ids(self):
        return [int(part) for part in self.path.split(PATH_SEPARATOR) if part]

    def ancestors(self, include_self=True):
        """Ancestors from the root down, in one query."""
        ids = self.ancestor_ids if include_self else self.ancestor_ids[:-1]
        return Unit.objects.filter(pk__in=ids).order_by("depth")

    def subtree(self):
        return Unit.objects.subtree_of(self)

    def contains(self, other):
        return other.path.startswith(self.path)

    def is_valid_on(self, day):
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or self.valid_until >= day
        )

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
        """The default Party committee heading its documents, e.g. 'THỊ ỦY KINH MÔN' (see ``bodies``)."""
        if self.committee_name:
            return self.committee_name
        prefix = COMMITTEE_BY_KIND.get(self.kind, "ĐẢNG ỦY")
        return f"{prefix} {self.short_name.upper()}"

    @property
    def symbol(self):
        """The default document symbol, e.g. 'BDVHU' in 'Số 12-BC/BDVHU' (see ``bodies`` for the dated one)."""
        return self.document_symbol or SYMBOL_BY_KIND.get(self.kind, "BDV")


def pending_path():
    return f"~{uuid.uuid4().hex}"


def tree_position(pk, parent):
    """(path, depth) of unit ``pk`` under ``parent``: '/<root id>/…/<pk>/', independent of official codes."""
    if parent is None:
        return f"{PATH_SEPARATOR}{pk}{PATH_SEPARATOR}", 0
    return f"{parent.path}{pk}{PATH_SEPARATOR}", parent.depth + 1


class Succession(models.Model):
    """One unit succeeded by another on a date (kế thừa): an old commune merged into, or split between, new ones.

    An old unit split between several new ones has several rows; the file does not say which part went where,
    so the open practices of a split unit wait for a person to choose (see ``models_registry.reform``).
    """

    old = models.ForeignKey(Unit, verbose_name=_("đơn vị cũ"), on_delete=models.PROTECT, related_name="successions")
    new = models.ForeignKey(Unit, verbose_name=_("đơn vị mới"), on_delete=models.PROTECT, related_name="predecessions")
    date = models.DateField(_("ngày hiệu lực"))

    class Meta:
        verbose_name = _("kế thừa đơn vị")
        verbose_name_plural = _("kế thừa đơn vị")
        ordering = ["date", "old__path", "new__path"]
        constraints = [models.UniqueConstraint(fields=["old", "new"], name="unique_succession")]

    def __str__(self):
        return f"{self.old} → {self.new} ({self.date:%d/%m/%Y})"


class Role(models.TextChoices):
    OFFICER = "officer", _("Cán bộ đơn vị")
    # The bodies' names are data per unit and date (models_registry.bodies): the roles name what the body does.
    REVIEWER = "reviewer", _("Cơ quan xét duyệt (Ban Dân vận huyện, Đảng ủy xã, phường)")
    PROVINCIAL = "provincial", _("Cơ quan cấp tỉnh, thành phố")


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
