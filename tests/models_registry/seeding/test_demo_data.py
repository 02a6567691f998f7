"""Demo practices (seed_demo) and national-scale synthetic data (seed_scale)."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.db.models import Count

from models_registry.models import (
    AuditEvent,
    Decision,
    Field,
    Notification,
    Practice,
    PracticeState,
    Recognition,
    RecognitionLevel,
    Unit,
    UnitLevel,
)
from models_registry.models.practices import fold
from models_registry.seeding.demo import MARKER_TITLE, seed_demo_practices
from models_registry.seeding.national import SYNTHETIC_USERNAME, seed_scale

REFORM = dt.datetime(2025, 6, 30, 17, 0, tzinfo=dt.UTC)  # 1/7/2025 00:00 in Hà Nội


def test_demo_practices_cover_every_state_field_and_district(demo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        lines = seed_demo_practices()
    assert lines[0].startswith("Demo practices: 200 ")
    practices = Practice.objects.filter(unit__path__startswith=demo.province.path)
    assert practices.count() == 200
    assert set(practices.values_list("state", flat=True)) == set(PracticeState.values)
    assert set(practices.values_list("field__code", flat=True)) == set(Field.objects.values_list("code", flat=True))
    assert set(practices.values_list("kind", "subject").distinct()) == {
        ("model", "collective"),
        ("model", "individual"),
        ("exemplar", "collective"),
        ("exemplar", "individual"),
    }
    districts = Unit.objects.filter(parent=demo.province, level=UnitLevel.DISTRICT)
    assert set(practices.values_list("board", flat=True)) == set(districts.values_list("pk", flat=True))
    # The demo officers see every state in their own unit.
    for unit in (demo.an_luu, demo.thanh_an):
        assert set(practices.filter(unit=unit).values_list("state", flat=True)) == set(PracticeState.values)
    assert practices.search("dan van kheo").count() >= 5
    assert practices.exclude(replicated_from=None).exists()

    # Dates span the phase up to the reform, so every 6-month and annual report from 2022 to 2025 has content.
    for year in range(2022, 2026):
        assert practices.filter(submitted_at__year=year).exists(), year
        assert practices.filter(recognized_at__year=year).exists(), year
    assert practices.filter(updated_at__gte=REFORM).count() == 0
    assert set(practices.values_list("phase__name", flat=True)) == {"2021–2025"}

    # Decisions recognize several practices each; recognized practices carry the decision's date.
    decisions = Decision.objects.filter(board__parent=demo.province).annotate(n=Count("recognitions"))
    assert decisions.filter(n__gte=2).exists()
    assert decisions.filter(number__endswith="-QĐ/BDVTXU", board=demo.kinh_mon).exists()
    for recognition in Recognition.objects.filter(level=RecognitionLevel.DISTRICT).select_related(
        "practice", "decision"
    ):
        assert recognition.practice.recognized_at.date() - recognition.decision.date <= dt.timedelta(days=1)
    assert Recognition.objects.filter(outstanding=True).exists()
    assert Recognition.objects.filter(level=RecognitionLevel.PROVINCIAL).exists()

    # Timelines were written by the services and moved back in time, in order.
    marker = practices.get(title=MARKER_TITLE)
    events = list(marker.events.order_by("created_at", "id"))
    assert [e.action for e in events[:2]] == ["practice.created", "practice.registered"]
    assert events[0].created_at == marker.created_at
    # Recognized by its district board, and perhaps afterwards by the provincial board.
    assert events[-1].action in {"practice.recognized", "practice.recognized_provincial"}
    assert [e.actor for e in events if e.action == "practice.recognized"] == [demo.reviewer]
    assert AuditEvent.objects.filter(practice__in=practices, created_at__year=2022).exists()
    for practice in practices.filter(state=PracticeState.DISCONTINUED):
        assert practice.recognized_at < practice.discontinued_at

    # In-app notifications exist, but seeding sent no e-mail and queued none.
    assert Notification.objects.filter(recipient=demo.reviewer, action="practice.proposed").exists()
    assert not Notification.objects.filter(email_pending=True).exists()
    assert mail.outbox == []

    # A second run adds nothing.
    assert seed_demo_practices() == ["Demo practices: already present, nothing added."]
    assert Practice.objects.count() == 200


def test_seed_scale_spreads_over_every_district_and_tops_up(db):
    summary = seed_scale(800, batch_size=300, log=lambda message: None)
    assert summary["created"] == 800
    districts = Unit.objects.filter(level=UnitLevel.DISTRICT)
    assert districts.count() == 696
    practices = Practice.objects.filter(created_by__username=SYNTHETIC_USERNAME).select_related("unit")
    assert practices.values("board").distinct().count() == 696
    assert len(set(practices.values_list("state", flat=True))) == len(PracticeState.values)
    for practice in practices[:50]:
        # What Practice.save() would have stored, computed by the bulk path.
        assert practice.board_id == (practice.unit.board or practice.unit).pk
        assert practice.search_text == fold(f"{practice.title} {practice.summary}")
    recognized = practices.filter(state__in=[PracticeState.RECOGNIZED, PracticeState.DISCONTINUED])
    assert recognized.exists()
    for practice in recognized[:30]:
        recognition = practice.recognitions.get(level=RecognitionLevel.DISTRICT)
        assert recognition.decision.board_id == practice.board_id
    assert not practices.filter(state=PracticeState.DRAFT).exclude(submitted_at=None).exists()
    assert not practices.filter(contact_email=None).exists()

    assert seed_scale(800, log=lambda message: None)["created"] == 0
    out = io.StringIO()
    call_command("seed_scale", practices=900, stdout=out)
    assert "Synthetic practices: 900 (100 added" in out.getvalue()
    assert practices.count() == 900


@pytest.mark.parametrize("state", [PracticeState.PROPOSED, PracticeState.RECOGNIZED])
def test_seeded_practices_work_with_the_workflow(db, state):
    """Synthetic rows are ordinary practices: the services accept them (the version column is consistent)."""
    from django.contrib.auth import get_user_model

    from models_registry.services import practice_return

    seed_scale(120, batch_size=120, log=lambda message: None)
    practice = Practice.objects.filter(state=state).first()
    admin = get_user_model().objects.create_superuser("root", "root@danvan.test", "x")
    if state == PracticeState.PROPOSED:
        returned = practice_return(practice=practice, actor=admin, reason="Bổ sung minh chứng")
        assert returned.state == PracticeState.RETURNED
        assert returned.version == practice.version + 1
    else:
        with pytest.raises(Exception, match="trạng thái"):
            practice_return(practice=practice, actor=admin, reason="Bổ sung minh chứng")
