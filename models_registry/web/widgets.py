"""Form widgets."""

import html

from django import forms
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe


def select_options(rows, selected=()):
    """``<option>`` elements for ``(value, label)`` rows, as one safe string; ``selected``: the chosen values.

    Written in Python for the long selects (a province's ~600 units, the country's ~700 district boards): a
    template loop or Django's per-option widget templates cost milliseconds per page at national scale.
    The standard library's html.escape is what django.utils.html.escape calls, without its lazy-string wrapper,
    which was itself about half of the cost with 1,000+ calls a page.
    """
    selected = {str(value) for value in selected}
    return mark_safe(  # noqa: S308 - every value and label is escaped here
        "".join(
            f'<option value="{html.escape(str(value))}"{" selected" if str(value) in selected else ""}>'
            f"{html.escape(str(label))}</option>"
            for value, label in rows
        )
    )


class FastSelect(forms.Select):
    """A single select whose options are written in Python instead of rendering a template for each option.

    The unit filter of a province lists about 600 units; through Django's template-based widget rendering that
    select alone cost about 40 ms per list page at national scale (bench/run.py), more than the page's queries.
    Used for the list filters' model selects (unit, field, phase).

    A model choice field may carry ``option_rows``, a callable returning ``(pk, label)`` rows: the options are
    then read without building a model instance per option (PracticeFilter's unit select: 1.4 ms of 2.1 ms).
    """

    def _option_rows(self):
        choices = self.choices
        if not isinstance(choices, ModelChoiceIterator):
            return choices
        items = [("", choices.field.empty_label)] if choices.field.empty_label is not None else []
        option_rows = getattr(choices.field, "option_rows", None)
        if option_rows is not None:
            return items + list(option_rows())
        # ModelChoiceIterator reads with .iterator(): on PostgreSQL a server-side cursor (DECLARE … WITH HOLD),
        # which cost 5–20 ms per select at national scale. A plain query reads a few hundred units at once.
        return items + [choices.choice(obj) for obj in choices.queryset]

    def render(self, name, value, attrs=None, renderer=None):
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            select_options(self._option_rows(), self.format_value(value)),
        )
