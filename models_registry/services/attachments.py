"""Evidence files and photos attached to a practice (tài liệu minh chứng, hình ảnh)."""

import os

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from ..errors import DomainError, IllegalTransition
from ..models import Attachment, Practice
from ..models.audit import ATTACHMENT_ADDED
from ..models.practices import EDITABLE_STATES, AttachmentKind
from ..permissions import closed_unit_refusal, practice_rights
from ..uploads import validate_upload
from .audit import audit_log

# The stored name is not the user's: it is only the detected extension, so nothing the user typed reaches the disk.
EXTENSION = {"pdf": ".pdf", "jpeg": ".jpg", "png": ".png", "docx": ".docx", "xlsx": ".xlsx"}


def attachment_add(*, practice: Practice, actor: AbstractBaseUser, file: File, kind: str | None = None) -> Attachment:
    """Attach a checked file to an editable practice of the officer's unit.

    Raises django's ValidationError for a bad file (wrong content, too large) and DomainError when the
    practice may not be changed by this user now.
    """
    if "attach" not in practice_rights(actor, practice):
        raise DomainError(_("Chỉ cán bộ của đơn vị đăng ký mới được đính kèm tệp."))
    if closed_unit_refusal(practice.unit):
        raise DomainError(closed_unit_refusal(practice.unit))
    checked = validate_upload(file)
    if kind is None:
        kind = AttachmentKind.PHOTO if checked.is_image else AttachmentKind.EVIDENCE
    original_name = os.path.basename(file.name or "")[:255] or "tep" + EXTENSION[checked.kind]
    with transaction.atomic():
        # Lock so that an upload cannot slip in after a concurrent propose has frozen the practice.
        locked = Practice.objects.select_for_update().get(pk=practice.pk)
        if locked.state not in EDITABLE_STATES:
            raise IllegalTransition(
                _("Mô hình ở trạng thái “%(state)s” không thể bổ sung tệp.") % {"state": locked.get_state_display()}
            )
        file.name = "file" + EXTENSION[checked.kind]
        attachment = Attachment(
            practice=locked,
            kind=kind,
            original_name=original_name,
            content_type=checked.content_type,
            size=checked.size,
            uploaded_by=actor,
        )
        attachment.file.save(file.name, file, save=False)
        attachment.save()
        audit_log(
            action=ATTACHMENT_ADDED,
            actor=actor,
            obj=attachment,
            practice=locked,
            changes={"file": [None, original_name], "kind": [None, kind]},
        )
    return attachment
