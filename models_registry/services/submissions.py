"""Run a creating service once per form token (idempotency key)."""

from collections.abc import Callable
from datetime import timedelta
from uuid import UUID

from django.apps import apps
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from ..errors import DomainError
from ..models.submissions import SubmissionToken


def submission_once(*, token: UUID | None, actor, create: Callable[[], Model]) -> tuple[Model, bool]:
    """``(object, created)``: ``create()``'s result, or what an earlier post of the same form created.

    The token row is inserted in the same transaction as the object: a concurrent second post waits on the
    unique key, then reads the first one's result; if ``create`` fails, the token is rolled back with it and
    the corrected form can be sent again. No token (an old form): no protection, as before.
    """
    if token is None:
        return create(), True
    with transaction.atomic():
        claim, claimed = SubmissionToken.objects.get_or_create(token=token, defaults={"user": actor})
        if not claimed:
            if claim.user_id != actor.pk or not claim.object_type:
                raise DomainError(_("Biểu mẫu này đã được gửi. Hãy tải lại trang để nhập mới."))
            model = apps.get_model(claim.object_type)
            return model.objects.get(pk=claim.object_id), False
        obj = create()
        claim.object_type = obj._meta.label_lower
        claim.object_id = str(obj.pk)
        claim.save(update_fields=["object_type", "object_id"])
    return obj, True


TOKEN_KEEP = timedelta(days=7)


def submission_tokens_prune(*, older_than: timedelta = TOKEN_KEEP) -> int:
    """Delete the tokens of forms posted before ``older_than``; returns how many."""
    return SubmissionToken.objects.filter(created_at__lt=timezone.now() - older_than).delete()[0]
