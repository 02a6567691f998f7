"""Permission matrix of the board side: every view × every role × an object in and out of the role's scope.

Out of scope is a 404 (never a 403, never another page); officers get a 404 on board-only pages; anonymous
users are sent to the login page, except on the public showcase.
"""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from models_registry.models import Commendation, Decision, PracticeState, Recognition, RecognitionLevel

from ..review_fixtures import PDF_BYTES, proposed, recognized

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Scanned decisions written by these tests go to a throwaway directory."""
    settings.MEDIA_ROOT = tmp_path


ROLES = ["officer", "officer2", "reviewer", "reviewer2", "provincial", "anonymous"]
# Which district's objects each role may see: officer → Phường An Lưu (Kinh Môn), officer2 → Xã Thanh An (Thanh Hà).
SCOPE = {
    "officer": {"kinh_mon"},
    "officer2": {"thanh_ha"},
    "reviewer": {"kinh_mon"},
    "reviewer2": {"thanh_ha"},
    "provincial": {"kinh_mon", "thanh_ha"},
    "anonymous": set(),
}
SIDES = ["kinh_mon", "thanh_ha"]


def login(client, demo, role):
    if role != "anonymous":
        client.force_login(getattr(demo, role))
    return client


def assert_login_redirect(response):
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def commune(demo, side):
    return demo.an_luu if side == "kinh_mon" else demo.thanh_an


# --- Pages without an object -----------------------------------------------------------------------------------

PAGE_ACCESS = {
    # view name -> roles that get 200 (others: 404, anonymous: login)
    "review_queue": {"reviewer", "reviewer2"},
    "dashboard": {"reviewer", "reviewer2", "provincial"},
    "decision_list": {"reviewer", "reviewer2", "provincial"},
    "decision_provincial_create": {"provincial"},
    "public_list": set(ROLES),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("view", sorted(PAGE_ACCESS))
def test_pages_by_role(client, demo, view, role):
    response = login(client, demo, role).get(reverse(view))
    if role in PAGE_ACCESS[view]:
        assert response.status_code == 200
    elif role == "anonymous":
        assert_login_redirect(response)
    else:
        assert response.status_code == 404


# --- Read views on a decision, and the public detail ------------------------------------------------------------


@pytest.fixture
def decisions(demo):
    result = {}
    for side in SIDES:
        practice = recognized(commune(demo, side))
        decision = practice.recognitions.get().decision
        decision.scanned_file.save("quyet-dinh.pdf", ContentFile(PDF_BYTES))
        result[side] = decision
    return result


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("view", ["decision_detail", "decision_file"])
def test_decision_views_by_role_and_scope(client, demo, decisions, view, role, side):
    response = login(client, demo, role).get(reverse(view, args=[decisions[side].pk]))
    board_role = role in {"reviewer", "reviewer2", "provincial"}
    if role == "anonymous":
        assert_login_redirect(response)
    elif board_role and side in SCOPE[role]:
        assert response.status_code == 200
        if view == "decision_file":
            assert b"".join(response.streaming_content) == PDF_BYTES
            assert response["Content-Type"] == "application/pdf"
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_public_detail_is_open_for_recognized_and_404_otherwise(client, demo, role):
    shown = recognized(demo.an_luu)
    hidden = proposed(demo.an_luu)
    login(client, demo, role)
    assert client.get(reverse("public_detail", args=[shown.pk])).status_code == 200
    assert client.get(reverse("public_detail", args=[hidden.pk])).status_code == 404


# --- Actions (POST) ---------------------------------------------------------------------------------------------

ACTIONS = {
    # view name -> (roles allowed to act on an in-scope object, state the object starts in, POST data, check)
    "practice_return": ({"reviewer", "reviewer2"}, "proposed", {"reason": "Bổ sung ảnh minh chứng."}),
    "practice_reject": ({"reviewer", "reviewer2"}, "proposed", {"reason": "Chưa đạt tiêu chí."}),
    "practice_discontinue": ({"reviewer", "reviewer2"}, "recognized", {"reason": "Không còn duy trì."}),
    "recognition_mark_outstanding": (
        {"reviewer", "reviewer2", "provincial"},
        "recognized",
        {"outstanding": "on"},
    ),
    "commendation_record": (
        {"reviewer", "reviewer2", "provincial"},
        "recognized",
        {"form": "Giấy khen", "issuer": "UBND thị xã", "date": "01/06/2024"},
    ),
}


def effect(view, practice):
    """What the action changed, read back from the database."""
    practice.refresh_from_db()
    if view == "recognition_mark_outstanding":
        return Recognition.objects.get(practice=practice, level=RecognitionLevel.DISTRICT).outstanding
    if view == "commendation_record":
        return Commendation.objects.filter(practice=practice).count()
    return practice.state


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("view", sorted(ACTIONS))
def test_actions_by_role_and_scope(client, demo, view, role, side):
    allowed, state, data = ACTIONS[view]
    unit = commune(demo, side)
    practice = proposed(unit) if state == "proposed" else recognized(unit)
    before = effect(view, practice)
    response = login(client, demo, role).post(
        reverse(view, args=[practice.pk]), {**data, "expected_version": practice.version}
    )
    after = effect(view, practice)
    if role == "anonymous":
        assert_login_redirect(response)
        assert after == before
    elif role in allowed and side in SCOPE[role]:
        assert response.status_code == 302
        assert response.url == reverse("practice_detail", args=[practice.pk])
        assert after != before
    else:
        assert response.status_code == 404
        assert after == before


@pytest.mark.parametrize("view", sorted(ACTIONS))
def test_actions_refuse_get(client, demo, view):
    practice = proposed(demo.an_luu)
    client.force_login(demo.reviewer)
    assert client.get(reverse(view, args=[practice.pk])).status_code == 405


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("role", ROLES)
def test_decision_create_by_role_and_scope(client, demo, role, side):
    practice = proposed(commune(demo, side))
    response = login(client, demo, role).get(reverse("decision_create"), {"ids": str(practice.pk)})
    reviewer_in_scope = role in {"reviewer", "reviewer2"} and side in SCOPE[role]
    if role == "anonymous":
        assert_login_redirect(response)
    elif reviewer_in_scope:
        assert response.status_code == 200
        assert practice.title in response.content.decode()
    else:
        assert response.status_code == 404
    # Issuing through POST is refused the same way, and nothing is recognized.
    response = client.post(
        reverse("decision_create"),
        {"ids": str(practice.pk), "number": "7-QĐ/BDVHU", "date": "02/01/2024", "signer": "Phạm Quốc Khánh"},
    )
    practice.refresh_from_db()
    if reviewer_in_scope:
        assert practice.state == PracticeState.RECOGNIZED
    else:
        assert practice.state == PracticeState.PROPOSED
        assert not Decision.objects.filter(number="7-QĐ/BDVHU").exists()
        assert response.status_code == (302 if role == "anonymous" else 404)


def test_provincial_recognition_refuses_practices_of_another_province(client, demo):
    """A provincial user of another province cannot pick Hải Dương's practices (they are not candidates)."""
    from models_registry.models import Membership, Role, Unit, UnitKind, UnitLevel
    from tests.factories import UserFactory

    other_province = Unit.objects.create(code="99", name="Tỉnh Thử", level=UnitLevel.PROVINCE, kind=UnitKind.PROVINCE)
    user = UserFactory()
    Membership.objects.create(user=user, unit=other_province, role=Role.PROVINCIAL)
    practice = recognized(demo.an_luu)
    client.force_login(user)
    response = client.post(
        reverse("decision_provincial_create"),
        {"practices": [practice.pk], "number": "3-QĐ/BDVTU", "date": "02/01/2024", "signer": "Vũ Đức Thắng"},
    )
    assert response.status_code == 200
    assert not practice.recognitions.filter(level=RecognitionLevel.PROVINCIAL).exists()


def test_review_buttons_match_what_the_views_allow_for_a_superuser(client, demo):
    """The admin has no reviewer membership: no return/recognize buttons that would lead to a 404."""
    waiting, done = proposed(demo.an_luu), recognized(demo.an_luu)
    client.force_login(demo.admin)
    html = client.get(reverse("practice_detail", args=[waiting.pk])).content.decode()
    assert reverse("practice_return", args=[waiting.pk]) not in html
    assert client.post(reverse("practice_return", args=[waiting.pk]), {"reason": "x"}).status_code == 404
    html = client.get(reverse("practice_detail", args=[done.pk])).content.decode()
    assert reverse("recognition_mark_outstanding", args=[done.pk]) in html
    assert (
        client.post(reverse("recognition_mark_outstanding", args=[done.pk]), {"outstanding": "on"}).status_code == 302
    )
    assert Recognition.objects.get(practice=done).outstanding is True
