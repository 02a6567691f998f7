"""Forms of the documents pages: the register's filters and the book of models request."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from models_registry.models import Phase
from models_registry.web.params import positive_int

from .models import DocumentType
from .selectors import register_issuers


class SafeModelChoiceField(forms.ModelChoiceField):
    def to_python(self, value):
        # An id beyond bigint would reach PostgreSQL as an out-of-range error (a 500): it is simply not a choice.
        if value not in self.empty_values and positive_int(value) is None:
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class IssuerChoiceField(SafeModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class RegisterFilterForm(forms.Form):
    issuer = IssuerChoiceField(label=_("Cơ quan ban hành"), queryset=None, required=False, empty_label=_("Tất cả"))
    doc_type = forms.ChoiceField(label=_("Loại văn bản"), required=False)
    year = forms.TypedChoiceField(label=_("Năm"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuer"].queryset = register_issuers(user).order_by("path")
        self.fields["doc_type"].choices = [("", _("Tất cả")), *DocumentType.choices]
        this_year = timezone.localdate().year
        self.fields["year"].choices = [("", _("Tất cả")), *((y, y) for y in range(this_year, 2008, -1))]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"

    def filters(self):
        if not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value}


class BookRequestForm(forms.Form):
    unit = IssuerChoiceField(label=_("Đơn vị"), queryset=None, empty_label=None)
    phase = SafeModelChoiceField(label=_("Giai đoạn"), queryset=Phase.objects.order_by("-start_year"), empty_label=None)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"
