"""The audit log's one writer: every service records what it changed, who, when (UTC) and why."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Model

from ..models import AuditEvent, Practice
from ..models.audit import AUDIT_ACTIONS


def _plain(value):
    if hasattr(value, "pk"):
        return value.pk
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def diff(instance: Model, data: dict) -> dict[str, list]:
    """{field: [old, new]} for the fields in ``data`` that change on ``instance``."""
    changes = {}
    for name, new in data.items():
        old = getattr(instance, name)
        if _plain(old) != _plain(new):
            changes[name] = [_plain(old), _plain(new)]
    return changes


def audit_log(
    *,
    action: str,
    actor: AbstractBaseUser | None,
    obj: Model,
    practice: Practice | None = None,
    changes: dict | None = None,
    note: str = "",
) -> AuditEvent:
    """Append one audit event. ``action`` is dotted (``practice.proposed``) and registered in models/audit.py."""
    if action not in AUDIT_ACTIONS:
        raise ValueError(f"Audit action {action!r} is not registered: add it with register_action in models/audit.py.")
    return AuditEvent.objects.create(
        action=action,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        practice=practice,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        changes=changes or {},
        note=note,
    )
