"""Forms of the board's year and desk: the bulk yearly check, a private note, an assignment, a public photo."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import CheckOutcome
from ..services.board import NOTE_MAX_LENGTH
from ..web.params import positive_int
from .limits import apply_input_limits

# A board confirms at most this many practices in one post (a page of the list).
BULK_MAX = 200


class YearlyCheckForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Kết quả kiểm tra"),
        choices=CheckOutcome.choices,
        initial=CheckOutcome.MAINTAINED,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"required": _("Vui lòng chọn kết quả kiểm tra.")},
    )
    note = forms.CharField(
        label=_("Ghi chú (bắt buộc khi không còn duy trì)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=NOTE_MAX_LENGTH,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        apply_input_limits(self)

    def clean(self):
        data = super().clean()
        raw = self.data.getlist("ids") if hasattr(self.data, "getlist") else []
        ids = [positive_int(value) for value in raw[: BULK_MAX + 1]]
        if not raw:
            raise forms.ValidationError(_("Chưa chọn mô hình, điển hình nào để kiểm tra."))
        if None in ids or len(raw) > BULK_MAX:
            raise forms.ValidationError(_("Danh sách mô hình được chọn không hợp lệ."))
        data["ids"] = sorted(set(ids))
        if data.get("outcome") == CheckOutcome.DISCONTINUED and not (data.get("note") or "").strip():
            self.add_error("note", _("Vui lòng ghi rõ lý do mô hình không còn duy trì."))
        return data


class ReviewNoteForm(forms.Form):
    text = forms.CharField(
        label=_("Ghi chú nội bộ"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=NOTE_MAX_LENGTH,
        error_messages={"required": _("Vui lòng nhập nội dung ghi chú.")},
    )


class AssignForm(forms.Form):
    """``assignee`` empty means "nobody"; otherwise one of the board's reviewers (the service checks it)."""

    assignee = forms.CharField(required=False, max_length=20)

    def clean_assignee(self):
        value = self.cleaned_data["assignee"]
        if not value:
            return None
        pk = positive_int(value)
        if pk is None:
            raise forms.ValidationError(_("Người được phân công không hợp lệ."))
        return pk


class PublishForm(forms.Form):
    public = forms.BooleanField(required=False)
