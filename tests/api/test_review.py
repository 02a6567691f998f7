"""Review endpoints × every role: the board's actions find the practice among those the user reviews (404 else)."""

import pytest
from django.urls import reverse

from models_registry.models import AuditEvent, Commendation, Practice, Recognition
from tests.models_registry.review_fixtures import proposed, recognized

from .conftest import ROLES

pytestmark = pytest.mark.django_db

# action -> (make the practice, body, roles that succeed, state after)
ACTIONS = {
    "return": (proposed, {"reason": "Bổ sung minh chứng"}, {"reviewer"}, "returned"),
    "reject": (proposed, {"reason": "Chưa đạt tiêu chí"}, {"reviewer"}, "not_recognized"),
    "discontinue": (recognized, {"reason": "Không còn duy trì"}, {"reviewer"}, "discontinued"),
    "outstanding": (recognized, {"outstanding": True}, {"reviewer", "provincial"}, "recognized"),
    "commendations": (
        recognized,
        {"form": "Giấy khen", "issuer": "Thị ủy Kinh Môn", "date": "2024-05-02"},
        {"reviewer", "provincial"},
        "recognized",
    ),
}


def snapshot(practice):
    fresh = Practice.objects.get(pk=practice.pk)
    return (
        fresh.state,
        fresh.version,
        AuditEvent.objects.filter(practice=practice).count(),
        Commendation.objects.filter(practice=practice).count(),
        list(Recognition.objects.filter(practice=practice).values_list("outstanding", flat=True)),
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_matrix(api, demo, action, role):
    make, body, allowed, target = ACTIONS[action]
    practice = make(demo.an_luu, title="Mô hình chờ Ban xét")
    before = snapshot(practice)
    response = api.post(role, reverse(f"api:review-{action}", args=[practice.pk]), body)
    if role == "anonymous":
        assert response.status_code == 401
    elif role not in allowed:
        # Officers, the other district and (for reviewing) provincial staff: the same 404 as a missing practice.
        assert response.status_code == 404
        assert "Mô hình chờ Ban xét" not in response.content.decode()
    else:
        assert response.status_code == (201 if action == "commendations" else 200), response.content
        after = snapshot(practice)
        assert after[0] == target
        assert after[2] == before[2] + 1  # the audit event
        return
    assert snapshot(practice) == before


def test_reason_is_required_with_the_forms_message(api, demo):
    practice = proposed(demo.an_luu)
    response = api.post("reviewer", reverse("api:review-return", args=[practice.pk]), {"reason": "   "})
    assert response.status_code == 400
    assert response.json()["reason"] == ["Vui lòng ghi rõ lý do."]


def test_two_reviewers_cannot_both_win(api, demo):
    practice = proposed(demo.an_luu)
    url = reverse("api:review-return", args=[practice.pk])
    first = api.post("reviewer", url, {"reason": "Lần một", "expected_version": practice.version})
    second = api.post("reviewer", reverse("api:review-reject", args=[practice.pk]), {"reason": "Lần hai"})
    assert first.status_code == 200
    assert second.status_code == 409
    assert "Trả lại để bổ sung" in second.json()["detail"]


@pytest.mark.parametrize("role", ROLES)
def test_queue_by_role(api, demo, role):
    mine = proposed(demo.an_luu)
    response = api.get(role, reverse("api:review-queue"))
    if role == "anonymous":
        assert response.status_code == 401
    elif role in ("reviewer", "reviewer2"):
        assert response.status_code == 200
        ids = [row["id"] for row in response.json()["results"]]
        assert (mine.pk in ids) is (role == "reviewer")
    else:
        assert response.status_code == 404
