"""A draft (bản nháp), before it is sent to the board: registered together with its first files, or thrown away.

A draft has never reached the board, so deleting it takes nothing from anyone; a practice that was sent is
withdrawn instead (``practice_withdraw``), which keeps it on record.
"""

from collections.abc import Sequence
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from ..errors import IllegalTransition
from ..models import Attachment, Practice, PracticeState, Unit
from ..models.audit import PRACTICE_DRAFT_DELETED
from ..models.submissions import SubmissionToken
from .attachments import attachment_add
from .audit import audit_log
from .practices import _locked, _require, practice_create


def practice_create_with_files(
    *,
    actor: AbstractBaseUser,
    unit: Unit,
    data: dict[str, Any],
    files: Sequence[tuple[File, str | None]] = (),
) -> Practice:
    """Register a draft and attach the files chosen on the same form, in one transaction: a refused file leaves
    no draft behind. ``files``: (file, kind or None to detect it) pairs."""
    with transaction.atomic():
        practice = practice_create(actor=actor, unit=unit, data=data)
        for file, kind in files:
            attachment_add(practice=practice, actor=actor, file=file, kind=kind)
    return practice


def practice_delete_draft(
    *, practice: Practice, actor: AbstractBaseUser, expected_version: int | None = None
) -> dict[str, Any]:
    """Delete a draft of the officer's unit with its files; the audit log keeps what it was and who deleted it.

    Returns what the draft was (``id``, ``title``, ``unit``), for the page that confirms it.
    """
    _require(actor, practice, "delete")
    with transaction.atomic():
        locked = _locked(practice, expected_version)
        if locked.state != PracticeState.DRAFT:
            raise IllegalTransition(
                _("Chỉ xóa được bản nháp; mô hình ở trạng thái “%(state)s” có thể rút nếu cần.")
                % {"state": locked.get_state_display()}
            )
        gone = {"id": locked.pk, "title": locked.title, "unit": locked.unit_id}
        files = [attachment.file.name for attachment in locked.attachments.all() if attachment.file]
        storage = Attachment._meta.get_field("file").storage
        # The earlier events of the draft keep their object id; their link to the row is cleared by the delete.
        audit_log(
            action=PRACTICE_DRAFT_DELETED,
            actor=actor,
            obj=locked,
            changes={"title": [locked.title, None], "unit": [locked.unit_id, None], "attachments": [len(files), 0]},
            note=locked.title,
        )
        # A form posted again after the delete (the back button) makes a new draft instead of finding this one.
        SubmissionToken.objects.filter(object_type=locked._meta.label_lower, object_id=str(locked.pk)).delete()
        locked.delete()
        # Private files go only once the rows are surely gone.
        transaction.on_commit(lambda: [storage.delete(name) for name in files])
    return gone
