"""Importing existing practices from Excel: upload, check into a preview, confirm, import all rows or none.

The history a row describes (registered, proposed, recognized by decision N on a date…) happened before the
portal: it is recorded as it was, with its own dates, and as one ``practice.imported`` audit event per practice
(and one ``decision.imported`` per new decision). The transition services are not replayed: they stamp today's
time, notify people about events years old, and write one event per step. The checks they make are made by
``models_registry.imports.check`` for every row, and the import runs under the same locks.
"""

import datetime
import hashlib
import logging

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.db.models import F
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from ..errors import DomainError
from ..imports.check import CREATE, UPDATE, Checker, display
from ..imports.columns import COLUMN_BY_KEY, NUMBER_FIELDS, PLAIN_DATE_FIELDS, PLAIN_TEXT_FIELDS, UPDATABLE_KEYS
from ..imports.reader import FileRefused, Sheet, max_bytes, read_sheet
from ..models import (
    AuditEvent,
    Commendation,
    Decision,
    ImportBatch,
    ImportStatus,
    Practice,
    PracticeState,
    Recognition,
    RecognitionLevel,
    Unit,
)
from ..models.audit import (
    DECISION_IMPORTED,
    IMPORT_CONFIRMED,
    IMPORT_IMPORTED,
    IMPORT_UPLOADED,
    PRACTICE_IMPORTED,
)
from ..models.imports import IMPORT_TRANSITIONS
from ..models.practices import fold
from ..permissions import may_import
from ..queueing import queue_or_defer
from .audit import audit_log

logger = logging.getLogger(__name__)

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


def _move(batch, status, **fields):
    if status not in IMPORT_TRANSITIONS[batch.status]:
        raise DomainError(
            _("Không thể chuyển lô nhập từ “%(old)s” sang “%(new)s”.")
            % {"old": batch.get_status_display(), "new": ImportStatus(status).label}
        )
    batch.status = status
    for name, value in fields.items():
        setattr(batch, name, value)
    batch.save(update_fields={"status", *fields})
    return batch


def _queue(task, batch_id):
    """Queue after commit; with the broker down, do the work in this request rather than lose it."""

    def send():
        if not queue_or_defer(task, batch_id):
            task(batch_id)

    transaction.on_commit(send)


def import_batch_create(*, actor: AbstractBaseUser, unit: Unit, file: File) -> ImportBatch:
    """Store an uploaded file for ``unit``'s scope and queue its check. The file's content is checked by the task."""
    if not may_import(actor, unit):
        raise DomainError(_("Bạn không thể nhập dữ liệu cho đơn vị này."))
    size = getattr(file, "size", None) or 0
    if size > max_bytes():
        raise DomainError(
            _("Tệp quá lớn (%(size)s). Dung lượng tối đa là %(max)s; chia tệp thành nhiều tệp nhỏ hơn.")
            % {"size": filesizeformat(size), "max": filesizeformat(max_bytes())}
        )
    file.seek(0)
    content = file.read()
    if not content:
        raise DomainError(_("Tệp rỗng, vui lòng chọn lại tệp."))
    name = (getattr(file, "name", "") or "tep-nhap.xlsx").rsplit("/", 1)[-1][:200]
    from ..tasks import check_import

    with transaction.atomic():
        batch = ImportBatch(
            unit=unit,
            uploaded_by=actor,
            original_name=name,
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
        )
        batch.file.save(f"{batch.sha256[:16]}.xlsx", ContentFile(content), save=False)
        batch.save()
        audit_log(action=IMPORT_UPLOADED, actor=actor, obj=batch, changes={"file": [None, name]})
        _queue(check_import, batch.pk)
    return batch


def _progress(batch_id, start, span):
    def report(done, total):
        ImportBatch.objects.filter(pk=batch_id).update(progress=min(99, start + span * done // max(total, 1)))

    return report


def _read(batch):
    with batch.file.open("rb") as handle:
        return read_sheet(handle)


def import_batch_check(*, batch_id: int) -> ImportBatch | None:
    """Check a queued file into its preview (task body). A refused file says why; nothing else is written."""
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().select_related("unit").filter(pk=batch_id).first()
        if batch is None or batch.status not in (ImportStatus.QUEUED, ImportStatus.CHECKING):
            return batch
        _move(batch, ImportStatus.CHECKING, progress=1)
    try:
        sheet = _read(batch)
        plan = Checker(scope=batch.unit, progress=_progress(batch.pk, 1, 98)).run(sheet)
    except FileRefused as refused:
        with transaction.atomic():
            batch = ImportBatch.objects.select_for_update().get(pk=batch_id)
            return _move(batch, ImportStatus.REFUSED, error=refused.message, checked_at=timezone.now(), progress=100)
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch_id)
        if batch.status != ImportStatus.CHECKING:
            return batch
        return _move(
            batch,
            ImportStatus.CHECKED,
            preview=plan.preview(),
            sheet=sheet.to_json(),
            counts={**plan.counts, "unknown_headers": plan.unknown_headers},
            row_count=len(plan.rows),
            checked_at=timezone.now(),
            progress=100,
        )


def import_batch_confirm(*, batch: ImportBatch, actor: AbstractBaseUser) -> ImportBatch:
    """The importer confirms the preview: the import is queued (and runs all or nothing)."""
    if not may_import(actor, batch.unit):
        raise DomainError(_("Bạn không thể nhập dữ liệu cho đơn vị này."))
    from ..tasks import apply_import

    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status != ImportStatus.CHECKED:
            raise DomainError(
                _("Lô nhập này đang ở trạng thái “%(state)s”, không thể xác nhận.")
                % {"state": locked.get_status_display()}
            )
        if locked.counts.get("errors"):
            raise DomainError(_("Tệp còn dòng có lỗi. Sửa tệp và tải lên lại; không dòng nào được nhập."))
        if not (locked.counts.get(CREATE) or locked.counts.get(UPDATE)):
            raise DomainError(_("Tệp không có gì mới để nhập: mọi dòng đều đã có trên cổng và không thay đổi."))
        _move(locked, ImportStatus.IMPORTING, started_at=timezone.now(), progress=0)
        audit_log(action=IMPORT_CONFIRMED, actor=actor, obj=locked)
        _queue(apply_import, locked.pk)
    return locked


def import_batch_apply(*, batch_id: int) -> ImportBatch | None:
    """Import a confirmed file (task body): every row in one transaction, or nothing and the reason."""
    batch = ImportBatch.objects.select_related("unit", "uploaded_by").filter(pk=batch_id).first()
    if batch is None or batch.status != ImportStatus.IMPORTING:
        return batch
    try:
        with transaction.atomic():
            locked = ImportBatch.objects.select_for_update().get(pk=batch_id)
            if locked.status != ImportStatus.IMPORTING:
                return locked
            # Imports into one province wait for each other: two uploads of one file cannot both create it.
            root_code = batch.unit.path.split("/")[1]
            Unit.objects.select_for_update().filter(path=f"/{root_code}/").first()
            actor = batch.uploaded_by
            if actor is None or not may_import(actor, batch.unit):
                raise ImportFailed(_("Người tải tệp lên không còn quyền nhập dữ liệu cho đơn vị này."))
            # The rows as read at the check; the checks themselves run again on today's data, under the lock.
            checker = Checker(scope=batch.unit)
            plan = checker.run(Sheet.from_json(locked.sheet))
            counts = plan.counts
            if counts["errors"]:
                raise ImportFailed(
                    _(
                        "Dữ liệu trên cổng đã thay đổi từ lúc kiểm tra: %(n)s dòng nay có lỗi. Không dòng nào được nhập; "
                        "tải tệp lên lại để xem lỗi."
                    )
                    % {"n": counts["errors"]},
                    preview=plan.preview(),
                )
            created, updated = _write(plan, checker, batch=locked, actor=actor)
            _move(
                locked,
                ImportStatus.IMPORTED,
                counts={**counts, "created": created, "updated": updated},
                finished_at=timezone.now(),
                progress=100,
            )
            audit_log(
                action=IMPORT_IMPORTED,
                actor=actor,
                obj=locked,
                changes={"created": [None, created], "updated": [None, updated]},
            )
            return locked
    except ImportFailed as failure:
        return _fail(batch_id, failure.message, preview=failure.preview)
    except Exception:
        logger.exception("Import %s failed", batch_id)
        _fail(batch_id, _("Lỗi không mong đợi khi ghi dữ liệu; không dòng nào được nhập. Vui lòng thử lại."))
        raise


def _fail(batch_id, message, preview=None):
    """Record why nothing was imported (and, when the rows were re-checked, their problems as of now)."""
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch_id)
        if batch.status != ImportStatus.IMPORTING:
            return batch
        fields = {"error": message, "finished_at": timezone.now(), "progress": 100}
        if preview is not None:
            fields["preview"] = preview
        return _move(batch, ImportStatus.FAILED, **fields)


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


def _write(plan, checker, *, batch, actor):
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
            AuditEvent(
                action=PRACTICE_IMPORTED,
                actor=actor,
                practice=practice,
                object_type=Practice._meta.label_lower,
                object_id=str(practice.pk),
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
    return AuditEvent(
        action=PRACTICE_IMPORTED,
        actor=actor,
        practice=locked,
        object_type=Practice._meta.label_lower,
        object_id=str(locked.pk),
        changes=changes,
        note=note,
    )
