"""The demo after the reform (seeding/reform.py): logins commune and city, the ward's 2026 practices."""

import pytest

from models_registry.bodies import document_identity
from models_registry.models import Decision, Membership, Practice, PracticeState, Role, Unit
from models_registry.seeding.reform import WARD_TITLES, seed_demo_reform

pytestmark = pytest.mark.django_db


def test_demo_reform_is_idempotent_and_gives_the_new_logins(demo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        seed_demo_reform()
    ward = Unit.objects.current().get(code="10675")
    assert ward.name == "Phường Kinh Môn"
    assert Membership.objects.filter(user__username="commune", unit=ward, role=Role.REVIEWER).exists()
    assert Membership.objects.filter(user__username="city", unit=ward.parent, role=Role.PROVINCIAL).exists()
    assert Membership.objects.filter(user=demo.officer, unit=ward, role=Role.OFFICER).exists()
    assert Membership.objects.filter(user=demo.reviewer, unit=demo.kinh_mon).exists()
    decision = Decision.objects.get(board=ward)
    assert decision.number == "01-QĐ/ĐU"
    assert Practice.objects.get(title=WARD_TITLES[0][1]).state == PracticeState.RECOGNIZED
    assert document_identity(ward).signer_name == "Đỗ Thị Lan"
    before = (Practice.objects.count(), Unit.objects.count(), Membership.objects.count())
    lines = seed_demo_reform()
    assert (Practice.objects.count(), Unit.objects.count(), Membership.objects.count()) == before
    assert "0 practices added" in lines[-1]
