from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

# What the token page offers; API_TOKEN_MAX_DAYS caps it.
LIFETIMES = [(30, _("30 ngày")), (90, _("90 ngày")), (180, _("180 ngày")), (365, _("1 năm"))]


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label=_("Tên gợi nhớ"),
        max_length=100,
        help_text=_("Ví dụ: Kho dữ liệu của Sở Thông tin và Truyền thông"),
        error_messages={"required": _("Vui lòng đặt tên gợi nhớ cho mã truy cập.")},
    )
    days = forms.TypedChoiceField(label=_("Thời hạn"), coerce=int, choices=(), initial=90)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days"].choices = [(d, label) for d, label in LIFETIMES if d <= settings.API_TOKEN_MAX_DAYS]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
