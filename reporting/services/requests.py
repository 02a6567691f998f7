"""Requesting a report: who may request which unit, creating the next version, queuing its build on commit.

The request creates the row and queues the task after commit with the id only; the task
(``reporting.tasks.build_report``) claims the row under a lock (``services.worker``).
"""

import logging

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from models_registry.errors import DomainError
from models_registry.limits import TEXT_MAX_LENGTH
from models_registry.models import Unit
from models_registry.models.audit import REPORT_REQUESTED
from models_registry.models.practices import MOVEMENT_START_YEAR
from models_registry.permissions import may_request_report
from models_registry.queueing import queue_or_defer
from models_registry.services.audit import audit_log

from ..builders.document import NARRATIVE_FIELDS
from ..models import Report, ReportPeriod, ReportStatus
from ..tasks import build_report

logger = logging.getLogger(__name__)

REPORT_DEFERRED_MESSAGE = gettext_lazy(
    "Đã ghi nhận yêu cầu. Báo cáo sẽ được lập khi hệ thống xử lý sẵn sàng; trang này tự cập nhật."
)


def report_request(
    *,
    actor: AbstractBaseUser | None,
    unit: Unit,
    period: str,
    year: int,
    narrative: dict[str, str] | None = None,
    number: str = "",
    scheduled: bool = False,
) -> Report:
    """Create the next version of a report and queue its build after commit.

    ``actor`` None is the schedule. With ``scheduled``, a second call for the same unit and period (the beat
    running twice on a cut-off day) returns the report already scheduled instead of a new version.
    """
    if period not in ReportPeriod.values:
        raise DomainError(_("Kỳ báo cáo không hợp lệ."))
    if not MOVEMENT_START_YEAR <= int(year) <= timezone.localdate().year:
        raise DomainError(_("Năm báo cáo không hợp lệ."))
    if actor is not None and not may_request_report(actor, unit):
        raise DomainError(_("Bạn không thể yêu cầu báo cáo của đơn vị này."))
    narrative = {name: (narrative or {}).get(name, "") or "" for name in NARRATIVE_FIELDS}
    narrative["signer_name"] = " ".join(narrative["signer_name"].split())
    if len(narrative["signer_name"]) > Report._meta.get_field("signer_name").max_length:
        raise DomainError(_("Họ tên người ký quá dài."))
    if any(len(text) > TEXT_MAX_LENGTH for text in narrative.values()):
        # The form says so first; this keeps any other caller from handing the worker a megabyte to lay out.
        raise DomainError(_("Mỗi phần nhận định tối đa %(n)s ký tự.") % {"n": f"{TEXT_MAX_LENGTH:,}".replace(",", ".")})
    with transaction.atomic():
        # The unit row lock serializes requests for one unit: versions stay consecutive and unique.
        Unit.objects.select_for_update().get(pk=unit.pk)
        reports = Report.objects.filter(unit=unit, period=period, year=year)
        if scheduled:
            existing = reports.filter(requested_by__isnull=True).order_by("-version").first()
            if existing is not None:
                existing.already_scheduled = True
                return existing
        version = (reports.aggregate(last=Max("version"))["last"] or 0) + 1
        report = Report.objects.create(
            unit=unit,
            period=period,
            year=year,
            version=version,
            number=(number or "").strip(),
            requested_by=actor,
            status=ReportStatus.QUEUED,
            queued_at=timezone.now(),
            **narrative,
        )
        audit_log(
            action=REPORT_REQUESTED,
            actor=actor,
            obj=report,
            changes={
                "unit": [None, unit.code],
                "period": [None, period],
                "year": [None, year],
                "version": [None, version],
            },
        )
        report_id = report.pk
        transaction.on_commit(lambda: enqueue(report_id))
    return report


def enqueue(report_id: int) -> bool:
    """Send the build task (id only). If the broker is down the row stays queued and the sweep sends it again;
    the person waiting is told so (queue_or_defer records the message for the page)."""
    try:
        return queue_or_defer(build_report, report_id, deferred_message=REPORT_DEFERRED_MESSAGE)
    except Exception:
        logger.exception("Could not queue report %s; the sweep will queue it again", report_id)
        return False
