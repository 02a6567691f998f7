"""Forms of the practice side: registration, results at proposal time, attachments.

Forms validate input and lay it out; services do the writing (the form never saves a Practice itself).
"""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.urls import reverse_lazy
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from ..bodies import current_phase
from ..models import Field, Phase, Practice
from ..models.practices import RESULT_FIELDS, AttachmentKind
from ..permissions import registrable_units
from ..selectors.practices import replication_sources
from ..uploads import validate_upload
from .fields import DATE_FORMAT, DATE_WIDGET_ATTRS, STALE_FORM_MESSAGE, VersionField
from .limits import MONEY_MAX, SubmissionTokenField, apply_input_limits

REGISTRATION_FIELDS = [
    "title",
    "kind",
    "subject",
    "field",
    "phase",
    "unit",
    "replicated_from",
    "summary",
    "situation",
    "goals",
    "content",
    "area_beneficiaries",
    "leading_forces",
    "coordinating_forces",
    "participating_forces",
    "budget_vnd",
    "workdays",
    "materials",
    "socialized_funding_vnd",
    "start_date",
    "evaluation_date",
    "outputs",
    "sustainability",
    "contact_name",
    "contact_phone",
    "contact_email",
]


def _textarea(rows=3):
    return forms.Textarea(attrs={"rows": rows})


def _date_input():
    return forms.DateInput(format=DATE_FORMAT, attrs={**DATE_WIDGET_ATTRS, "autocomplete": "off"})


class PracticeForm(forms.ModelForm):
    """The registration form (phiếu đăng ký) of DESIGN §4, in the order officials fill it in."""

    expected_version = VersionField()
    submission_token = SubmissionTokenField()

    class Meta:
        model = Practice
        fields = REGISTRATION_FIELDS
        widgets = {
            "title": forms.TextInput(
                attrs={
                    "autocomplete": "off",
                    "data-similar-url": reverse_lazy("practice_similar"),
                    "data-similar-target": "similar-practices",
                }
            ),
            "summary": _textarea(2),
            "situation": _textarea(),
            "goals": _textarea(),
            "content": _textarea(4),
            "area_beneficiaries": _textarea(2),
            "leading_forces": _textarea(2),
            "coordinating_forces": _textarea(2),
            "participating_forces": _textarea(2),
            "materials": _textarea(2),
            "outputs": _textarea(),
            "sustainability": _textarea(),
            "start_date": _date_input(),
            "evaluation_date": _date_input(),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        instance = self.instance if self.instance.pk else None
        apply_input_limits(self)
        self.fields["unit"].queryset = registrable_units(user)
        self.fields["unit"].label_from_instance = lambda unit: "\u2003" * max(unit.depth - 3, 0) + unit.name
        fields = Field.objects.filter(active=True)
        if instance is not None:
            # A field retired since the registration stays selectable for that registration.
            fields = Field.objects.filter(pk=instance.field_id) | fields
        self.fields["field"].queryset = fields.order_by("order", "name")
        self.fields["phase"].queryset = Phase.objects.all()
        self.fields["replicated_from"].queryset = replication_sources(user=user, exclude=instance)
        self.fields["replicated_from"].label_from_instance = lambda p: f"{p.title} — {p.unit.name}"
        self.fields["replicated_from"].help_text = _(
            "Chọn nếu mô hình này học tập, nhân rộng từ một mô hình đã được công nhận."
        )
        # Vietnamese empty choices instead of Django's "---------".
        self.fields["field"].empty_label = _("— Chọn lĩnh vực —")
        self.fields["unit"].empty_label = _("— Chọn đơn vị —")
        self.fields["phase"].empty_label = _("— Chọn giai đoạn —")
        self.fields["replicated_from"].empty_label = _("Không — mô hình mới của đơn vị")
        for name in ("start_date", "evaluation_date"):
            self.fields[name].input_formats = [DATE_FORMAT, "%d/%m/%y", "%Y-%m-%d"]
            self.fields[name].help_text = _("Định dạng ngày/tháng/năm, ví dụ 15/03/2024.")
        if instance is None:
            current = current_phase()
            if current is not None:
                self.initial.setdefault("phase", current.pk)
            units = list(self.fields["unit"].queryset[:2])
            if len(units) == 1:
                self.initial.setdefault("unit", units[0].pk)
        else:
            self.initial.setdefault("expected_version", instance.version)
            self.fields["title"].widget.attrs["data-similar-exclude"] = instance.pk
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(
                _("Thông tin chung"),
                "title",
                Row(Column("kind"), Column("subject"), Column("field")),
                Row(Column("unit"), Column("phase")),
                "replicated_from",
                "summary",
            ),
            Fieldset(
                _("Nội dung mô hình"),
                "situation",
                "goals",
                "content",
                "area_beneficiaries",
            ),
            Fieldset(
                _("Lực lượng thực hiện"),
                "leading_forces",
                "coordinating_forces",
                "participating_forces",
            ),
            Fieldset(
                _("Nguồn lực"),
                Row(Column("budget_vnd"), Column("socialized_funding_vnd"), Column("workdays")),
                "materials",
            ),
            Fieldset(
                _("Thời gian, sản phẩm và tính bền vững"),
                Row(Column("start_date"), Column("evaluation_date")),
                "outputs",
                "sustainability",
            ),
            Fieldset(
                _("Người liên hệ"),
                Row(Column("contact_name"), Column("contact_phone"), Column("contact_email")),
            ),
            "expected_version",
            "submission_token",
            # The save button is the page's (practices/form.html): the files of DraftAttachmentForm come before it.
        )

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and not cleaned.get("expected_version") and "expected_version" not in self.errors:
            # An edit must say which version it started from, or the stale-form check could not run. Shown above
            # the form: the field itself is hidden.
            raise forms.ValidationError(STALE_FORM_MESSAGE, code="stale")
        start, evaluation = cleaned.get("start_date"), cleaned.get("evaluation_date")
        if start and evaluation and evaluation < start:
            self.add_error("evaluation_date", _("Ngày đánh giá phải sau ngày bắt đầu."))
        return cleaned

    def registration_data(self):
        """The cleaned registration fields, for practice_create / practice_update."""
        return {name: self.cleaned_data[name] for name in REGISTRATION_FIELDS}


def _label(name):
    return capfirst(Practice._meta.get_field(name).verbose_name)


class ProposeForm(forms.Form):
    """The results achieved, added when proposing recognition (đề nghị công nhận)."""

    expected_version = VersionField(required=True)
    people_reached = forms.IntegerField(label=_label("people_reached"), min_value=0)
    money_mobilized_vnd = forms.IntegerField(label=_label("money_mobilized_vnd"), min_value=0, max_value=MONEY_MAX)
    workdays_mobilized = forms.IntegerField(label=_label("workdays_mobilized"), min_value=0)
    land_donated_m2 = forms.IntegerField(label=_label("land_donated_m2"), min_value=0)
    results = forms.CharField(
        label=_label("results"),
        widget=_textarea(4),
        help_text=_("Kết quả cụ thể, có số liệu, so với mục tiêu đã đăng ký."),
    )

    def __init__(self, *args, practice=None, **kwargs):
        if practice is not None and not args and "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(practice, name) for name in RESULT_FIELDS} | {
                "expected_version": practice.version
            }
        super().__init__(*args, **kwargs)
        apply_input_limits(self)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(Column("people_reached"), Column("money_mobilized_vnd")),
            Row(Column("workdays_mobilized"), Column("land_donated_m2")),
            "results",
            "expected_version",
        )

    def results_data(self):
        return {name: self.cleaned_data[name] for name in RESULT_FIELDS}


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.jpg,.jpeg,.png,.docx,.xlsx,application/pdf,image/jpeg,image/png"}
        ),
    )
    kind = forms.ChoiceField(
        label=_("Loại tệp"),
        choices=[("", _("Tự nhận biết"))] + list(AttachmentKind.choices),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("PDF, ảnh JPEG/PNG, Word (DOCX) hoặc Excel (XLSX), tối đa %(max)s.") % {
            "max": filesizeformat(settings.UPLOAD_MAX_BYTES)
        }
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Row(Column("file", css_class="col-md-8"), Column("kind", css_class="col-md-4")))

    def clean_file(self):
        file = self.cleaned_data["file"]
        # Checked here for a friendly form error; attachment_add checks again, as the service is the rule.
        validate_upload(file)
        return file


class DraftAttachmentForm(AttachmentForm):
    """A file chosen on the registration form itself, attached when the draft is saved (optional)."""

    prefix = "attachment"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].required = False
        self.fields["file"].label = _("Tệp minh chứng hoặc hình ảnh")

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if file:
            validate_upload(file)
        return file

    def chosen_files(self):
        """(file, kind) pairs for practice_create_with_files / attachment_add; empty when no file was chosen."""
        file = self.cleaned_data.get("file")
        return [(file, self.cleaned_data.get("kind") or None)] if file else []
