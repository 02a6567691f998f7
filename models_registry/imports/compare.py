"""A stored practice side by side with a row: its values in the parsed form of a row, and how a value is shown."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import PracticeState, RecognitionLevel
from ..models.practices import PracticeKind, PracticeSubject
from . import cells
from .columns import NUMBER_FIELDS, PLAIN_DATE_FIELDS, PLAIN_TEXT_FIELDS, STATE_DATE_FIELD, recognitions_of
from .rows import title_key


def _text(value):
    return cells.text(value)[0]


def practice_canonical(practice):
    """A stored practice in the parsed form of a row, to compare column by column."""
    main, provincial = recognitions_of(practice)
    state_field = STATE_DATE_FIELD.get(practice.state)

    def day(value):
        return timezone.localtime(value).date() if value else None

    values = {
        "title": practice.title,
        "kind": practice.kind,
        "subject": practice.subject,
        "field": practice.field,
        "phase": practice.phase,
        "state": practice.state,
        "submitted_on": day(practice.submitted_at),
        "proposed_on": day(practice.proposed_at),
        "state_on": day(getattr(practice, state_field)) if state_field else None,
        "reason": _text(practice.last_reason),
        "decision_number": main.decision.number if main else "",
        "decision_date": main.decision.date if main else None,
        "decision_level": main.level if main else None,
        "decision_signer": _text(main.decision.signer) if main else "",
        "outstanding": bool(main and main.outstanding),
        "provincial_number": provincial.decision.number if provincial else "",
        "provincial_date": provincial.decision.date if provincial else None,
        "commendations": [
            (c.form, c.issuer, c.decision_number, c.date)
            for c in sorted(practice.commendations.all(), key=lambda c: (c.date, c.pk))
        ],
        "replicated_from": title_key(practice.replicated_from.title) if practice.replicated_from_id else "",
    }
    for name in PLAIN_TEXT_FIELDS:
        values[name] = _text(getattr(practice, name))
    for name in NUMBER_FIELDS + PLAIN_DATE_FIELDS:
        values[name] = getattr(practice, name)
    return values


def comparable(key, value):
    if key == "replicated_from":
        return title_key(value)
    if key == "decision_level":
        return value or RecognitionLevel.DISTRICT
    if key in ("decision_number", "provincial_number"):
        return (value or "").casefold()
    return value


def display(key, value, *, limit=120):
    """A value as the preview shows it (long texts cut at ``limit`` characters; None keeps them whole)."""
    if value in (None, ""):
        return ""
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if key == "kind":
        return str(PracticeKind(value).label)
    if key == "subject":
        return str(PracticeSubject(value).label)
    if key == "state":
        return str(PracticeState(value).label)
    if key == "decision_level":
        return str(RecognitionLevel(value).label)
    if key == "commendations":
        return "\n".join("; ".join([a, b, c, d.strftime("%d/%m/%Y")]) for a, b, c, d in value)
    text = str(value)
    return text if limit is None or len(text) <= limit else text[: limit - 3] + "…"
