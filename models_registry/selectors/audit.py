"""Reads of the audit log: a practice's timeline with labels and changes in the user's words."""

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _

from ..models import AuditEvent, Practice

# Audit action names in the user's words, for the timeline.
ACTION_LABELS = {
    "practice.created": _("Tạo bản nháp"),
    "practice.updated": _("Cập nhật thông tin"),
    "practice.registered": _("Đăng ký mô hình"),
    "practice.proposed": _("Đề nghị công nhận"),
    "practice.returned": _("Trả lại để bổ sung"),
    "practice.not_recognized": _("Không công nhận"),
    "practice.recognized": _("Công nhận"),
    "practice.recognized_provincial": _("Công nhận cấp tỉnh"),
    "practice.withdrawn": _("Rút đăng ký"),
    "practice.discontinued": _("Ghi nhận không còn duy trì"),
    "practice.outstanding_marked": _("Đánh dấu tiêu biểu"),
    "practice.outstanding_unmarked": _("Bỏ đánh dấu tiêu biểu"),
    "practice.commended": _("Ghi nhận khen thưởng"),
    "attachment.added": _("Đính kèm tệp"),
    "decision.issued": _("Ban hành quyết định công nhận"),
}
CHANGE_LABELS = {
    "file": _("tệp"),
    "decision": _("quyết định"),
    "number": _("số"),
    "commendation": _("khen thưởng"),
}
# Fields whose audit values are ids or codes; shown by label instead.
HIDDEN_CHANGE_FIELDS = {"practices"}


def practice_timeline(practice):
    """Every audit event of the practice, oldest first, with readable labels and changes."""
    events = list(AuditEvent.objects.filter(practice=practice).select_related("actor").order_by("created_at", "id"))
    for event in events:
        event.label = ACTION_LABELS.get(event.action, event.action)
        # The creation event holds the whole form: the page above shows it already.
        event.change_rows = (
            []
            if event.action == "practice.created"
            else list(_change_rows(event.changes, model=_audited_model(event.object_type)))
        )
    return events


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
        yield {"label": label, "old": "" if old is None else old, "new": "" if new is None else new}
