"""Decision endpoints × every role: list and detail in the board scope, district and provincial issue."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from models_registry.models import AuditEvent, Decision, PracticeState, RecognitionLevel
from tests.models_registry.review_fixtures import proposed, recognized

from .conftest import ROLES

pytestmark = pytest.mark.django_db

BOARD_READERS = {"reviewer", "reviewer2", "provincial"}


@pytest.mark.parametrize("role", ROLES)
def test_list_and_detail_by_role(api, demo, role):
    practice = recognized(demo.an_luu, title="Mô hình đã công nhận ở Kinh Môn")
    decision = practice.recognitions.get().decision
    listing = api.get(role, reverse("api:decision-list"))
    detail = api.get(role, reverse("api:decision-detail", args=[decision.pk]))
    if role == "anonymous":
        assert (listing.status_code, detail.status_code) == (401, 401)
        return
    if role not in BOARD_READERS:
        assert (listing.status_code, detail.status_code) == (404, 404)
        return
    assert listing.status_code == 200
    ids = [row["id"] for row in listing.json()["results"]]
    in_scope = role in ("reviewer", "provincial")
    assert (decision.pk in ids) is in_scope
    if in_scope:
        assert detail.status_code == 200
        body = detail.json()
        assert body["number"] == decision.number and body["practice_count"] == 1
        assert body["recognitions"][0]["practice"]["title"] == "Mô hình đã công nhận ở Kinh Môn"
    else:
        assert detail.status_code == 404


def _issue_body(practices, **overrides):
    return {
        "practices": [p.pk for p in practices],
        "number": "45-QĐ/BDVTXU",
        "date": date.today().isoformat(),
        "signer": "Phạm Quốc Khánh",
        **overrides,
    }


@pytest.mark.parametrize("role", ROLES)
def test_issue_by_role(api, demo, role):
    first, second = proposed(demo.an_luu), proposed(demo.an_luu)
    response = api.post(role, reverse("api:decision-list"), _issue_body([first, second], outstanding=[second.pk]))
    if role == "anonymous":
        assert response.status_code == 401
    elif role != "reviewer":
        assert response.status_code == 404
    else:
        assert response.status_code == 201, response.content
        decision = Decision.objects.get(pk=response.json()["id"])
        assert decision.level == RecognitionLevel.DISTRICT and decision.board == demo.kinh_mon
        first.refresh_from_db()
        assert first.state == PracticeState.RECOGNIZED
        assert AuditEvent.objects.filter(action="decision.issued", object_id=str(decision.pk)).count() == 1
        assert [
            r["outstanding"] for r in sorted(response.json()["recognitions"], key=lambda r: r["practice"]["id"])
        ] == [
            False,
            True,
        ]
        return
    first.refresh_from_db()
    assert first.state == PracticeState.PROPOSED and not Decision.objects.exists()


def test_issue_checks_like_the_page(api, demo):
    practice = proposed(demo.an_luu)
    future = api.post(
        "reviewer",
        reverse("api:decision-list"),
        _issue_body([practice], date=(date.today() + timedelta(days=1)).isoformat()),
    )
    assert future.status_code == 400 and future.json()["date"] == ["Ngày ký không thể sau ngày hôm nay."]
    other = proposed(demo.thanh_an)
    mixed = api.post("reviewer", reverse("api:decision-list"), _issue_body([practice, other]))
    assert mixed.status_code == 400 and "practices" in mixed.json()
    only_other = api.post("reviewer", reverse("api:decision-list"), _issue_body([other]))
    assert only_other.status_code == 404
    assert not Decision.objects.exists()


def test_a_number_already_used_is_400_with_the_message(api, demo):
    first, second = proposed(demo.an_luu), proposed(demo.an_luu)
    assert api.post("reviewer", reverse("api:decision-list"), _issue_body([first])).status_code == 201
    again = api.post("reviewer", reverse("api:decision-list"), _issue_body([second]))
    assert again.status_code == 400
    assert "đã được" in again.json()["detail"] and "45-QĐ/BDVTXU" in again.json()["detail"]
    second.refresh_from_db()
    assert second.state == PracticeState.PROPOSED


@pytest.mark.parametrize("role", ROLES)
def test_provincial_issue_by_role(api, demo, role):
    practice = recognized(demo.an_luu)
    body = _issue_body([practice], number="12-QĐ/BDVTU", signer="Vũ Đức Thắng")
    response = api.post(role, reverse("api:decision-provincial"), body)
    if role == "anonymous":
        assert response.status_code == 401
    elif role != "provincial":
        assert response.status_code == 404
    else:
        assert response.status_code == 201, response.content
        decision = Decision.objects.get(pk=response.json()["id"])
        assert decision.level == RecognitionLevel.PROVINCIAL and decision.board == demo.province
        assert practice.recognitions.filter(level=RecognitionLevel.PROVINCIAL).exists()
        assert AuditEvent.objects.filter(action="practice.recognized_provincial", practice=practice).exists()
        return
    assert not practice.recognitions.filter(level=RecognitionLevel.PROVINCIAL).exists()


def test_provincial_issue_refuses_a_practice_not_recognized_by_its_district(api, demo):
    practice = proposed(demo.an_luu)
    body = _issue_body([practice], number="12-QĐ/BDVTU")
    response = api.post("provincial", reverse("api:decision-provincial"), body)
    assert response.status_code == 400 and "practices" in response.json()
