"""Permission matrix of the practice side: every view × every role × a practice in and out of scope.

The practice belongs to Phường An Lưu (Thị xã Kinh Môn). officer registers for it; reviewer and provincial
read it; officer2 and reviewer2 (Huyện Thanh Hà) must get a 404 everywhere, exactly as for a missing id.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from models_registry.models import Attachment, Practice
from tests.models_registry.practice_helpers import PDF_BYTES, make_practice

pytestmark = pytest.mark.django_db

ROLES = ["officer", "officer2", "reviewer", "reviewer2", "provincial", "anonymous"]
OUT_OF_SCOPE = {"officer2", "reviewer2"}

# view -> (method, state the practice needs, expected for officer / in-scope reader)
#   ok: 200, done: 302 back to the detail page and the action happened, denied: 302 with a message and nothing changed
VIEWS = {
    "practice_detail": ("get", "draft", "ok", "ok"),
    "practice_edit": ("get", "draft", "ok", "denied"),
    "practice_edit:post": ("post", "draft", "done", "denied"),
    "practice_submit": ("post", "draft", "done", "denied"),
    "practice_propose": ("post", "registered", "done", "denied"),
    "practice_withdraw": ("post", "registered", "done", "denied"),
    "attachment_upload": ("post", "draft", "done", "denied"),
    "attachment_download": ("get", "draft", "ok", "ok"),
}
TARGET_STATE = {
    "practice_submit": "registered",
    "practice_propose": "proposed",
    "practice_withdraw": "withdrawn",
}


def post_data(name, practice):
    if name == "practice_edit:post":
        return {
            "title": "Tên đã sửa",
            "kind": practice.kind,
            "subject": practice.subject,
            "field": practice.field_id,
            "phase": practice.phase_id,
            "unit": practice.unit_id,
            "budget_vnd": 0,
            "workdays": 0,
            "socialized_funding_vnd": 0,
            "expected_version": practice.version,
        }
    if name == "practice_propose":
        return {
            "expected_version": practice.version,
            "people_reached": 10,
            "money_mobilized_vnd": 0,
            "workdays_mobilized": 0,
            "land_donated_m2": 0,
            "results": "Có kết quả.",
        }
    if name == "attachment_upload":
        return {"file": SimpleUploadedFile("minh-chung.pdf", PDF_BYTES)}
    return {"expected_version": practice.version}


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def snapshot(practice):
    fresh = Practice.objects.get(pk=practice.pk)
    return (fresh.state, fresh.title, fresh.version, Attachment.objects.filter(practice=practice).count())


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("view", sorted(VIEWS))
def test_matrix(client, demo, view, role):
    method, state, for_officer, for_reader = VIEWS[view]
    practice = make_practice(demo.an_luu, state=state, title="Tên ban đầu")
    url_name = view.split(":")[0]
    if url_name == "attachment_download":
        attachment = Attachment.objects.create(
            practice=practice,
            file=SimpleUploadedFile("x.pdf", PDF_BYTES),
            original_name="Biên bản.pdf",
            content_type="application/pdf",
            size=len(PDF_BYTES),
        )
        url = reverse(url_name, args=[attachment.pk])
    else:
        url = reverse(url_name, args=[practice.pk])
    if role != "anonymous":
        client.force_login(demo.users[role])
    before = snapshot(practice)
    response = client.get(url) if method == "get" else client.post(url, post_data(view, practice))

    if role == "anonymous":
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
        assert snapshot(practice) == before
        return
    if role in OUT_OF_SCOPE:
        assert response.status_code == 404
        assert "Tên ban đầu" not in response.content.decode(errors="replace")
        assert snapshot(practice) == before
        return
    expected = for_officer if role == "officer" else for_reader
    detail = reverse("practice_detail", args=[practice.pk])
    if expected == "ok":
        assert response.status_code == 200
    elif expected == "done":
        assert response.status_code == 302 and response.url == detail
        after = snapshot(practice)
        assert after != before
        if url_name in TARGET_STATE:
            assert after[0] == TARGET_STATE[url_name]
    else:  # denied: a clear message on the detail page, nothing changed
        assert response.status_code == 302 and response.url == detail
        assert snapshot(practice) == before
        followed = client.get(detail).content.decode()
        assert "alert-danger" in followed


@pytest.mark.parametrize("role", ["officer", "reviewer", "provincial"])
def test_missing_and_forbidden_look_the_same(client, demo, role):
    other = make_practice(demo.thanh_an)
    client.force_login(demo.users[role])
    missing = client.get(reverse("practice_detail", args=[other.pk + 100000]))
    forbidden = client.get(reverse("practice_detail", args=[other.pk]))
    expected = 200 if role == "provincial" else 404
    assert missing.status_code == 404
    assert forbidden.status_code == expected


@pytest.mark.parametrize("role", ROLES)
def test_lists_and_json_by_role(client, demo, role):
    mine = make_practice(demo.an_luu, state="recognized", title="Dân vận khéo giữ gìn vệ sinh môi trường")
    if role != "anonymous":
        client.force_login(demo.users[role])
    responses = {
        "list": client.get(reverse("practice_list")),
        "export": client.get(reverse("practice_export")),
        "similar": client.get(reverse("practice_similar"), {"q": "ve sinh moi truong"}),
        "notifications": client.get(reverse("notification_list")),
        "create": client.get(reverse("practice_create")),
    }
    if role == "anonymous":
        for response in responses.values():
            assert response.status_code == 302 and response.url.startswith(reverse("login"))
        return
    sees_it = role not in OUT_OF_SCOPE
    assert responses["list"].status_code == 200
    assert (mine in responses["list"].context["page"].object_list) is sees_it
    assert responses["export"].status_code == 200
    similar_ids = [row["id"] for row in responses["similar"].json()["results"]]
    assert (mine.pk in similar_ids) is sees_it
    assert responses["notifications"].status_code == 200
    assert responses["create"].status_code == (200 if role.startswith("officer") else 302)
