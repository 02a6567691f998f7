from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from models_registry.bodies import default_area_name
from models_registry.forms.limits import SubmissionTokenField, apply_input_limits
from models_registry.models.practices import MOVEMENT_START_YEAR
from models_registry.permissions import requestable_units

from .builders.document import NARRATIVE_FIELDS
from .models import ReportPeriod
from .periods import period_bounds


def period_coverage(today):
    """[(period, over)] for this year's periods: the dates each covers and whether it has ended."""
    return [
        (period_bounds(kind, today.year), period_bounds(kind, today.year).end < today) for kind in ReportPeriod.values
    ]


def _coverage_text(today):
    lines = []
    for period, over in period_coverage(today):
        label = ReportPeriod(period.kind).label
        status = _("đã kết thúc") if over else _("chưa kết thúc: số liệu sẽ là tạm tính")
        lines.append(
            _("%(label)s %(year)s: từ %(start)s đến %(end)s (%(status)s)")
            % {
                "label": label,
                "year": period.year,
                "start": f"{period.start:%d/%m/%Y}",
                "end": f"{period.end:%d/%m/%Y}",
                "status": status,
            }
        )
    return "; ".join(lines) + "."


# The summary's label by the area the province-level unit names ("toàn thành phố" for Hải Phòng), whole phrases.
SUMMARY_LABELS = {
    "tỉnh": _("%(name)s — báo cáo tổng hợp toàn tỉnh"),
    "thành phố": _("%(name)s — báo cáo tổng hợp toàn thành phố"),
}


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        if obj.level == "province":
            label = SUMMARY_LABELS.get(default_area_name(obj), _("%(name)s — báo cáo tổng hợp"))
            return label % {"name": obj.name}
        return obj.name


class ReportRequestForm(forms.Form):
    """A report request with the board's narrative (the parts of the document the data cannot write)."""

    unit = UnitChoiceField(label=_("Đơn vị"), queryset=None, empty_label=None)
    period = forms.ChoiceField(label=_("Kỳ báo cáo"), choices=ReportPeriod.choices)
    year = forms.TypedChoiceField(label=_("Năm"), coerce=int)
    number = forms.CharField(
        label=_("Số văn bản"), max_length=30, required=False, help_text=_("Để trống nếu chưa cấp số.")
    )
    signer_name = forms.CharField(
        label=_("Họ tên người ký"),
        max_length=120,
        required=False,
        help_text=_("Để trống: người ký theo danh mục cơ quan của đơn vị."),
    )
    leadership = forms.CharField(
        label=_("Công tác lãnh đạo, chỉ đạo, tuyên truyền"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    strengths = forms.CharField(label=_("Ưu điểm"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    shortcomings = forms.CharField(label=_("Hạn chế"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    causes = forms.CharField(label=_("Nguyên nhân"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    lessons = forms.CharField(label=_("Bài học kinh nghiệm"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    directions = forms.CharField(
        label=_("Phương hướng, nhiệm vụ thời gian tới"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    proposals = forms.CharField(label=_("Kiến nghị, đề xuất"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    submission_token = SubmissionTokenField()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Each narrative section at most TEXT_MAX_LENGTH characters: a megabyte of text held a worker for minutes.
        apply_input_limits(self)
        self.fields["unit"].queryset = requestable_units(user).order_by("depth", "path")
        this_year = timezone.localdate().year
        self.fields["year"].choices = [(y, y) for y in range(this_year, MOVEMENT_START_YEAR - 1, -1)]
        self.fields["year"].initial = this_year
        # Which dates a period covers, and whether it is over yet (a report before the cut-off is provisional).
        self.fields["period"].help_text = _coverage_text(timezone.localdate())

    @property
    def narrative(self):
        return {name: self.cleaned_data[name] for name in NARRATIVE_FIELDS}
