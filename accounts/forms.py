from django import forms
from django.utils.translation import gettext_lazy as _


class SecondFactorTokenForm(forms.Form):
    """A six-digit code from the authenticator app, or one of the printed backup codes."""

    token = forms.CharField(
        label=_("Mã xác thực"),
        max_length=20,
        help_text=_("Mã 6 chữ số trong ứng dụng xác thực, hoặc một mã dự phòng (8 ký tự)."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}),
        error_messages={"required": _("Vui lòng nhập mã xác thực.")},
    )

    def clean_token(self):
        # People type codes with spaces ("123 456") or in capitals; the stored backup codes are lower case.
        return "".join(self.cleaned_data["token"].split()).lower()


class OfficerSearchForm(forms.Form):
    q = forms.CharField(label=_("Tìm cán bộ"), max_length=150, required=False)


class OfficerPasswordResetForm(forms.Form):
    clear_second_factor = forms.BooleanField(
        label=_("Xóa cả xác thực hai bước của cán bộ (khi cán bộ mất điện thoại)"), required=False
    )
