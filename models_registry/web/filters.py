"""Filters of the practice list (django-filter); the unit choices are limited to what the user can see."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import Field, Phase, Practice, PracticeState, Unit
from ..models.practices import MOVEMENT_START_YEAR, PracticeKind, PracticeSubject
from ..permissions import unit_list_stops_at_districts
from .widgets import FastSelect


def _year_choices():
    return [(year, str(year)) for year in range(timezone.localdate().year, MOVEMENT_START_YEAR - 1, -1)]


class PracticeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Tìm kiếm"),
        method="filter_search",
        widget=forms.TextInput(attrs={"placeholder": _("Tên mô hình, không cần gõ dấu"), "type": "search"}),
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("Đơn vị"),
        queryset=Unit.objects.none(),
        method="filter_unit",
        empty_label=_("Tất cả đơn vị"),
        widget=FastSelect,  # a province lists ~600 units: see FastSelect
    )
    field = django_filters.ModelChoiceFilter(
        label=_("Lĩnh vực"), queryset=Field.objects.all(), empty_label=_("Tất cả lĩnh vực"), widget=FastSelect
    )
    kind = django_filters.ChoiceFilter(
        label=_("Loại"), choices=PracticeKind.choices, empty_label=_("Tất cả"), widget=FastSelect
    )
    subject = django_filters.ChoiceFilter(
        label=_("Đối tượng"), choices=PracticeSubject.choices, empty_label=_("Tất cả"), widget=FastSelect
    )
    state = django_filters.ChoiceFilter(
        label=_("Trạng thái"), choices=PracticeState.choices, empty_label=_("Tất cả trạng thái"), widget=FastSelect
    )
    phase = django_filters.ModelChoiceFilter(
        label=_("Giai đoạn"), queryset=Phase.objects.all(), empty_label=_("Tất cả giai đoạn"), widget=FastSelect
    )
    year = django_filters.ChoiceFilter(
        label=_("Năm đăng ký"),
        choices=_year_choices,
        field_name="created_at",
        lookup_expr="year",
        empty_label=_("Tất cả các năm"),
        widget=FastSelect,
    )
    sort = django_filters.OrderingFilter(
        label=_("Sắp xếp"),
        fields=(("title", "title"), ("created_at", "created"), ("state", "state"), ("unit__name", "unit")),
        field_labels={
            "title": _("Tên (A–Z)"),
            "-title": _("Tên (Z–A)"),
            "created_at": _("Cũ nhất trước"),
            # django-filter looks up descending labels by the URL parameter ("-created"), not the field name;
            # a missing key falls back to its own untranslated "%s (descending)".
            "-created": _("Mới nhất trước"),
            "state": _("Trạng thái"),
            "-state": _("Trạng thái (ngược)"),
            "unit__name": _("Đơn vị (A–Z)"),
            "-unit": _("Đơn vị (Z–A)"),
        },
        empty_label=_("Mới nhất trước"),
        widget=FastSelect,
    )

    class Meta:
        model = Practice
        fields = ["q", "unit", "field", "kind", "subject", "state", "phase", "year"]

    def __init__(self, data=None, queryset=None, *, request=None, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        user = request.user if request is not None else None
        # Only units inside the user's scope can be chosen: the list of another district's communes is not theirs.
        units = Unit.objects.visible_to(user).current().only("id", "name", "path", "depth")
        if user is not None and unit_list_stops_at_districts(user):
            # The whole country's communes would make a select of 10,000 options: stop at districts.
            units = units.filter(depth__lte=1)
        self.filters["unit"].queryset = units
        self.form.fields["unit"].queryset = self.filters["unit"].queryset
        self.form.fields["unit"].label_from_instance = lambda unit: "\u2003" * max(unit.depth - 1, 0) + unit.name
        # Bootstrap classes for the list's hand-written filter markup (what crispy used to add); "is-invalid" on a
        # field the GET data got wrong, so the message under it shows as crispy showed it.
        for name, field in self.form.fields.items():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = css + (
                " is-invalid" if self.form.is_bound and name in self.form.errors else ""
            )
        # The same labels from plain rows for FastSelect: no Unit instance per option (~600 in a province).
        self.form.fields["unit"].option_rows = lambda: (
            (pk, "\u2003" * max(depth - 1, 0) + name) for pk, name, depth in units.values_list("pk", "name", "depth")
        )

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_unit(self, queryset, name, value):
        # A district or commune means its whole subtree (the organizations under a commune included), and a unit
        # created by a reform also its predecessors' (today's ward groups the history of the communes it took in).
        if not value:
            return queryset
        q = Q(unit__path__startswith=value.path)
        for path in value.history_paths:
            q |= Q(unit__path__startswith=path)
        return queryset.filter(q)

    @property
    def qs(self):
        queryset = super().qs
        # Ties (same title, same state) need a stable order, or rows jump between pages.
        if queryset.query.order_by and "-id" not in queryset.query.order_by:
            queryset = queryset.order_by(*queryset.query.order_by, "-id")
        return queryset
