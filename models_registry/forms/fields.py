"""Fields and widgets shared by the forms: the version the user saw, and dates as Vietnamese officials type them."""

from django import forms

DATE_FORMAT = "%d/%m/%Y"
DATE_WIDGET_ATTRS = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}


class VersionField(forms.IntegerField):
    """The practice version the user saw (``expected_version``); services refuse to act when it has moved on."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, min_value=1, **kwargs)


class VersionedForm(forms.Form):
    """A one-click action that carries the version of the practice the user saw (submit, withdraw, review)."""

    expected_version = VersionField()
