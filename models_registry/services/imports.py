"""Importing existing practices from Excel: upload, check into a preview, confirm, import all rows or none.

The history a row describes (registered, proposed, recognized by decision N on a date…) happened before the
portal: it is recorded as it was, with its own dates, and as one ``practice.imported`` audit event per practice
(and one ``decision.imported`` per new decision). The transition services are not replayed: they stamp today's
time, notify people about events years old, and write one event per step. The checks they make are made by
``models_registry.imports.check`` for every row, and the import runs under the same locks; ``import_plan``
writes the checked rows.
"""

import hashlib
import logging

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from ..errors import DomainError
from ..imports.check import CREATE, UPDATE, Checker
from ..imports.reader import FileRefused, Sheet, max_bytes, read_sheet
from ..models import ImportBatch, ImportStatus, Unit
from ..models.audit import IMPORT_CONFIRMED, IMPORT_IMPORTED, IMPORT_UPLOADED
from ..models.imports import IMPORT_TRANSITIONS
from ..permissions import may_import
from ..queueing import queue_or_defer
from .audit import audit_log
from .import_plan import ImportFailed, import_plan_write

logger = logging.getLogger(__name__)


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
            created, updated = import_plan_write(plan=plan, checker=checker, batch=locked, actor=actor)
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
