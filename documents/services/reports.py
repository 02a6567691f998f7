"""Issuing a report (ban hành báo cáo): the register gives its number and the numbered version is built.

The number is printed on the document, so issuing requests a new version of the same report (same unit, period
and narrative) carrying the number; older, unnumbered versions stay as drafts. The register line points at the
numbered version.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from models_registry.errors import DomainError
from models_registry.models.audit import REPORT_ISSUED
from models_registry.services.audit import audit_log

from ..models import DocumentType, RegisterEntry
from .numbering import number_take


def report_issue(*, actor, report):
    """Give ``report`` (a finished build) the next report number of its unit's term; return the numbered version."""
    from models_registry.permissions import may_request_report
    from reporting.builders.document import NARRATIVE_FIELDS
    from reporting.models import Report, ReportStatus
    from reporting.services.requests import report_request

    if not may_request_report(actor, report.unit):
        raise DomainError(_("Bạn không thể ban hành báo cáo của đơn vị này."))
    with transaction.atomic():
        locked = Report.objects.select_for_update().select_related("unit").get(pk=report.pk)
        if locked.status != ReportStatus.SUCCEEDED:
            raise DomainError(_("Chỉ ban hành được báo cáo đã lập xong."))
        issued = (
            RegisterEntry.objects.filter(
                report__unit=locked.unit, report__period=locked.period, report__year=locked.year
            )
            .only("number")
            .first()
        )
        if issued is not None or locked.number:
            raise DomainError(
                _("Báo cáo kỳ này đã được ban hành với số %(number)s.")
                % {"number": issued.number if issued else locked.number}
            )
        entry = number_take(
            issuer=locked.unit,
            doc_type=DocumentType.REPORT,
            on=timezone.localdate(),
            subject=_("Báo cáo %(period)s năm %(year)s")
            % {"period": locked.get_period_display().lower(), "year": locked.year},
            actor=actor,
        )
        numbered = report_request(
            actor=actor,
            unit=locked.unit,
            period=locked.period,
            year=locked.year,
            # The report template prints "Số {number}-BC/{symbol}": the register's sequence number goes here.
            number=f"{entry.seq:02d}",
            narrative={name: getattr(locked, name) for name in NARRATIVE_FIELDS},
        )
        entry.report = numbered
        entry.save(update_fields=["report"])
        audit_log(
            action=REPORT_ISSUED,
            actor=actor,
            obj=numbered,
            changes={"number": [None, entry.number], "from_version": [None, locked.version]},
        )
    return numbered, entry
