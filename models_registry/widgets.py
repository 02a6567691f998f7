"""Form widgets."""

from django import forms
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe


class FastSelect(forms.Select):
    """A single select whose options are written in Python instead of rendering a template for each option.

    The unit filter of a province lists about 600 units; through Django's template-based widget rendering that
    select alone cost about 40 ms per list page at national scale (bench/run.py), more than the page's queries.
    Used for the list filters' model selects (unit, field, phase).
    """

    def _option_rows(self):
        choices = self.choices
        if not isinstance(choices, ModelChoiceIterator):
            return choices
        # ModelChoiceIterator reads with .iterator(): on PostgreSQL a server-side cursor (DECLARE … WITH HOLD),
        # which cost 5–20 ms per select at national scale. A plain query reads a few hundred units at once.
        items = [("", choices.field.empty_label)] if choices.field.empty_label is not None else []
        return items + [choices.choice(obj) for obj in choices.queryset]

    def render(self, name, value, attrs=None, renderer=None):
        selected = {str(v) for v in self.format_value(value)}
        # Plain escape() and one join: format_html() per option was itself a few milliseconds for 600 options.
        options = "".join(
            f'<option value="{escape(option)}"{" selected" if str(option) in selected else ""}>{escape(label)}</option>'
            for option, label in self._option_rows()
        )
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            mark_safe(options),  # noqa: S308 - escaped above
        )
