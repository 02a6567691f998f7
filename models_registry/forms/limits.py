"""Bounds every form of the portal shares: text length, number range, plausible dates, one post per form.

Without them a 1 MB narrative held a report worker for minutes, a 20-digit number overflowed a column (a
server error), and 01/01/0001 was a valid start date. ``apply_input_limits(form)`` sets them on any form's
fields that have none of their own.
"""

import datetime
import uuid

from django import forms
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..limits import COUNT_MAX, DATE_MIN, DATE_YEARS_AHEAD, MONEY_MAX, TEXT_MAX_LENGTH

__all__ = ["COUNT_MAX", "DATE_MIN", "MONEY_MAX", "TEXT_MAX_LENGTH", "SubmissionTokenField", "apply_input_limits"]


def date_max():
    return datetime.date(timezone.localdate().year + DATE_YEARS_AHEAD, 12, 31)


def validate_plausible_date(value):
    if value < DATE_MIN or value > date_max():
        raise forms.ValidationError(
            _("Ngày phải trong khoảng %(start)s đến %(end)s."),
            code="date_range",
            params={"start": DATE_MIN.strftime("%d/%m/%Y"), "end": date_max().strftime("%d/%m/%Y")},
        )


def _has(field, kind):
    return any(isinstance(v, kind) for v in field.validators)


def apply_input_limits(form):
    """Give each field of ``form`` the portal's bounds unless it has its own."""
    for name, field in form.fields.items():
        if isinstance(field, forms.CharField) and not isinstance(field, forms.UUIDField) and field.max_length is None:
            field.max_length = TEXT_MAX_LENGTH
            field.validators.append(MaxLengthValidator(TEXT_MAX_LENGTH))
            field.widget.attrs.setdefault("maxlength", str(TEXT_MAX_LENGTH))
        elif isinstance(field, forms.IntegerField) and not isinstance(field.widget, forms.HiddenInput):
            # Money and counts are never negative here.
            if field.min_value is None or field.min_value < 0:
                field.min_value = 0
                field.validators.append(MinValueValidator(0))
                field.widget.attrs["min"] = "0"
            limit = MONEY_MAX if name.endswith("_vnd") else COUNT_MAX
            if field.max_value is None or field.max_value > limit:
                field.max_value = limit
                field.validators.append(MaxValueValidator(limit))
                field.widget.attrs["max"] = str(limit)
        elif isinstance(field, forms.DateField) and validate_plausible_date not in field.validators:
            field.validators.append(validate_plausible_date)


class SubmissionTokenField(forms.UUIDField):
    """A hidden random token per rendered form, so that posting it twice creates one thing (services/submissions)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, initial=uuid.uuid4, **kwargs)
