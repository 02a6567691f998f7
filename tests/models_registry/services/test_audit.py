"""Audit actions are registered once, beside the audit model; the log refuses a name nobody registered."""

import pytest

from models_registry.models import AuditEvent, PracticeState
from models_registry.models.audit import AUDIT_ACTIONS, practice_action, register_action
from models_registry.services.audit import audit_log

pytestmark = pytest.mark.django_db


def test_every_transition_has_a_registered_label():
    reached = [state for state in PracticeState.values if state != PracticeState.DRAFT]
    assert [practice_action(state) in AUDIT_ACTIONS for state in reached] == [True] * len(reached)


def test_an_unregistered_action_is_refused(demo):
    with pytest.raises(ValueError, match="not registered"):
        audit_log(action="practice.teleported", actor=demo.officer, obj=demo.officer)
    assert not AuditEvent.objects.filter(action="practice.teleported").exists()


def test_a_name_is_registered_once():
    with pytest.raises(ValueError, match="twice"):
        register_action("practice.proposed", "again")


def test_an_event_reads_its_label(demo):
    event = audit_log(action="practice.proposed", actor=demo.officer, obj=demo.officer)
    assert str(event.label) == "Đề nghị công nhận"
