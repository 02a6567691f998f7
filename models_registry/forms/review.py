"""Forms of the board's actions on one practice: reasons (return, reject, discontinue), outstanding, commendations."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .fields import DATE_FORMAT, DATE_WIDGET_ATTRS, VersionedForm
from .limits import apply_input_limits

DATE_WIDGET = forms.DateInput(format=DATE_FORMAT, attrs=DATE_WIDGET_ATTRS)


class ReasonForm(VersionedForm):
    reason = forms.CharField(
        label=_("Lý do"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        error_messages={"required": _("Vui lòng ghi rõ lý do.")},
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Vui lòng ghi rõ lý do."))
        return reason


class DiscontinueForm(VersionedForm):
    reason = forms.CharField(
        label=_("Lý do (không bắt buộc)"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000, required=False
    )


class OutstandingForm(forms.Form):
    outstanding = forms.BooleanField(required=False)


class CommendationForm(forms.Form):
    form = forms.CharField(label=_("Hình thức khen thưởng"), max_length=120, help_text=_("Ví dụ: Giấy khen, Bằng khen"))
    issuer = forms.CharField(label=_("Cấp khen"), max_length=200, help_text=_("Ví dụ: Ban Thường vụ Thị ủy Kinh Môn"))
    decision_number = forms.CharField(label=_("Số quyết định khen thưởng"), max_length=60, required=False)
    date = forms.DateField(label=_("Ngày khen"), widget=DATE_WIDGET)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        apply_input_limits(self)
