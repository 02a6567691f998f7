"""The upload form of the import page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Unit
from ..permissions import import_scopes


class ImportUploadForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Phạm vi nhập"),
        queryset=Unit.objects.none(),
        empty_label=None,
        help_text=_("Đơn vị trong tệp được tìm trong phạm vi này."),
    )
    file = forms.FileField(
        label=_("Tệp Excel (.xlsx)"),
        help_text=_("Dùng tệp mẫu ở trên; mỗi dòng một mô hình."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        scopes = import_scopes(user)
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=[unit.pk for unit in scopes]).order_by(
            "depth", "path"
        )
        if scopes:
            self.fields["unit"].initial = scopes[0].pk
        if len(scopes) == 1:
            self.fields["unit"].widget = forms.HiddenInput()
