"""Saying what happens next: the draft's notice, who acts and by when, deleting a draft, files on the form, the
board's name as people say it, Vietnamese empty choices."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from models_registry.models import Practice, PracticeState, YearlyCheck
from models_registry.selectors.next_step import practice_next_step
from tests.models_registry.practice_helpers import PDF_BYTES, make_practice

from .test_practices import registration_post

pytestmark = pytest.mark.django_db
KINH_MON_BOARD = "Ban Dân vận Thị ủy Kinh Môn"


def page(client, practice):
    response = client.get(reverse("practice_detail", args=[practice.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_draft_says_it_has_not_been_sent_and_offers_delete_not_withdraw(client, demo):
    practice = make_practice(demo.an_luu)
    client.force_login(demo.officer)
    html = page(client, practice)
    assert "Bản nháp — chưa gửi" in html
    assert f"{KINH_MON_BOARD} chưa nhìn thấy mô hình này" in html
    assert f"Bấm “Đăng ký với {KINH_MON_BOARD}” để gửi" in html
    assert "Xóa bản nháp" in html and "Rút mô hình" not in html
    assert f'action="{reverse("practice_delete", args=[practice.pk])}"' in html
    # A registered practice is withdrawn, not deleted.
    Practice.objects.filter(pk=practice.pk).update(state=PracticeState.REGISTERED)
    html = page(client, practice)
    assert "Rút mô hình" in html and "Xóa bản nháp" not in html


def test_the_reviewing_body_is_named_as_people_say_it(client, demo):
    practice = make_practice(demo.an_luu)
    client.force_login(demo.officer)
    html = page(client, practice)
    assert f'Cơ quan xét duyệt, công nhận</dt><dd class="col-sm-8">{KINH_MON_BOARD}</dd>' in html


@pytest.mark.parametrize(
    ("state", "actor", "due_days"),
    [
        (PracticeState.PROPOSED, KINH_MON_BOARD, 30 - 3),
        (PracticeState.RETURNED, "Phường An Lưu", 30 - 3),
        (PracticeState.REGISTERED, "Phường An Lưu", None),
    ],
)
def test_each_state_says_who_acts_next_and_by_when(client, demo, state, actor, due_days):
    three_days_ago = timezone.now() - datetime.timedelta(days=3)
    practice = make_practice(demo.an_luu, state)
    Practice.objects.filter(pk=practice.pk).update(proposed_at=three_days_ago, returned_at=three_days_ago)
    client.force_login(demo.reviewer)
    html = page(client, practice)
    assert f"<strong data-next-actor>{actor}</strong>" in html
    if due_days is None:
        assert "data-next-due" not in html
    else:
        due = timezone.localdate() + datetime.timedelta(days=due_days)
        assert f'data-next-due="{due:%Y-%m-%d}"' in html and f"Hạn: {due:%d/%m/%Y}" in html
        assert f"còn {due_days} ngày" in html


def test_a_late_proposal_says_how_late(client, demo):
    practice = make_practice(demo.an_luu, PracticeState.PROPOSED)
    Practice.objects.filter(pk=practice.pk).update(proposed_at=timezone.now() - datetime.timedelta(days=40))
    client.force_login(demo.reviewer)
    assert "Quá hạn 10 ngày" in page(client, practice)


def test_next_step_dates(demo):
    today = datetime.date(2026, 12, 1)
    practice = make_practice(demo.an_luu, PracticeState.REGISTERED, evaluation_date=datetime.date(2027, 3, 1))
    assert practice_next_step(practice=practice, today=today).due == datetime.date(2027, 3, 1)
    # Recognized this year: checked next year, before the annual report's cut-off (14/12).
    Practice.objects.filter(pk=practice.pk).update(state=PracticeState.RECOGNIZED, recognized_at=timezone.now())
    practice.refresh_from_db()
    step = practice_next_step(practice=practice, today=timezone.localdate())
    assert step.actor == KINH_MON_BOARD and step.due == datetime.date(timezone.localdate().year + 1, 12, 14)
    # Recognized earlier and not yet checked this year: due this year; once checked, next year.
    Practice.objects.filter(pk=practice.pk).update(recognized_at=timezone.now() - datetime.timedelta(days=800))
    practice.refresh_from_db()
    year = timezone.localdate().year
    assert practice_next_step(practice=practice).due == datetime.date(year, 12, 14)
    YearlyCheck.objects.create(practice=practice, year=year, outcome="maintained")
    assert practice_next_step(practice=practice).due == datetime.date(year + 1, 12, 14)
    for ended in (PracticeState.WITHDRAWN, PracticeState.NOT_RECOGNIZED, PracticeState.DISCONTINUED):
        practice.state = ended
        assert practice_next_step(practice=practice) is None


# --- Deleting a draft: every role, in and out of scope ---------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "outcome"),
    [
        ("officer", "deleted"),  # the registering unit
        ("admin", "deleted"),  # a superuser repairs data
        ("reviewer", "refused"),  # sees it (its board) but does not register for the unit
        ("provincial", "refused"),
        ("officer2", 404),  # another district: out of scope
        ("reviewer2", 404),
        (None, "login"),
    ],
)
def test_delete_draft_view_for_every_role(client, demo, username, outcome):
    practice = make_practice(demo.an_luu, title="Bản nháp thử")
    if username:
        client.force_login(demo.users[username])
    url = reverse("practice_delete", args=[practice.pk])
    response = client.post(url, {"expected_version": practice.version})
    exists = Practice.objects.filter(pk=practice.pk).exists()
    if outcome == "deleted":
        assert response.status_code == 302 and response.url == reverse("practice_list") and not exists
        assert "Đã xóa bản nháp “Bản nháp thử”." in client.get(response.url).content.decode()
    elif outcome == "refused":
        assert response.status_code == 302 and response.url == reverse("practice_detail", args=[practice.pk])
        assert exists
    elif outcome == "login":
        assert response.status_code == 302 and "/accounts/login/" in response.url and exists
    else:
        assert response.status_code == 404 and exists


def test_delete_needs_post_and_the_version(client, demo):
    practice = make_practice(demo.an_luu)
    client.force_login(demo.officer)
    url = reverse("practice_delete", args=[practice.pk])
    assert client.get(url).status_code == 405
    response = client.post(url, {})
    assert response.status_code == 302 and Practice.objects.filter(pk=practice.pk).exists()
    Practice.objects.filter(pk=practice.pk).update(state=PracticeState.REGISTERED)
    response = client.post(url, {"expected_version": practice.version}, follow=True)
    assert Practice.objects.filter(pk=practice.pk).exists()
    assert "Chỉ xóa được bản nháp" in response.content.decode()


# --- Files on the registration form ---------------------------------------------------------------------------


def test_the_registration_form_takes_a_file_and_says_saving_sends_nothing(client, demo):
    client.force_login(demo.officer)
    html = client.get(reverse("practice_create")).content.decode()
    assert 'enctype="multipart/form-data"' in html and 'name="attachment-file"' in html
    assert "Lưu bản nháp" in html and "Lưu chưa gửi gì cho Ban" in html
    assert "---------" not in html
    for label in ("— Chọn lĩnh vực —", "— Chọn đơn vị —", "Không — mô hình mới của đơn vị"):
        assert label in html
    data = registration_post(demo, **{"attachment-file": SimpleUploadedFile("bien-ban.pdf", PDF_BYTES)})
    response = client.post(reverse("practice_create"), data)
    practice = Practice.objects.get(title=data["title"])
    assert response.status_code == 302 and response.url == reverse("practice_detail", args=[practice.pk])
    assert practice.attachments.get().original_name == "bien-ban.pdf"


def test_a_refused_file_on_the_form_saves_nothing_and_keeps_the_typing(client, demo):
    client.force_login(demo.officer)
    bad = SimpleUploadedFile("bien-ban.pdf", b"MZ\x90 not a pdf")
    data = registration_post(demo, **{"attachment-file": bad})
    response = client.post(reverse("practice_create"), data)
    assert response.status_code == 200
    assert not Practice.objects.filter(title=data["title"]).exists()
    assert data["title"] in response.content.decode()


def test_editing_a_returned_practice_can_add_a_file(client, demo):
    practice = make_practice(demo.an_luu, PracticeState.RETURNED)
    client.force_login(demo.officer)
    data = registration_post(
        demo,
        title=practice.title + " (bổ sung)",
        expected_version=practice.version,
        **{"attachment-file": SimpleUploadedFile("anh.pdf", PDF_BYTES)},
    )
    response = client.post(reverse("practice_edit", args=[practice.pk]), data)
    assert response.status_code == 302
    assert practice.attachments.get().original_name == "anh.pdf"


def test_decisions_and_recognitions_name_the_issuing_body(client, demo):
    from ..review_fixtures import recognized

    practice = recognized(demo.an_luu)
    decision = practice.recognitions.get().decision
    client.force_login(demo.reviewer)
    for url in (reverse("decision_list"), reverse("decision_detail", args=[decision.pk])):
        html = client.get(url).content.decode()
        assert KINH_MON_BOARD in html
    assert f"{decision} — {KINH_MON_BOARD}" in page(client, practice)


def test_reports_are_listed_under_the_reporting_body(client, demo):
    from reporting.models import Report

    Report.objects.create(unit=demo.kinh_mon, period="year", year=2024, status="failed", requested_by=demo.reviewer)
    client.force_login(demo.reviewer)
    assert f"Tổng kết năm 2024</strong> — {KINH_MON_BOARD}" in client.get(reverse("report_list")).content.decode()
