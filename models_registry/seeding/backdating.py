"""Demo data carries the dates of its story: the services stamp "now", these move the rows back afterwards."""

from django.db import connection
from django.db.models import OuterRef, Subquery

from ..models import AuditEvent, Decision, Notification, Practice, PracticeState, Recognition
from ..models.audit import PRACTICE_RECOGNIZED_PROVINCIAL, practice_action
from .timeline import DAY

S = PracticeState


def backdate(plans, decisions, event_times):
    """Move the story back to its dates: the services stamped every row with the second it was seeded."""
    for plan in plans:
        stamps = {name: value for name, value in plan.times.items() if value and name != "updated_at"}
        stamps["updated_at"] = max(stamps.values())
        Practice.objects.filter(pk=plan.practice.pk).update(**stamps)
    for decision, when in decisions:
        Decision.objects.filter(pk=decision.pk).update(created_at=when)
        Recognition.objects.filter(decision=decision).update(created_at=when)
    backdate_events(event_times)


def backdate_events(event_times):
    """Date audit events ``[(id, when), …]`` at their moment in the story."""
    # AuditEventQuerySet.update() refuses on purpose: the log is append-only for the application. Demo data
    # is the one exception — its events must carry the dates of the story, not the second it was seeded —
    # so it uses plain SQL, here and nowhere else.
    table = AuditEvent._meta.db_table
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET created_at = %s WHERE id = %s",  # noqa: S608 - table name from the model
            [(when, pk) for pk, when in event_times],
        )


# Notification action -> the practice timestamp it happened at.
NOTIFICATION_TIMES = {
    practice_action(S.PROPOSED): "proposed_at",
    practice_action(S.RETURNED): "returned_at",
    practice_action(S.NOT_RECOGNIZED): "rejected_at",
    practice_action(S.RECOGNIZED): "recognized_at",
}


def backdate_notifications(practice_ids, now):
    """Notifications are created after commit; date them like their events and mark the old ones read."""
    notifications = Notification.objects.filter(practice_id__in=practice_ids)
    for action, stamp in NOTIFICATION_TIMES.items():
        when = Practice.objects.filter(pk=OuterRef("practice_id")).values(stamp)[:1]
        notifications.filter(action=action).update(created_at=Subquery(when))
    provincial = Recognition.objects.filter(practice=OuterRef("practice_id"), level="provincial")
    notifications.filter(action=PRACTICE_RECOGNIZED_PROVINCIAL).update(
        created_at=Subquery(provincial.values("created_at")[:1])
    )
    notifications.filter(created_at__lt=now - 30 * DAY).update(read_at=now)
