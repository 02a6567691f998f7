"""The board's services: the yearly check is all or nothing, and only the practice's board acts."""

from datetime import timedelta

import pytest
from django.utils import timezone

from models_registry.errors import DomainError
from models_registry.models import CheckOutcome, Practice, PracticeState, ReviewNote, YearlyCheck
from models_registry.services.board import practices_check_yearly, review_assign, review_note_add

from ..review_fixtures import proposed, recognized

pytestmark = pytest.mark.django_db


def old_recognized(unit):
    practice = recognized(unit)
    Practice.objects.filter(pk=practice.pk).update(recognized_at=timezone.now() - timedelta(days=400))
    return Practice.objects.get(pk=practice.pk)


def test_check_is_all_or_nothing(demo):
    good = old_recognized(demo.an_luu)
    draft = proposed(demo.an_luu)  # not recognized: the whole batch is refused
    year = timezone.localdate().year
    with pytest.raises(DomainError):
        practices_check_yearly(practices=[good, draft], actor=demo.reviewer, year=year, outcome="maintained")
    assert not YearlyCheck.objects.exists()


def test_check_refuses_other_boards_future_years_and_unknown_outcomes(demo):
    practice = old_recognized(demo.an_luu)
    year = timezone.localdate().year
    for kwargs in (
        {"actor": demo.reviewer2, "year": year, "outcome": "maintained"},
        {"actor": demo.officer, "year": year, "outcome": "maintained"},
        {"actor": demo.provincial, "year": year, "outcome": "maintained"},
        {"actor": demo.reviewer, "year": year + 1, "outcome": "maintained"},
        {"actor": demo.reviewer, "year": year, "outcome": "unknown"},
        {"actor": demo.reviewer, "year": year, "outcome": "discontinued", "note": " "},
    ):
        with pytest.raises(DomainError):
            practices_check_yearly(practices=[practice], **kwargs)
    with pytest.raises(DomainError):
        practices_check_yearly(practices=[], actor=demo.reviewer, year=year, outcome="maintained")
    assert not YearlyCheck.objects.exists()


def test_superuser_may_check_as_data_repair(demo):
    practice = old_recognized(demo.an_luu)
    year = timezone.localdate().year
    practices_check_yearly(
        practices=[practice], actor=demo.admin, year=year, outcome=CheckOutcome.DISCONTINUED, note="x"
    )
    practice.refresh_from_db()
    assert practice.state == PracticeState.DISCONTINUED


def test_notes_and_assignments_only_by_the_board(demo):
    practice = proposed(demo.an_luu)
    for actor in (demo.officer, demo.reviewer2, demo.provincial):
        with pytest.raises(DomainError):
            review_note_add(practice=practice, actor=actor, text="x")
        with pytest.raises(DomainError):
            review_assign(practice=practice, actor=actor, assignee=demo.reviewer)
    with pytest.raises(DomainError):
        review_note_add(practice=practice, actor=demo.reviewer, text="x" * 4001)
    assert not ReviewNote.objects.exists()
    assert review_assign(practice=practice, actor=demo.reviewer, assignee=demo.reviewer).assignee == demo.reviewer
    # Assigning the same person again changes nothing.
    assert review_assign(practice=practice, actor=demo.reviewer, assignee=demo.reviewer).assignee == demo.reviewer
