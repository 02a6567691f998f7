"""Practice endpoints × every role, in and out of scope; the same services, audit events and rules as the pages.

The practice belongs to Phường An Lưu (Thị xã Kinh Môn): officer registers for it; reviewer and provincial read it;
officer2 and reviewer2 (Huyện Thanh Hà) get a 404 everywhere, exactly as for a missing id.
"""

import pytest
from django.urls import reverse

from models_registry.models import AuditEvent, Field, Phase, Practice, PracticeState
from tests.models_registry.practice_helpers import PDF_BYTES, make_practice

from .conftest import ROLES

pytestmark = pytest.mark.django_db

OUT_OF_SCOPE = {"officer2", "reviewer2"}

# action -> (method, state needed, body, state after for the officer)
ACTIONS = {
    "detail": ("get", "draft", None, None),
    "edit": ("patch", "draft", {"title": "Tên đã sửa qua API"}, "draft"),
    "submit": ("post", "draft", {}, "registered"),
    "propose": (
        "post",
        "registered",
        {
            "people_reached": 10,
            "money_mobilized_vnd": 0,
            "workdays_mobilized": 0,
            "land_donated_m2": 0,
            "results": "Có.",
        },
        "proposed",
    ),
    "withdraw": ("post", "registered", {}, "withdrawn"),
}


def url_for(action, practice):
    if action in ("detail", "edit"):
        return reverse("api:practice-detail", args=[practice.pk])
    return reverse(f"api:practice-{action}", args=[practice.pk])


def snapshot(practice):
    fresh = Practice.objects.get(pk=practice.pk)
    return fresh.state, fresh.title, fresh.version, AuditEvent.objects.filter(practice=practice).count()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_matrix(api, demo, action, role):
    method, state, body, target = ACTIONS[action]
    practice = make_practice(demo.an_luu, state=state, title="Tên ban đầu")
    before = snapshot(practice)
    response = getattr(api, method)(role, url_for(action, practice), *([body] if body is not None else []))

    if role == "anonymous":
        assert response.status_code == 401
        assert snapshot(practice) == before
        return
    if role in OUT_OF_SCOPE:
        assert response.status_code == 404
        assert "Tên ban đầu" not in response.content.decode()
        assert snapshot(practice) == before
        return
    if action == "detail":
        assert response.status_code == 200
        data = response.json()
        assert data["id"] == practice.pk and data["title"] == "Tên ban đầu"
        expected_actions = {"edit", "attach", "submit", "withdraw", "delete"} if role == "officer" else set()
        assert set(data["actions"]) == expected_actions
        return
    if role != "officer":
        assert response.status_code == 403
        assert "cán bộ" in response.json()["detail"]
        assert snapshot(practice) == before
        return
    assert response.status_code == 200, response.content
    after = snapshot(practice)
    assert after[0] == target
    assert after[2] == before[2] + 1  # one version more
    assert after[3] == before[3] + 1  # one audit event more
    assert response.json()["state"] == target


@pytest.mark.parametrize("role", ["officer", "reviewer", "provincial"])
def test_missing_and_forbidden_look_the_same(api, demo, role):
    other = make_practice(demo.thanh_an, title="Vườn vải Thanh Hà")
    missing = api.get(role, reverse("api:practice-detail", args=[other.pk + 100000]))
    other_scope = api.get(role, reverse("api:practice-detail", args=[other.pk]))
    assert missing.status_code == 404
    if role == "provincial":
        assert other_scope.status_code == 200
    else:
        assert other_scope.status_code == 404
        assert other_scope.json() == missing.json()


@pytest.mark.parametrize("role", ROLES)
def test_list_by_role(api, demo, role):
    mine = make_practice(demo.an_luu, title="Dân vận khéo giữ gìn vệ sinh môi trường")
    theirs = make_practice(demo.thanh_an, title="Vườn vải Thanh Hà")
    response = api.get(role, reverse("api:practice-list"))
    if role == "anonymous":
        assert response.status_code == 401
        return
    assert response.status_code == 200
    ids = {row["id"] for row in response.json()["results"]}
    assert (mine.pk in ids) is (role not in OUT_OF_SCOPE)
    assert (theirs.pk in ids) is (role in {"officer2", "reviewer2", "provincial"})


def test_list_uses_the_pages_filters(api, demo):
    recognized = make_practice(demo.an_luu, state="recognized", title="Dân vận khéo chợ phiên vùng cao")
    make_practice(demo.an_luu, state="draft", title="Bản nháp khác")
    by_state = api.get("reviewer", reverse("api:practice-list"), {"state": "recognized"}).json()
    assert [row["id"] for row in by_state["results"]] == [recognized.pk]
    by_search = api.get("reviewer", reverse("api:practice-list"), {"q": "cho phien"}).json()
    assert [row["id"] for row in by_search["results"]] == [recognized.pk]
    by_unit = api.get("reviewer", reverse("api:practice-list"), {"unit": demo.an_luu.pk}).json()
    assert by_unit["count"] == 2 and by_unit["capped"] is False


def test_list_refuses_a_unit_outside_the_scope(api, demo):
    response = api.get("officer", reverse("api:practice-list"), {"unit": demo.thanh_an.pk})
    assert response.status_code == 400
    assert "unit" in response.json()


def test_list_bad_filters_are_400_not_500(api, demo):
    for params in ({"state": "nope"}, {"year": "abc"}, {"sort": "password"}, {"field": "x"}, {"page": "999"}):
        response = api.get("reviewer", reverse("api:practice-list"), params)
        assert response.status_code in (400, 404), params
        assert "detail" in response.json() or response.json(), params


def test_list_query_count_does_not_grow_with_rows(api, demo, django_assert_max_num_queries):
    for number in range(30):
        make_practice(demo.an_luu, title=f"Mô hình số {number}")
    api.token("reviewer")
    # token lookup, last-used, memberships, filter's unit choices check, capped count, page ids, page rows
    with django_assert_max_num_queries(9):
        response = api.get("reviewer", reverse("api:practice-list"))
    assert response.status_code == 200 and len(response.json()["results"]) == 25


def _registration(demo, **overrides):
    return {
        "title": "Mô hình “Chính quyền thân thiện” qua API",
        "kind": "model",
        "subject": "collective",
        "field": Field.objects.get(code="kinh-te").pk,
        "phase": Phase.objects.get(name="2021–2025").pk,
        "unit": demo.an_luu.pk,
        "summary": "Tiếp dân tận tình.",
        "start_date": "2024-03-15",
        **overrides,
    }


@pytest.mark.parametrize("role", ROLES)
def test_create_by_role(api, demo, role):
    count = Practice.objects.count()
    response = api.post(role, reverse("api:practice-list"), _registration(demo))
    expected = {"anonymous": 401, "officer": 201, "officer2": 400}.get(role, 403)
    assert response.status_code == expected, response.content
    if role == "officer":
        practice = Practice.objects.get(pk=response.json()["id"])
        assert practice.state == PracticeState.DRAFT and practice.unit == demo.an_luu
        assert practice.created_by == demo.officer
        event = AuditEvent.objects.get(practice=practice)
        assert event.action == "practice.created" and event.actor == demo.officer
    else:
        # officer2 registers for Thanh An only: An Lưu is not a choice of the form (400 on "unit").
        assert Practice.objects.count() == count
    if role == "officer2":
        assert "unit" in response.json()


def test_create_checks_with_the_pages_form(api, demo):
    response = api.post(
        "officer",
        reverse("api:practice-list"),
        _registration(demo, start_date="2024-05-01", evaluation_date="2024-01-01"),
    )
    assert response.status_code == 400
    assert response.json()["evaluation_date"] == ["Ngày đánh giá phải sau ngày bắt đầu."]
    missing = api.post("officer", reverse("api:practice-list"), {"title": "Thiếu"})
    assert missing.status_code == 400 and "kind" in missing.json()


def test_edit_keeps_fields_not_sent_and_refuses_a_stale_version(api, demo):
    practice = make_practice(demo.an_luu, title="Tên ban đầu", summary="Tóm tắt giữ nguyên")
    url = reverse("api:practice-detail", args=[practice.pk])
    response = api.patch("officer", url, {"title": "Tên mới", "expected_version": practice.version})
    assert response.status_code == 200
    practice.refresh_from_db()
    assert (practice.title, practice.summary) == ("Tên mới", "Tóm tắt giữ nguyên")
    stale = api.patch("officer", url, {"title": "Tên cũ hơn", "expected_version": practice.version - 1})
    assert stale.status_code == 409
    assert "vừa được người khác thay đổi" in stale.json()["detail"]
    practice.refresh_from_db()
    assert practice.title == "Tên mới"


def test_domain_errors_are_409_with_the_vietnamese_message(api, demo):
    recognized = make_practice(demo.an_luu, state="recognized")
    edit = api.patch("officer", reverse("api:practice-detail", args=[recognized.pk]), {"title": "Không sửa được"})
    assert edit.status_code == 409
    assert edit.json() == {"detail": "Mô hình ở trạng thái “Đã công nhận” không thể sửa.", "code": "conflict"}
    submit = api.post("officer", reverse("api:practice-submit", args=[recognized.pk]))
    assert submit.status_code == 409
    assert "Không thể thực hiện thao tác này" in submit.json()["detail"]


def test_propose_without_results_is_400_with_the_message(api, demo):
    practice = make_practice(demo.an_luu, state="registered", results="")
    body = dict(ACTIONS["propose"][2], results="   ")
    response = api.post("officer", reverse("api:practice-propose", args=[practice.pk]), body)
    assert response.status_code == 400
    practice.refresh_from_db()
    assert practice.state == PracticeState.REGISTERED


def _events(practice):
    return [
        (event.action, event.actor_id, sorted(event.changes), event.note)
        for event in AuditEvent.objects.filter(practice=practice).order_by("id")
    ]


def test_writes_leave_the_same_audit_trail_as_the_pages(api, client, demo):
    """submit, propose, return, propose again: through the pages and through the API, the same events."""
    by_page = make_practice(demo.an_luu, title="Qua trang")
    by_api = make_practice(demo.an_luu, title="Qua API")
    results = ACTIONS["propose"][2]

    client.force_login(demo.officer)
    client.post(reverse("practice_submit", args=[by_page.pk]), {"expected_version": 1})
    client.post(reverse("practice_propose", args=[by_page.pk]), {**results, "expected_version": 2})
    client.force_login(demo.reviewer)
    client.post(reverse("practice_return", args=[by_page.pk]), {"reason": "Bổ sung số liệu", "expected_version": 3})
    client.logout()

    api.post("officer", reverse("api:practice-submit", args=[by_api.pk]), {"expected_version": 1})
    api.post("officer", reverse("api:practice-propose", args=[by_api.pk]), {**results, "expected_version": 2})
    api.post("reviewer", reverse("api:review-return", args=[by_api.pk]), {"reason": "Bổ sung số liệu"})

    page_events, api_events = _events(by_page), _events(by_api)
    assert [e[0] for e in api_events] == ["practice.registered", "practice.proposed", "practice.returned"]
    assert api_events == page_events
    by_page.refresh_from_db()
    by_api.refresh_from_db()
    assert (by_api.state, by_api.version, by_api.last_reason) == (by_page.state, by_page.version, by_page.last_reason)


def test_the_frameworks_own_messages_are_vietnamese(api, demo):
    practice = make_practice(demo.an_luu)
    anonymous = api.get("anonymous", reverse("api:practice-list"))
    assert anonymous.json()["detail"].startswith("Chưa có thông tin xác thực")
    bad_type = api.post("officer", reverse("api:practice-submit", args=[practice.pk]), {"expected_version": "abc"})
    assert bad_type.status_code == 400
    assert bad_type.json() == {"expected_version": ["Vui lòng nhập một số nguyên."]}
    not_json = api.client.post(
        reverse("api:practice-submit", args=[practice.pk]),
        "x=1",
        content_type="text/plain",
        headers=api.headers("officer"),
    )
    assert not_json.status_code == 415 and "JSON" in not_json.json()["detail"]
    missing = api.get("officer", reverse("api:practice-detail", args=[practice.pk + 10**6]))
    assert missing.json() == {"detail": "Không tìm thấy."}


def _delete(api, role, practice, query=""):
    return api.client.delete(reverse("api:practice-detail", args=[practice.pk]) + query, headers=api.headers(role))


@pytest.mark.parametrize("role", ROLES)
def test_delete_draft_by_role(api, demo, role, tmp_path, django_capture_on_commit_callbacks):
    """DELETE on a draft: the officer of its unit deletes it (as "Xóa bản nháp" on the page); others keep it."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from models_registry.services import attachment_add

    practice = make_practice(demo.an_luu, title="Bản nháp sẽ xóa")
    attachment_add(
        practice=practice,
        actor=demo.officer,
        file=SimpleUploadedFile("ke-hoach.pdf", PDF_BYTES, content_type="application/pdf"),
    )
    stored = practice.attachments.get().file.name
    before = snapshot(practice)
    with django_capture_on_commit_callbacks(execute=True):
        response = _delete(api, role, practice, f"?expected_version={practice.version}")

    if role == "officer":
        assert response.status_code == 204, response.content
        assert not Practice.objects.filter(pk=practice.pk).exists()
        event = AuditEvent.objects.get(action="practice.draft_deleted", object_id=str(practice.pk))
        assert event.actor == demo.officer and event.note == "Bản nháp sẽ xóa"
        assert not (tmp_path / "media" / stored).exists()
        return
    expected = {"anonymous": 401, "officer2": 404, "reviewer2": 404}.get(role, 403)
    assert response.status_code == expected, response.content
    if expected == 404:
        assert "Bản nháp sẽ xóa" not in response.content.decode()
        assert response.json() == _delete(api, role, Practice(pk=practice.pk + 10**6)).json()
    if expected == 403:
        assert "cán bộ" in response.json()["detail"]
    assert snapshot(practice) == before
    assert (tmp_path / "media" / stored).exists()


def test_delete_refuses_what_is_not_a_draft_a_stale_version_and_a_bad_one(api, demo):
    registered = make_practice(demo.an_luu, state="registered", title="Đã đăng ký")
    refused = _delete(api, "officer", registered)
    assert refused.status_code == 409
    assert refused.json()["detail"].startswith("Chỉ xóa được bản nháp")
    assert Practice.objects.filter(pk=registered.pk).exists()

    draft = make_practice(demo.an_luu, title="Bản nháp")
    stale = _delete(api, "officer", draft, f"?expected_version={draft.version + 1}")
    assert stale.status_code == 409 and "vừa được người khác thay đổi" in stale.json()["detail"]
    bad = _delete(api, "officer", draft, "?expected_version=abc")
    assert bad.status_code == 400 and bad.json() == {"expected_version": ["Vui lòng nhập một số nguyên."]}
    assert Practice.objects.filter(pk=draft.pk).exists()
    # Without a version: the current one, as the API's other writes.
    assert _delete(api, "officer", draft).status_code == 204
    assert not Practice.objects.filter(pk=draft.pk).exists()
    assert _delete(api, "officer", draft).status_code == 404
