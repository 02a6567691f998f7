"""Forms of recognition decisions: a district decision over selected proposals, a provincial one over candidates."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..uploads import validate_upload
from ..web.params import positive_int
from .limits import apply_input_limits
from .review import DATE_WIDGET


class _DecisionFields(forms.Form):
    number = forms.CharField(
        label=_("Số quyết định"),
        max_length=60,
        required=False,
        help_text=_(
            "Số gợi ý theo sổ đăng ký văn bản, cấp chính thức khi ban hành (nếu có người vừa ban hành trước, "
            "hệ thống cấp số kế tiếp). Sửa lại chỉ khi quyết định đã có số trên giấy."
        ),
    )
    suggested_number = forms.CharField(widget=forms.HiddenInput, required=False, max_length=60)
    date = forms.DateField(label=_("Ngày ký"), widget=DATE_WIDGET)
    signer = forms.CharField(label=_("Người ký"), max_length=120)
    scanned_file = forms.FileField(
        label=_("Bản quét quyết định (PDF)"),
        required=False,
        help_text=_("Không bắt buộc. Chỉ nhận tệp PDF."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        apply_input_limits(self)

    def clean_number(self):
        return self.cleaned_data["number"].strip()

    @property
    def typed_number(self):
        """The number typed by hand, or "" when the register should give one (left blank or as suggested)."""
        number = self.cleaned_data["number"]
        return "" if number == self.cleaned_data.get("suggested_number", "").strip() else number

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("Ngày ký không thể sau ngày hôm nay."))
        return date

    def clean_scanned_file(self):
        upload = self.cleaned_data.get("scanned_file")
        if upload:
            # Checked by content, not by name: a renamed .exe is not a PDF.
            validate_upload(upload, allowed={"pdf"})
            # The stored name is ours: nothing the user typed reaches the disk.
            upload.name = "quyet-dinh.pdf"
        return upload


class DecisionForm(_DecisionFields):
    """A district decision recognizing the practices selected in the review queue."""

    ids = forms.CharField(widget=forms.HiddenInput)
    outstanding = forms.MultipleChoiceField(
        label=_("Mô hình tiêu biểu"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, practices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.practices = list(practices)
        self.fields["outstanding"].choices = [(str(p.pk), p.title) for p in self.practices]

    def clean_outstanding(self):
        return {int(pk) for pk in self.cleaned_data["outstanding"]}


class ProvincialDecisionForm(_DecisionFields):
    """A provincial decision recognizing practices already recognized by their district."""

    practices = forms.ModelMultipleChoiceField(
        label=_("Mô hình được công nhận cấp tỉnh"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Vui lòng chọn ít nhất một mô hình để công nhận.")},
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["practices"].queryset = candidates


def parse_ids(values):
    """Ids from ``?ids=1,2,3`` or repeated ``ids`` parameters; anything that is not a number is ignored."""
    ids = set()
    for value in values:
        for part in str(value).split(","):
            number = positive_int(part.strip())
            if number:
                ids.add(number)
    return sorted(ids)
