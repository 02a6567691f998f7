from .audit import AuditEvent, Notification
from .imports import ImportBatch, ImportStatus
from .practices import (
    Attachment,
    Commendation,
    Decision,
    Field,
    Phase,
    Practice,
    PracticeState,
    Recognition,
    RecognitionLevel,
)
from .submissions import SubmissionToken
from .units import Membership, Role, Unit, UnitKind, UnitLevel

__all__ = [
    "Attachment",
    "AuditEvent",
    "Commendation",
    "Decision",
    "Field",
    "ImportBatch",
    "ImportStatus",
    "Membership",
    "Notification",
    "Phase",
    "Practice",
    "PracticeState",
    "Recognition",
    "RecognitionLevel",
    "Role",
    "SubmissionToken",
    "Unit",
    "UnitKind",
    "UnitLevel",
]
