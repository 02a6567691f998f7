"""The active filters of a list as removable chips: "Trạng thái: Đã đăng ký ×", each a link without that parameter.

Built from the filter form's cleaned data, so the chips cost no query (the choices were checked while filtering).
"""

from dataclasses import dataclass

from django import forms
from django.http import QueryDict

# Parameters that are never a filter of their own: the page and the export switch.
NOT_FILTERS = frozenset({"page", "export"})


@dataclass(frozen=True)
class Chip:
    name: str  # the URL parameter
    label: str  # the field's label: "Trạng thái"
    value: str  # what was chosen, in words: "Đã đăng ký"
    url: str  # the same list without this parameter (and back on page 1)


def _remove(params: QueryDict, name: str) -> str:
    rest = params.copy()
    for key in (name, *NOT_FILTERS):
        rest.pop(key, None)
    encoded = rest.urlencode()
    return "?" + encoded if encoded else "?"


def _words(field, raw, cleaned):
    """The chosen value as the form shows it: the option's label for a choice, the text itself otherwise."""
    if isinstance(field, forms.ModelChoiceField):
        label_from_instance = getattr(field, "label_from_instance", str)
        return str(label_from_instance(cleaned)).strip() if cleaned is not None else raw
    if isinstance(field, forms.ChoiceField):
        labels = {str(value): label for value, label in field.choices}
        return str(labels.get(raw, raw))
    return raw


def filter_chips(form: forms.Form, params: QueryDict) -> list[Chip]:
    """A chip per filled parameter of ``form`` that was accepted; ``params`` is the request's GET."""
    if not form.is_bound:
        return []
    cleaned = getattr(form, "cleaned_data", {})
    chips = []
    for name, field in form.fields.items():
        raw = (params.get(name) or "").strip()
        if not raw or name in NOT_FILTERS or name in form.errors:
            continue
        value = cleaned.get(name)
        chips.append(
            Chip(name=name, label=str(field.label), value=_words(field, raw, value) or raw, url=_remove(params, name))
        )
    return chips
