"""`seed_demo` in both eras: the district boards' story ends before the reform; Hải Phòng's new units carry on."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db.models import Q

from documents.models import RegisterEntry
from models_registry.models import (
    AuditEvent,
    Commendation,
    Decision,
    Membership,
    Notification,
    Practice,
    PracticeState,
    Recognition,
    RecognitionLevel,
    Unit,
)
from models_registry.models.audit import MEMBERSHIP_MOVED, PRACTICE_MOVED
from models_registry.seeding.reform import REFORM_DATE
from models_registry.seeding.today import COMMUNE_CODES, TODAY_MARKER, WARD_CODE, seed_demo_today

REFORM = dt.datetime(2025, 6, 30, 17, 0, tzinfo=dt.UTC)  # 1/7/2025 00:00 in Hà Nội
MOVES = [PRACTICE_MOVED, MEMBERSHIP_MOVED]


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def seed(capture):
    out = io.StringIO()
    with capture(execute=True):
        call_command("seed_demo", stdout=out)
    return out.getvalue()


def counts():
    return (
        Practice.objects.count(),
        Decision.objects.count(),
        AuditEvent.objects.count(),
        Notification.objects.count(),
        Membership.objects.count(),
        Unit.objects.count(),
    )


def test_seed_demo_in_both_eras_and_twice(demo, django_capture_on_commit_callbacks):
    """One run of the whole demo (it is slow), checked three ways, then run again."""
    output = seed(django_capture_on_commit_callbacks)
    closed_boards_stop_at_their_closing()
    new_communes_carry_on(output)
    before = counts()
    output = seed(django_capture_on_commit_callbacks)
    assert counts() == before
    assert "Hải Phòng after 1/7/2025: already present, nothing added." in output
    assert seed_demo_today()[-1] == "Hải Phòng after 1/7/2025: already present, nothing added."


def closed_boards_stop_at_their_closing():
    closed = Unit.objects.filter(valid_until__isnull=False)
    assert closed.filter(valid_until=REFORM_DATE - dt.timedelta(days=1)).exists()
    old_decisions = Decision.objects.filter(board__in=closed)
    assert old_decisions.filter(level=RecognitionLevel.PROVINCIAL).exists()
    for decision in old_decisions.select_related("board"):
        assert decision.date <= decision.board.valid_until, decision
        assert decision.created_at < REFORM, decision
    assert not Recognition.objects.filter(decision__board__in=closed, created_at__gte=REFORM).exists()
    assert not Commendation.objects.filter(Q(date__gte=REFORM_DATE) | Q(created_at__gte=REFORM)).exists()
    # Every practice of the 2021–2025 story: each step, event and notification before the reform.
    old = Practice.objects.filter(created_at__lt=REFORM)
    assert old.count() == 200
    stamps = ["submitted_at", "proposed_at", "returned_at", "rejected_at", "withdrawn_at", "recognized_at"]
    for stamp in [*stamps, "discontinued_at", "created_at"]:
        assert not old.filter(**{f"{stamp}__gte": REFORM}).exists(), stamp
    events = AuditEvent.objects.filter(practice__in=old)
    assert events.filter(created_at__lt=REFORM).count() > 500
    # Only the reform's own moves of open practices, dated on its day, come after, and the photos today's body
    # publishes (by the check below, never the closed board's staff).
    after = set(events.filter(created_at__gte=REFORM).values_list("action", flat=True))
    assert after <= {*MOVES, "attachment.published"} and PRACTICE_MOVED in after
    assert not AuditEvent.objects.filter(action__in=MOVES).exclude(created_at__date=REFORM_DATE).exists()
    assert not Notification.objects.filter(practice__in=old, created_at__gte=REFORM).exists()
    # Nobody acted as a closed board's staff after its closing.
    staff = Membership.objects.filter(unit__in=closed, role__in=["reviewer", "provincial"]).values("user")
    assert not AuditEvent.objects.filter(actor__in=staff, created_at__gte=REFORM).exists()


def new_communes_carry_on(output):
    assert "Hải Phòng after 1/7/2025: 31 practices in 10 communes and wards" in output
    units = Unit.objects.filter(valid_from=REFORM_DATE, code__in=[*COMMUNE_CODES, WARD_CODE], level="commune")
    assert units.count() == 10
    new = Practice.objects.filter(created_at__gte=REFORM)
    assert new.filter(title=TODAY_MARKER).exists()
    assert set(new.values_list("unit", flat=True)) == set(units.values_list("pk", flat=True))
    assert set(new.values_list("board", flat=True)) == set(new.values_list("unit", flat=True))
    assert set(new.values_list("state", flat=True)) == set(PracticeState.values)
    now = dt.datetime.now(dt.UTC)
    assert not new.filter(Q(created_at__lt=REFORM) | Q(updated_at__gt=now)).exists()
    # The Party committees' decisions, numbered by the register in each committee's term: …-QĐ/ĐU.
    decided = new.filter(state__in=[PracticeState.RECOGNIZED, PracticeState.DISCONTINUED])
    assert decided.count() >= 8
    for practice in decided:
        recognition = practice.recognitions.get(level=RecognitionLevel.DISTRICT)
        decision = recognition.decision
        assert decision.board_id == practice.unit_id
        assert decision.number.endswith("-QĐ/ĐU") and decision.date >= REFORM_DATE
        assert practice.recognized_at.date() - decision.date <= dt.timedelta(days=1)
        assert RegisterEntry.objects.filter(decision=decision, issuer=practice.unit).exists()
    numbers = Decision.objects.filter(board__in=units).values_list("number", flat=True)
    assert "01-QĐ/ĐU" in numbers and "02-QĐ/ĐU" in numbers
    # The city board's recognitions at city level.
    city = Decision.objects.get(board__code="31", board__valid_from=REFORM_DATE, level=RecognitionLevel.PROVINCIAL)
    assert city.number == "01-QĐ/BTGDVTU" and city.recognitions.count() == 2
    # Events of the new era are dated in it, so the 2026 reports count them.
    events = AuditEvent.objects.filter(practice__in=new)
    assert events.filter(created_at__year=2026, action="practice.recognized").exists()
    assert not events.filter(created_at__lt=REFORM).exists()
    # The `commune` login's queue and the ward's officer have new-era work.
    ward = units.get(code=WARD_CODE)
    assert Practice.objects.filter(unit=ward, state=PracticeState.PROPOSED).count() >= 3
    assert Membership.objects.filter(user__username="commune", unit=ward, role="reviewer").exists()
