from .audit import AuditEvent, Notification
from .board import CheckOutcome, ReviewAssignment, ReviewNote, YearlyCheck
from .bodies import Body, Plan, SigningForm
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
from .reform import PracticeMove, SuccessorChoice
from .submissions import SubmissionToken
from .units import Membership, Role, Succession, Unit, UnitKind, UnitLevel

__all__ = [
    "Attachment",
    "AuditEvent",
    "Body",
    "CheckOutcome",
    "Commendation",
    "Decision",
    "Field",
    "ImportBatch",
    "ImportStatus",
    "Membership",
    "Notification",
    "Phase",
    "Plan",
    "PracticeMove",
    "Practice",
    "PracticeState",
    "Recognition",
    "ReviewAssignment",
    "ReviewNote",
    "RecognitionLevel",
    "Role",
    "SigningForm",
    "SubmissionToken",
    "Succession",
    "SuccessorChoice",
    "Unit",
    "UnitKind",
    "UnitLevel",
    "YearlyCheck",
]
