"""Writing a checked import plan: new decisions, practices, recognitions, commendations and their audit events.

Called by ``services.imports.import_batch_apply`` inside its transaction, after the rows were checked again under
the province's lock; anything wrong raises ``ImportFailed`` and the whole file is rolled back.
"""

import datetime

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ..errors import DomainError
from ..imports.check import CREATE, UPDATE, Checker, display
from ..imports.columns import COLUMN_BY_KEY, NUMBER_FIELDS, PLAIN_DATE_FIELDS, PLAIN_TEXT_FIELDS, UPDATABLE_KEYS
from ..imports.rows import Plan
from ..models import (
    AuditEvent,
    Commendation,
    Decision,
    ImportBatch,
    Practice,
    PracticeState,
    Recognition,
    RecognitionLevel,
)
from ..models.audit import DECISION_IMPORTED, PRACTICE_IMPORTED
from ..models.practices import fold
from .audit import audit_log

BULK_SIZE = 500
STATE_STAMPS = {
    PracticeState.RETURNED: "returned_at",
    PracticeState.NOT_RECOGNIZED: "rejected_at",
    PracticeState.WITHDRAWN: "withdrawn_at",
    PracticeState.DISCONTINUED: "discontinued_at",
}


class ImportFailed(DomainError):
    def __init__(self, message, preview=None):
        super().__init__(message)
        self.preview = preview


def _moment(day):
    """A historical date as a time stamp: the start of that day in the portal's time zone."""
    if day is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def _data_fields(values):
    data = {key: values[key] for key in ("kind", "subject", "field", "phase") if key in values}
    for name in PLAIN_TEXT_FIELDS:
        if name in values:
            data[name] = values[name]
    for name in NUMBER_FIELDS + PLAIN_DATE_FIELDS:
        if name in values:
            data[name] = values[name]
    return data


def _audit_value(key, value):
    text = display(key, value, limit=None)
    return text if text != "" else None


def import_plan_write(*, plan: Plan, checker: Checker, batch: ImportBatch, actor: AbstractBaseUser) -> tuple[int, int]:
    """Create the new decisions and practices, update the changed ones; return (created, updated)."""
    note = _("Nhập từ tệp “%(name)s”") % {"name": batch.original_name}
    decisions = {}
    new_keys = plan.new_decision_keys()
    for key, entry in plan.decisions.items():
        if entry["existing"] is not None:
            decisions[key] = entry["existing"]
            continue
        if key not in new_keys:
            continue
        decision = Decision.objects.create(
            number=entry["number"],
            date=entry["date"],
            board=entry["board"],
            signer=entry["signer"],
            level=entry["level"],
            created_by=actor,
        )
        audit_log(
            action=DECISION_IMPORTED,
            actor=actor,
            obj=decision,
            changes={"number": [None, decision.number], "level": [None, decision.level]},
            note=note,
        )
        decisions[key] = decision

    new_rows = [row for row in plan.rows if row.action == CREATE]
    practices = []
    for row in new_rows:
        practices.append(_new_practice(row, checker, actor=actor))
    Practice.objects.bulk_create(practices, batch_size=BULK_SIZE)
    by_row = {row.number: practice for row, practice in zip(new_rows, practices, strict=True)}

    recognitions, commendations, sources, events = [], [], [], []
    for row, practice in zip(new_rows, practices, strict=True):
        v = row.values
        for key, outstanding in ((row.decision_key, v.get("outstanding", False)), (row.provincial_key, False)):
            if key is None:
                continue
            decision = decisions[(key[0].pk, key[1])]
            recognitions.append(
                Recognition(practice=practice, decision=decision, level=decision.level, outstanding=outstanding)
            )
        for form, issuer, number, day in v.get("commendations") or []:
            commendations.append(
                Commendation(
                    practice=practice, form=form, issuer=issuer, decision_number=number, date=day, created_by=actor
                )
            )
        if row.source_key is not None:
            kind, ref = row.source_key
            practice.replicated_from_id = by_row[ref].pk if kind == "row" else ref
            sources.append(practice)
        changes = {}
        for key, value in v.items():
            text = _audit_value(key, value) if key in COLUMN_BY_KEY and value not in (None, "", 0, False, []) else None
            if text is not None:
                changes[key] = [None, text]
        changes["unit"] = [None, practice.unit.name]
        changes["import"] = [None, batch.pk]
        events.append(
            _imported_event(
                practice,
                actor=actor,
                changes=changes,
                note=_("%(note)s, dòng %(row)s") % {"note": note, "row": row.number},
            )
        )
    Recognition.objects.bulk_create(recognitions, batch_size=BULK_SIZE)
    Commendation.objects.bulk_create(commendations, batch_size=BULK_SIZE)
    Practice.objects.bulk_update(sources, ["replicated_from"], batch_size=BULK_SIZE)

    updated = 0
    for row in plan.rows:
        if row.action != UPDATE:
            continue
        event = _update_practice(row, actor=actor, note=_("%(note)s, dòng %(row)s") % {"note": note, "row": row.number})
        if event is not None:
            events.append(event)
            updated += 1
    AuditEvent.objects.bulk_create(events, batch_size=BULK_SIZE)
    return len(practices), updated


def _new_practice(row, checker, *, actor):
    v = row.values
    state = v["state"]
    main_level = v.get("decision_level") or RecognitionLevel.DISTRICT
    practice = Practice(
        title=" ".join(v["title"].split()),
        unit=row.unit,
        board=checker.board_of(row.unit),
        state=state,
        last_reason=v.get("reason", ""),
        created_by=actor,
        submitted_at=_moment(v.get("submitted_on")) if state != PracticeState.DRAFT else None,
        proposed_at=_moment(v.get("proposed_on")),
        recognized_at=_moment(v.get("decision_date")) if v.get("decision_number") else None,
        **_data_fields(v),
    )
    if main_level == RecognitionLevel.PROVINCIAL and not v.get("decision_number"):
        practice.recognized_at = None
    stamp = STATE_STAMPS.get(state)
    if stamp:
        setattr(practice, stamp, _moment(v.get("state_on")))
    practice.search_text = fold(f"{practice.title} {practice.summary}")
    return practice


def _update_practice(row, *, actor, note):
    """Change an editable practice's registration fields to the row's values (checked equal state)."""
    locked = Practice.objects.select_for_update().get(pk=row.existing.pk)
    if locked.version != row.existing.version:
        raise ImportFailed(
            _("Mô hình “%(title)s” vừa được người khác thay đổi. Không dòng nào được nhập; tải tệp lên lại.")
            % {"title": locked.title}
        )
    data = {key: value for key, value in _data_fields(row.values).items() if key in UPDATABLE_KEYS}
    changes = {}
    for name, value in data.items():
        old = getattr(locked, name)
        if old != value:
            changes[name] = [_audit_value(name, old), _audit_value(name, value)]
            setattr(locked, name, value)
    if not changes:
        return None
    locked.version = F("version") + 1
    locked.save(update_fields={*data, "version", "updated_at"})
    changes["import"] = [None, row.number]
    return _imported_event(locked, actor=actor, changes=changes, note=note)


def _imported_event(practice, *, actor, changes, note):
    """The ``practice.imported`` event of one row, to be written in bulk with the others."""
    return AuditEvent(
        action=PRACTICE_IMPORTED,
        actor=actor,
        practice=practice,
        object_type=Practice._meta.label_lower,
        object_id=str(practice.pk),
        changes=changes,
        note=note,
    )
