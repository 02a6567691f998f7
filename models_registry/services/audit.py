from ..models import AuditEvent


def _plain(value):
    if hasattr(value, "pk"):
        return value.pk
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def diff(instance, data):
    """{field: [old, new]} for the fields in ``data`` that change on ``instance``."""
    changes = {}
    for name, new in data.items():
        old = getattr(instance, name)
        if _plain(old) != _plain(new):
            changes[name] = [_plain(old), _plain(new)]
    return changes


def audit_log(*, action, actor, obj, practice=None, changes=None, note=""):
    """Append one audit event. ``action`` is dotted: ``practice.proposed``, ``decision.issued``."""
    return AuditEvent.objects.create(
        action=action,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        practice=practice,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        changes=changes or {},
        note=note,
    )
