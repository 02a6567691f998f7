"""Reads of the audit log: a practice's timeline with labels and changes in the user's words."""

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from ..models import AuditEvent, Practice, Recognition, RecognitionLevel
from ..models.audit import PRACTICE_CREATED, PRACTICE_RECOGNIZED_PROVINCIAL

CHANGE_LABELS = {
    "file": _("tệp"),
    "decision": _("quyết định"),
    "number": _("số"),
    "commendation": _("khen thưởng"),
}
# Fields whose audit values are ids or codes; shown by label instead.
HIDDEN_CHANGE_FIELDS = {"practices"}


def practice_timeline(*, practice: Practice) -> list[AuditEvent]:
    """Every audit event of the practice, oldest first, with readable labels and changes."""
    events = list(AuditEvent.objects.filter(practice=practice).select_related("actor").order_by("created_at", "id"))
    for event in events:
        # The creation event holds the whole form: the page above shows it already.
        event.change_rows = (
            []
            if event.action == PRACTICE_CREATED
            else list(_change_rows(event.changes, model=_audited_model(event.object_type)))
        )
    _name_provincial_levels(practice, events)
    return events


def _name_provincial_levels(practice, events):
    """ "Công nhận cấp thành phố" for the city's recognition, "Công nhận cấp tỉnh" for a province's: the level as
    the deciding body named it (``display_label``), not the one registered label. One query, only when needed."""
    provincial = [event for event in events if event.action == PRACTICE_RECOGNIZED_PROVINCIAL]
    if not provincial:
        return
    levels = {
        recognition.decision.number: recognition.level_name
        for recognition in Recognition.objects.filter(practice=practice, level=RecognitionLevel.PROVINCIAL)
        .select_related("decision")
        .with_level_names()
    }
    for event in provincial:
        values = (event.changes or {}).get("decision")
        level = levels.get(values[1]) if isinstance(values, list | tuple) and len(values) == 2 else None
        if level:
            event.display_label = _("Công nhận %(level)s") % {"level": level}


def _grouped(value):
    return (
        number_format(value, force_grouping=True) if isinstance(value, int) and not isinstance(value, bool) else value
    )


def _audited_model(object_type):
    """The model an audit event is about ("models_registry.attachment"), or None if it no longer exists."""
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def _change_rows(changes, *, model=Practice):
    for name, values in (changes or {}).items():
        if name in HIDDEN_CHANGE_FIELDS or not isinstance(values, list | tuple) or len(values) != 2:
            continue
        old, new = values
        try:
            if model is None or name in CHANGE_LABELS:
                raise FieldDoesNotExist(name)
            field = model._meta.get_field(name)
        except FieldDoesNotExist:  # a change that is not a field of the model ("decision", "commendation")
            label = CHANGE_LABELS.get(name, name)
        else:
            label = field.verbose_name
            if field.is_relation:
                # Audit rows keep ids; the current value is on the page, so say only that it changed.
                yield {"label": label, "old": "", "new": _("đã thay đổi")}
                continue
            if field.choices:
                labels = dict(field.choices)
                old, new = labels.get(old, old), labels.get(new, new)
            elif isinstance(field, models.IntegerField):
                # Amounts read as on the page: 150.000.000 đồng, not 150000000.
                old, new = _grouped(old), _grouped(new)
        yield {"label": label, "old": "" if old is None else old, "new": "" if new is None else new}
