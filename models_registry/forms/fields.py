"""Fields and widgets shared by the forms: the version the user saw, and dates as Vietnamese officials type them."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .limits import apply_input_limits

DATE_FORMAT = "%d/%m/%Y"
DATE_WIDGET_ATTRS = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}


STALE_FORM_MESSAGE = _("Biểu mẫu thiếu thông tin phiên bản (trang đã cũ). Hãy tải lại trang rồi làm lại.")


class VersionField(forms.IntegerField):
    """The practice version the user saw (``expected_version``); services refuse to act when it has moved on.

    Required on every action: a post without it (an old page, a hand-made request) would skip the stale-form
    check. Only the registration form of a new practice has no version yet (PracticeForm checks edits).
    """

    widget = forms.HiddenInput

    def __init__(self, *, required=False, **kwargs):
        kwargs.setdefault("error_messages", {"required": STALE_FORM_MESSAGE})
        super().__init__(required=required, min_value=1, **kwargs)


class VersionedForm(forms.Form):
    """A one-click action that carries the version of the practice the user saw (submit, withdraw, review)."""

    expected_version = VersionField(required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        apply_input_limits(self)
