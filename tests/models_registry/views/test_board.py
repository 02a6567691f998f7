"""The board's year and desk through the views: yearly checks confirmed in bulk, private notes, assignment to a
colleague, the queue's assignment filter, and photos the board shows publicly. Every view, every role, in and out
of scope (out of scope: 404)."""

import io
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from models_registry.models import (
    Attachment,
    AuditEvent,
    CheckOutcome,
    Membership,
    Practice,
    PracticeState,
    ReviewAssignment,
    ReviewNote,
    Role,
    YearlyCheck,
)
from tests.factories import UserFactory

from ..review_fixtures import proposed, recognized

pytestmark = pytest.mark.django_db

ROLES = ["officer", "officer2", "reviewer", "reviewer2", "provincial", "admin"]


def last_year_recognized(unit, **fields):
    practice = recognized(unit, **fields)
    Practice.objects.filter(pk=practice.pk).update(recognized_at=timezone.now() - timedelta(days=400))
    practice.refresh_from_db()
    return practice


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def png_bytes(size=(800, 600)):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def image_attachment(practice, *, public=False, name="anh.png"):
    attachment = Attachment(
        practice=practice, kind="photo", original_name=name, content_type="image/png", size=100, public=public
    )
    attachment.file.save("file.png", ContentFile(png_bytes()), save=False)
    attachment.save()
    return attachment


# --- Yearly check ------------------------------------------------------------------------------------------------


def test_yearly_list_shows_the_boards_due_practices(client, demo):
    due = last_year_recognized(demo.an_luu, title="Cần kiểm tra")
    fresh = recognized(demo.an_luu, title="Mới công nhận năm nay")
    foreign = last_year_recognized(demo.thanh_an, title="Của Thanh Hà")
    checked = last_year_recognized(demo.an_luu, title="Đã kiểm tra")
    YearlyCheck.objects.create(practice=checked, year=timezone.localdate().year, outcome=CheckOutcome.MAINTAINED)
    client.force_login(demo.reviewer)
    response = client.get(reverse("yearly_check_list"))
    assert response.status_code == 200
    assert [row[0] for row in response.context["rows"]] == [due]
    html = response.content.decode()
    assert fresh.title not in html and foreign.title not in html
    response = client.get(reverse("yearly_check_list"), {"status": "checked"})
    assert [row[0] for row in response.context["rows"]] == [checked]
    assert "Còn duy trì" in response.content.decode()


@pytest.mark.parametrize("username", ROLES)
def test_yearly_list_for_every_role(client, demo, username):
    due = last_year_recognized(demo.an_luu, title="Cần kiểm tra")
    client.force_login(demo.users[username])
    response = client.get(reverse("yearly_check_list"))
    html = response.content.decode()
    if username in ("reviewer",):
        assert response.status_code == 200 and due.title in html and f'value="{due.pk}"' in html
    elif username == "reviewer2":
        assert response.status_code == 200 and due.title not in html
    elif username in ("provincial", "admin"):
        # They see the province's list, read-only: the district board checks (a superuser reviews only through a
        # reviewer membership).
        assert response.status_code == 200 and due.title in html and f'value="{due.pk}"' not in html
        assert "Do Thị xã Kinh Môn kiểm tra" in html and 'id="yearly-form"' not in html
    else:
        assert response.status_code == 404  # officers


def test_bulk_confirm_maintained_writes_a_check_and_an_event_per_practice(client, demo):
    a, b = last_year_recognized(demo.an_luu), last_year_recognized(demo.an_luu)
    client.force_login(demo.reviewer)
    response = client.post(reverse("yearly_check_confirm"), {"ids": [a.pk, b.pk], "outcome": "maintained"})
    assert response.status_code == 302
    year = timezone.localdate().year
    assert set(YearlyCheck.objects.filter(year=year).values_list("practice_id", flat=True)) == {a.pk, b.pk}
    assert AuditEvent.objects.filter(action="practice.checked", practice__in=[a, b]).count() == 2
    a.refresh_from_db()
    assert a.state == PracticeState.RECOGNIZED
    # Confirming again is refused, and nothing is half-written.
    c = last_year_recognized(demo.an_luu)
    client.post(reverse("yearly_check_confirm"), {"ids": [a.pk, c.pk], "outcome": "maintained"})
    assert not YearlyCheck.objects.filter(practice=c).exists()


def test_bulk_discontinued_goes_through_the_discontinue_transition(client, demo):
    a = last_year_recognized(demo.an_luu)
    client.force_login(demo.reviewer)
    response = client.post(reverse("yearly_check_confirm"), {"ids": [a.pk], "outcome": "discontinued"}, follow=True)
    assert "Vui lòng ghi rõ lý do" in response.content.decode()
    assert not YearlyCheck.objects.exists()
    client.post(reverse("yearly_check_confirm"), {"ids": [a.pk], "outcome": "discontinued", "note": "Ngừng từ tháng 3"})
    a.refresh_from_db()
    assert a.state == PracticeState.DISCONTINUED and a.discontinued_at is not None
    assert AuditEvent.objects.filter(action="practice.discontinued", practice=a).exists()
    assert YearlyCheck.objects.get(practice=a).outcome == CheckOutcome.DISCONTINUED


@pytest.mark.parametrize("username", ["reviewer2", "officer", "provincial", "admin"])
def test_bulk_confirm_out_of_scope_is_404(client, demo, username):
    a = last_year_recognized(demo.an_luu)
    client.force_login(demo.users[username])
    response = client.post(reverse("yearly_check_confirm"), {"ids": [a.pk], "outcome": "maintained"})
    assert response.status_code == 404
    assert not YearlyCheck.objects.exists()


def test_bulk_confirm_with_one_foreign_id_is_404_and_writes_nothing(client, demo):
    mine, foreign = last_year_recognized(demo.an_luu), last_year_recognized(demo.thanh_an)
    client.force_login(demo.reviewer)
    response = client.post(reverse("yearly_check_confirm"), {"ids": [mine.pk, foreign.pk], "outcome": "maintained"})
    assert response.status_code == 404
    assert not YearlyCheck.objects.exists()


def test_bulk_confirm_bad_input_gets_a_message(client, demo):
    client.force_login(demo.reviewer)
    for data in ({}, {"ids": ["x"], "outcome": "maintained"}, {"ids": ["1"], "outcome": "nope"}):
        response = client.post(reverse("yearly_check_confirm"), data, follow=True)
        assert response.status_code == 200
        assert "alert-danger" in response.content.decode() or "alert-error" in response.content.decode()
    assert not YearlyCheck.objects.exists()


def test_dashboard_shows_checked_this_year(client, demo):
    a, _b = last_year_recognized(demo.an_luu), last_year_recognized(demo.an_luu)
    YearlyCheck.objects.create(practice=a, year=timezone.localdate().year, outcome=CheckOutcome.MAINTAINED)
    client.force_login(demo.reviewer)
    stats = client.get(reverse("dashboard")).context["stats"]
    assert (stats.checked_this_year, stats.check_due) == (1, 1)


# --- Notes and assignment ----------------------------------------------------------------------------------------


@pytest.fixture
def colleague(demo):
    user = UserFactory(username="reviewer_km2", first_name="Hoa", last_name="Trần Thị")
    Membership.objects.create(user=user, unit=demo.kinh_mon, role=Role.REVIEWER)
    return user


def test_note_is_private_to_the_board(client, demo):
    practice = proposed(demo.an_luu)
    client.force_login(demo.reviewer)
    response = client.post(reverse("review_note_add", args=[practice.pk]), {"text": "Cần xác minh số hộ hiến đất"})
    assert response.status_code == 302
    note = ReviewNote.objects.get(practice=practice)
    assert note.author == demo.reviewer
    # Logged, but not on the practice's timeline (which the unit sees).
    assert AuditEvent.objects.filter(action="review.note_added", practice__isnull=True).count() == 1
    seen = {}
    for username in ROLES:
        client.force_login(demo.users[username])
        response = client.get(reverse("practice_detail", args=[practice.pk]))
        seen[username] = response.status_code == 200 and "Cần xác minh số hộ hiến đất" in response.content.decode()
    assert seen == {
        "officer": False,
        "officer2": False,
        "reviewer": True,
        "reviewer2": False,
        "provincial": True,
        "admin": True,
    }
    client.logout()
    assert client.get(reverse("public_detail", args=[practice.pk])).status_code == 404


@pytest.mark.parametrize("username", ["officer", "officer2", "reviewer2", "provincial", "admin"])
def test_note_by_others_is_404(client, demo, username):
    practice = proposed(demo.an_luu)
    client.force_login(demo.users[username])
    response = client.post(reverse("review_note_add", args=[practice.pk]), {"text": "x"})
    assert response.status_code == 404
    assert not ReviewNote.objects.exists()


def test_empty_note_is_refused(client, demo):
    practice = proposed(demo.an_luu)
    client.force_login(demo.reviewer)
    response = client.post(reverse("review_note_add", args=[practice.pk]), {"text": "  "}, follow=True)
    assert "Vui lòng nhập nội dung ghi chú." in response.content.decode()
    assert not ReviewNote.objects.exists()


def test_assign_to_a_colleague_and_filter_the_queue(client, demo, colleague):
    mine = proposed(demo.an_luu, title="Giao cho tôi")
    theirs = proposed(demo.an_luu, title="Giao cho đồng chí Hoa")
    free = proposed(demo.an_luu, title="Chưa ai nhận")
    client.force_login(demo.reviewer)
    client.post(reverse("review_assign", args=[mine.pk]), {"assignee": demo.reviewer.pk})
    client.post(reverse("review_assign", args=[theirs.pk]), {"assignee": colleague.pk})
    assert ReviewAssignment.objects.get(practice=theirs).assignee == colleague
    assert AuditEvent.objects.filter(action="review.assigned", practice__isnull=True).count() == 2

    def queue(assigned):
        response = client.get(reverse("review_queue"), {"assigned": assigned})
        return {p.pk for p, _d in response.context["rows"]}

    assert queue("mine") == {mine.pk}
    assert queue("assigned") == {mine.pk, theirs.pk}
    assert queue("unassigned") == {free.pk}
    assert queue("") == queue("bogus") == {mine.pk, theirs.pk, free.pk}
    # Unassigning.
    client.post(reverse("review_assign", args=[theirs.pk]), {"assignee": ""})
    assert not ReviewAssignment.objects.filter(practice=theirs).exists()


def test_assign_outside_the_board_is_refused(client, demo):
    practice = proposed(demo.an_luu)
    client.force_login(demo.reviewer)
    for other in (demo.reviewer2, demo.officer, demo.provincial):
        response = client.post(reverse("review_assign", args=[practice.pk]), {"assignee": other.pk}, follow=True)
        assert "Chỉ phân công được cho cán bộ cùng cơ quan xét duyệt." in response.content.decode()
    response = client.post(reverse("review_assign", args=[practice.pk]), {"assignee": "abc"}, follow=True)
    assert response.status_code == 200
    assert not ReviewAssignment.objects.exists()


@pytest.mark.parametrize("username", ["officer", "officer2", "reviewer2", "provincial", "admin"])
def test_assign_by_others_is_404(client, demo, username):
    practice = proposed(demo.an_luu)
    client.force_login(demo.users[username])
    response = client.post(reverse("review_assign", args=[practice.pk]), {"assignee": demo.reviewer.pk})
    assert response.status_code == 404
    assert not ReviewAssignment.objects.exists()


# --- Public photos -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "allowed"),
    [
        ("officer", False),
        ("officer2", False),
        ("reviewer", True),
        ("reviewer2", False),
        ("provincial", True),
        ("admin", True),
    ],
)
def test_publish_photo_for_every_role(client, demo, username, allowed):
    practice = recognized(demo.an_luu)
    attachment = image_attachment(practice)
    client.force_login(demo.users[username])
    response = client.post(reverse("attachment_publish", args=[attachment.pk]), {"public": "on"})
    attachment.refresh_from_db()
    if allowed:
        assert response.status_code == 302 and attachment.public
        assert AuditEvent.objects.filter(action="attachment.published", practice=practice).exists()
        client.post(reverse("attachment_publish", args=[attachment.pk]), {})
        attachment.refresh_from_db()
        assert not attachment.public
    else:
        assert response.status_code == 404 and not attachment.public


def test_publish_toggle_shows_to_the_board_only(client, demo):
    practice = recognized(demo.an_luu)
    image_attachment(practice)
    for username, shown in (("officer", False), ("reviewer", True), ("provincial", True)):
        client.force_login(demo.users[username])
        html = client.get(reverse("practice_detail", args=[practice.pk])).content.decode()
        assert ("Công khai ảnh này" in html) is shown, username


# --- Pinned query counts ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [3, 40])
@pytest.mark.parametrize("status", ["unchecked", "checked"])
def test_yearly_list_query_count_does_not_grow(client, demo, django_assert_max_num_queries, rows, status):
    communes = list(demo.kinh_mon.children.all()[:5])
    year = timezone.localdate().year
    for i in range(rows):
        practice = last_year_recognized(communes[i % len(communes)])
        if status == "checked":
            YearlyCheck.objects.create(practice=practice, year=year, outcome=CheckOutcome.MAINTAINED)
    client.force_login(demo.reviewer)
    # session, user, memberships, count, page, (the page's checks), unread notifications, session save (3)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("yearly_check_list"), {"status": status})
    assert len(response.context["rows"]) == rows


@pytest.mark.parametrize("rows", [3, 40])
def test_queue_with_assignments_query_count_does_not_grow(client, demo, django_assert_max_num_queries, colleague, rows):
    for i in range(rows):
        practice = proposed(demo.an_luu, days_ago=i)
        ReviewAssignment.objects.create(practice=practice, assignee=colleague if i % 2 else demo.reviewer)
    client.force_login(demo.reviewer)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("review_queue"), {"assigned": "assigned"})
    assert len(response.context["rows"]) == rows
    assert "Người xử lý: Trần Thị Hoa" in response.content.decode()


def test_anonymous_visitors_are_sent_to_login(client, demo):
    practice = proposed(demo.an_luu)
    for method, url in (
        ("get", reverse("yearly_check_list")),
        ("post", reverse("yearly_check_confirm")),
        ("post", reverse("review_note_add", args=[practice.pk])),
        ("post", reverse("review_assign", args=[practice.pk])),
    ):
        response = getattr(client, method)(url, {})
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url


def test_the_colleague_is_told_of_the_assignment(client, demo, colleague, django_capture_on_commit_callbacks):
    from models_registry.models import Notification

    practice = proposed(demo.an_luu, title="Hồ sơ cần người xử lý")
    client.force_login(demo.reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("review_assign", args=[practice.pk]), {"assignee": colleague.pk})
        client.post(reverse("review_assign", args=[practice.pk]), {"assignee": demo.reviewer.pk})  # oneself: quiet
    notification = Notification.objects.get()
    assert notification.recipient == colleague and "Hồ sơ cần người xử lý" in notification.message
    assert notification.url == reverse("practice_detail", args=[practice.pk])
