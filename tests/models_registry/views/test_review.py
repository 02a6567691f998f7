"""The review queue and every board action through its view."""

import threading
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from models_registry.models import AuditEvent, Commendation, Membership, PracticeState, Recognition, Role
from tests.factories import UserFactory

from ..review_fixtures import other_commune, proposed, recognized

pytestmark = pytest.mark.django_db


def page(response):
    return response.content.decode()


# --- Queue -----------------------------------------------------------------------------------------------------


def test_queue_lists_the_boards_proposals_oldest_first(client, demo):
    other = other_commune(demo.kinh_mon, demo.an_luu)
    recent = proposed(demo.an_luu, days_ago=2, title="Đề nghị mới")
    oldest = proposed(other, days_ago=45, title="Đề nghị cũ nhất")
    middle = proposed(demo.an_luu, days_ago=20, title="Đề nghị giữa")
    registered = proposed(demo.an_luu, title="Chưa đề nghị")
    registered.state = PracticeState.REGISTERED
    registered.save()
    foreign = proposed(demo.thanh_an, title="Đề nghị của Thanh Hà")

    client.force_login(demo.reviewer)
    response = client.get(reverse("review_queue"))

    assert response.status_code == 200
    rows = [practice for practice, _days in response.context["rows"]]
    assert rows == [oldest, middle, recent]
    html = page(response)
    assert foreign.title not in html and registered.title not in html
    # Unit, field and kind are shown, and so is how long each proposal has waited.
    assert other.name in html and "Kinh tế" in html and "Mô hình" in html
    assert dict((p.pk, d) for p, d in response.context["rows"]) == {oldest.pk: 45, middle.pk: 20, recent.pk: 2}


def test_queue_highlights_proposals_waiting_more_than_30_days(client, demo):
    proposed(demo.an_luu, days_ago=31, title="Chờ lâu")
    proposed(demo.an_luu, days_ago=30, title="Vừa đủ 30 ngày")
    client.force_login(demo.reviewer)
    html = page(client.get(reverse("review_queue")))
    late_rows = [row for row in html.split("<tr") if "queue-late" in row.split(">")[0]]
    assert len(late_rows) == 1
    assert "Chờ lâu" in late_rows[0]


def test_queue_has_checkboxes_that_lead_to_one_decision(client, demo):
    a, b = proposed(demo.an_luu), proposed(demo.an_luu)
    client.force_login(demo.reviewer)
    html = page(client.get(reverse("review_queue")))
    assert f'action="{reverse("decision_create")}"' in html
    assert f'name="ids" value="{a.pk}"' in html and f'name="ids" value="{b.pk}"' in html
    # Submitting the queue's form (repeated ids) opens the decision form with both.
    response = client.get(reverse("decision_create"), {"ids": [a.pk, b.pk]})
    assert response.status_code == 200
    assert response.context["practices"] == [a, b]


@pytest.mark.parametrize("rows", [3, 40])
def test_queue_query_count_does_not_grow_with_rows(client, demo, django_assert_max_num_queries, rows):
    communes = list(demo.kinh_mon.children.all()[:5])
    for i in range(rows):
        proposed(communes[i % len(communes)], days_ago=i)
    client.force_login(demo.reviewer)
    # session, user, memberships, count, page, unread notifications, and the session save (3)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("review_queue"))
    assert len(response.context["rows"]) == rows


# --- Return, reject, discontinue --------------------------------------------------------------------------------


def test_return_with_reason_through_the_view(client, demo, mailoutbox, django_capture_on_commit_callbacks):
    practice = proposed(demo.an_luu)
    client.force_login(demo.reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("practice_return", args=[practice.pk]),
            {"reason": "Bổ sung hình ảnh minh chứng.", "expected_version": practice.version},
            follow=True,
        )
    practice.refresh_from_db()
    assert practice.state == PracticeState.RETURNED
    assert practice.last_reason == "Bổ sung hình ảnh minh chứng."
    assert "Đã trả lại" in page(response)
    event = AuditEvent.objects.get(practice=practice, action="practice.returned")
    assert event.actor == demo.reviewer and event.note == "Bổ sung hình ảnh minh chứng."
    # The unit's officer is told, in the app and by e-mail.
    assert demo.officer.notifications.filter(practice=practice, action="practice.returned").exists()
    assert any("officer@danvan.local" in mail.to for mail in mailoutbox)


def test_return_without_reason_is_refused_with_a_message(client, demo):
    practice = proposed(demo.an_luu)
    client.force_login(demo.reviewer)
    response = client.post(
        reverse("practice_return", args=[practice.pk]), {"reason": "   ", "expected_version": 1}, follow=True
    )
    practice.refresh_from_db()
    assert practice.state == PracticeState.PROPOSED
    assert "Vui lòng ghi rõ lý do." in page(response)
    assert not AuditEvent.objects.filter(practice=practice, action="practice.returned").exists()


def test_reject_with_reason_through_the_view(client, demo):
    practice = proposed(demo.an_luu)
    client.force_login(demo.reviewer)
    client.post(
        reverse("practice_reject", args=[practice.pk]),
        {"reason": "Chưa đủ tiêu chí.", "expected_version": practice.version},
    )
    practice.refresh_from_db()
    assert practice.state == PracticeState.NOT_RECOGNIZED
    assert practice.last_reason == "Chưa đủ tiêu chí."
    assert AuditEvent.objects.filter(practice=practice, action="practice.not_recognized").count() == 1


def test_discontinue_a_recognized_practice(client, demo):
    practice = recognized(demo.an_luu)
    client.force_login(demo.reviewer)
    response = client.post(
        reverse("practice_discontinue", args=[practice.pk]),
        {"reason": "Kiểm tra năm 2024: không duy trì.", "expected_version": practice.version},
        follow=True,
    )
    practice.refresh_from_db()
    assert practice.state == PracticeState.DISCONTINUED
    assert practice.discontinued_at is not None
    assert "không còn duy trì" in page(response)


def test_stale_version_gets_the_someone_else_message(client, demo):
    """A reviewer acting from a page loaded before another reviewer's action sees why nothing happened."""
    practice = proposed(demo.an_luu)
    client.force_login(demo.reviewer)
    client.post(
        reverse("practice_return", args=[practice.pk]), {"reason": "Lần một", "expected_version": practice.version}
    )
    response = client.post(
        reverse("practice_reject", args=[practice.pk]),
        {"reason": "Lần hai, trang cũ", "expected_version": practice.version},
        follow=True,
    )
    practice.refresh_from_db()
    assert practice.state == PracticeState.RETURNED
    assert "vừa được người khác thay đổi" in page(response)
    assert "Trả lại để bổ sung" in page(response)


def test_illegal_transition_gets_the_state_message(client, demo):
    practice = recognized(demo.an_luu)
    client.force_login(demo.reviewer)
    response = client.post(
        reverse("practice_return", args=[practice.pk]),
        {"reason": "Trả lại", "expected_version": practice.version},
        follow=True,
    )
    practice.refresh_from_db()
    assert practice.state == PracticeState.RECOGNIZED
    assert "Không thể thực hiện thao tác này khi mô hình đang ở trạng thái “Đã công nhận”" in page(response)


def test_next_parameter_returns_to_the_queue_but_not_elsewhere(client, demo):
    practice, other = proposed(demo.an_luu), proposed(demo.an_luu)
    client.force_login(demo.reviewer)
    response = client.post(
        reverse("practice_return", args=[practice.pk]),
        {"reason": "Bổ sung", "expected_version": 1, "next": reverse("review_queue")},
    )
    assert response.url == reverse("review_queue")
    response = client.post(
        reverse("practice_return", args=[other.pk]),
        {"reason": "Bổ sung", "expected_version": 1, "next": "https://evil.example/"},
    )
    assert response.url == reverse("practice_detail", args=[other.pk])


# --- Outstanding and commendations ------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["reviewer", "provincial"])
def test_mark_and_unmark_outstanding(client, demo, username):
    practice = recognized(demo.an_luu)
    client.force_login(getattr(demo, username))
    url = reverse("recognition_mark_outstanding", args=[practice.pk])
    client.post(url, {"outstanding": "on"})
    assert Recognition.objects.get(practice=practice).outstanding is True
    client.post(url, {})
    assert Recognition.objects.get(practice=practice).outstanding is False
    actions = list(AuditEvent.objects.filter(practice=practice).values_list("action", flat=True))
    assert actions == ["practice.outstanding_marked", "practice.outstanding_unmarked"]


def test_outstanding_on_a_practice_not_recognized_is_refused(client, demo):
    practice = proposed(demo.an_luu)
    client.force_login(demo.reviewer)
    response = client.post(
        reverse("recognition_mark_outstanding", args=[practice.pk]), {"outstanding": "on"}, follow=True
    )
    assert "Chỉ mô hình đã được công nhận" in page(response)
    assert not Recognition.objects.filter(practice=practice).exists()


def test_record_commendation(client, demo):
    practice = recognized(demo.an_luu)
    client.force_login(demo.provincial)
    response = client.post(
        reverse("commendation_record", args=[practice.pk]),
        {"form": "Bằng khen", "issuer": "Ban Thường vụ Tỉnh ủy", "decision_number": "12-QĐ/TU", "date": "15/05/2024"},
        follow=True,
    )
    commendation = Commendation.objects.get(practice=practice)
    assert (commendation.form, commendation.issuer, commendation.date) == (
        "Bằng khen",
        "Ban Thường vụ Tỉnh ủy",
        date(2024, 5, 15),
    )
    assert commendation.created_by == demo.provincial
    assert "Đã ghi nhận khen thưởng" in page(response)
    assert AuditEvent.objects.filter(practice=practice, action="practice.commended").exists()


def test_commendation_with_bad_date_is_refused(client, demo):
    practice = recognized(demo.an_luu)
    client.force_login(demo.reviewer)
    response = client.post(
        reverse("commendation_record", args=[practice.pk]),
        {"form": "Giấy khen", "issuer": "UBND thị xã", "date": "31/02/2024"},
        follow=True,
    )
    assert not Commendation.objects.filter(practice=practice).exists()
    assert "Ngày khen: Nhập một ngày hợp lệ." in page(response)


def test_commendation_on_a_proposal_is_refused(client, demo):
    practice = proposed(demo.an_luu)
    client.force_login(demo.reviewer)
    response = client.post(
        reverse("commendation_record", args=[practice.pk]),
        {"form": "Giấy khen", "issuer": "UBND thị xã", "date": "01/06/2024"},
        follow=True,
    )
    assert not Commendation.objects.filter(practice=practice).exists()
    assert "Chỉ ghi nhận khen thưởng cho mô hình đã được công nhận." in page(response)


# --- The actions on the practice page ---------------------------------------------------------------------------


def action_urls(practice):
    return {
        name: reverse(name, args=[practice.pk])
        for name in (
            "practice_return",
            "practice_reject",
            "practice_discontinue",
            "recognition_mark_outstanding",
            "commendation_record",
        )
    }


def test_detail_page_shows_review_actions_to_the_board_only(client, demo):
    practice = proposed(demo.an_luu)
    urls = action_urls(practice)
    client.force_login(demo.reviewer)
    html = page(client.get(reverse("practice_detail", args=[practice.pk])))
    assert urls["practice_return"] in html and urls["practice_reject"] in html
    assert f"{reverse('decision_create')}?ids={practice.pk}" in html
    assert f'name="expected_version" value="{practice.version}"' in html
    assert urls["practice_discontinue"] not in html and urls["commendation_record"] not in html
    for username in ("officer", "provincial"):
        client.force_login(getattr(demo, username))
        html = page(client.get(reverse("practice_detail", args=[practice.pk])))
        assert not any(url in html for url in urls.values()), username


def test_detail_page_of_a_recognized_practice(client, demo):
    practice = recognized(demo.an_luu)
    urls = action_urls(practice)
    client.force_login(demo.reviewer)
    html = page(client.get(reverse("practice_detail", args=[practice.pk])))
    assert urls["practice_discontinue"] in html
    assert urls["recognition_mark_outstanding"] in html and urls["commendation_record"] in html
    assert urls["practice_return"] not in html
    # Provincial staff may mark outstanding and record commendations, but not discontinue.
    client.force_login(demo.provincial)
    html = page(client.get(reverse("practice_detail", args=[practice.pk])))
    assert urls["recognition_mark_outstanding"] in html and urls["commendation_record"] in html
    assert urls["practice_discontinue"] not in html
    client.force_login(demo.officer)
    html = page(client.get(reverse("practice_detail", args=[practice.pk])))
    assert not any(url in html for url in urls.values())


def test_home_page_links_with_waiting_count(client, demo):
    proposed(demo.an_luu)
    proposed(demo.an_luu)
    proposed(demo.thanh_an)
    client.force_login(demo.reviewer)
    html = page(client.get(reverse("home")))
    assert "Hồ sơ chờ xét duyệt (2)" in html
    assert reverse("decision_list") in html and reverse("dashboard") in html
    client.force_login(demo.provincial)
    html = page(client.get(reverse("home")))
    assert reverse("decision_provincial_create") in html and reverse("dashboard") in html
    assert reverse("review_queue") not in html


# --- Two reviewers at once ---------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_reviewers_returning_at_once_exactly_one_succeeds(demo):
    practice = proposed(demo.an_luu)
    second = UserFactory(username="reviewer_b", email="reviewer_b@danvan.test")
    Membership.objects.create(user=second, unit=demo.kinh_mon, role=Role.REVIEWER)
    barrier = threading.Barrier(2)
    pages = {}

    def act(user, verb):
        client = Client()
        client.force_login(user)
        try:
            barrier.wait(timeout=10)
            response = client.post(
                reverse(verb, args=[practice.pk]),
                {"reason": f"{user.username}: {verb}", "expected_version": practice.version},
                follow=True,
            )
            pages[user.username] = response.content.decode()
        finally:
            connection.close()

    threads = [
        threading.Thread(target=act, args=(demo.reviewer, "practice_return")),
        threading.Thread(target=act, args=(second, "practice_reject")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    practice.refresh_from_db()
    assert practice.state in (PracticeState.RETURNED, PracticeState.NOT_RECOGNIZED)
    decided = AuditEvent.objects.filter(practice=practice, action__in=["practice.returned", "practice.not_recognized"])
    assert decided.count() == 1
    winner = decided.get().actor.username
    loser = "reviewer_b" if winner == "reviewer" else "reviewer"
    assert practice.version == 2
    assert "vừa được người khác thay đổi" in pages[loser]
    assert "vừa được người khác thay đổi" not in pages[winner]
