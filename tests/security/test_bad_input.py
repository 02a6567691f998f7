"""Regression tests for the failures an outside probe found (issue 13): every one a clear answer, never a 500."""

import uuid

import pytest
from django.urls import reverse

from models_registry.models import Practice, PracticeState
from models_registry.models.submissions import SubmissionToken
from tests.factories import PracticeFactory

from .test_mistakes import registration

pytestmark = pytest.mark.django_db
TEN_KB_OF_PROSE = ("Nhân dân tự nguyện hiến đất, góp công làm đường giao thông nông thôn; " * 160)[:10_240]


@pytest.fixture
def officer_client(client, demo):
    client.force_login(demo.officer)
    return client


def test_an_ordinary_10_kb_summary_is_saved_and_found(officer_client, demo):
    # The search index once refused rows over 2.7 kB: a 503 "database restarting" and the typed form lost.
    response = officer_client.post(reverse("practice_create"), registration(demo, summary=TEN_KB_OF_PROSE))
    assert response.status_code == 302
    practice = Practice.objects.get()
    assert len(practice.summary) == 10_240
    listing = officer_client.get(reverse("practice_list"), {"q": "gop cong lam duong"})
    assert practice.title in listing.content.decode()


def test_text_beyond_the_limit_is_refused_in_vietnamese(officer_client, demo):
    response = officer_client.post(reverse("practice_create"), registration(demo, content="x" * 20_001))
    assert response.status_code == 200
    assert "content" in response.context["form"].errors
    assert "tối đa 20000" in str(response.context["form"].errors["content"])
    assert not Practice.objects.exists()


@pytest.mark.parametrize("field", ["budget_vnd", "socialized_funding_vnd"])
def test_negative_money_is_refused(officer_client, demo, field):
    response = officer_client.post(reverse("practice_create"), registration(demo, **{field: "-1000"}))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Practice.objects.exists()


@pytest.mark.parametrize("value", ["01/01/0001", "31/12/9999", "0001-01-01"])
def test_implausible_dates_are_refused(officer_client, demo, value):
    response = officer_client.post(
        reverse("practice_create"), registration(demo, start_date=value, evaluation_date=None)
    )
    assert response.status_code == 200
    assert "Ngày phải trong khoảng 01/01/1990" in str(response.context["form"].errors["start_date"])
    assert not Practice.objects.exists()


@pytest.mark.parametrize(
    ("number", "money"), [("9" * 30, "9" * 30), (str(2**31), str(10**15 + 1)), (str(2**63), str(2**63))]
)
def test_huge_numbers_in_the_results_are_refused(officer_client, demo, number, money):
    practice = PracticeFactory(unit=demo.an_luu, state=PracticeState.REGISTERED)
    data = {
        "expected_version": practice.version,
        "people_reached": number,
        "money_mobilized_vnd": money,
        "workdays_mobilized": "10",
        "land_donated_m2": "10",
        "results": "Đã làm 2 km đường.",
    }
    response = officer_client.post(reverse("practice_propose", args=[practice.pk]), data)
    assert response.status_code == 400
    form = response.context["propose_form"]
    assert "people_reached" in form.errors and "money_mobilized_vnd" in form.errors
    practice.refresh_from_db()
    assert practice.state == PracticeState.REGISTERED and practice.people_reached == 0


@pytest.mark.parametrize(
    "url", [reverse("public_list"), reverse("practice_similar"), reverse("practice_list"), reverse("decision_list")]
)
def test_nul_byte_in_a_search_is_a_400_in_vietnamese(client, demo, url):
    client.force_login(demo.reviewer)
    response = client.get(url, {"q": "dân\x00vận"})
    assert response.status_code == 400
    assert "Yêu cầu chứa ký tự không hợp lệ" in response.content.decode()


@pytest.mark.parametrize(
    "name",
    ["public_list", "practice_list", "decision_list", "notification_list", "review_queue", "report_list"],
)
@pytest.mark.parametrize("page", ["1" + "0" * 30, "²", "-1", "1e3"])
def test_absurd_page_numbers_show_a_page(client, demo, name, page):
    client.force_login(demo.reviewer)
    response = client.get(reverse(name), {"page": page, "year": page, "district": page})
    assert response.status_code == 200


def test_a_256_character_username_is_a_form_error(client, demo):
    response = client.post(reverse("login"), {"username": "a" * 256, "password": "danvan2021"})
    assert response.status_code == 200
    assert "Vui lòng nhập đúng tên đăng nhập và mật khẩu" in response.content.decode() or response.context[
        "form"
    ].errors.get("username")


def test_a_registration_posted_twice_makes_one_draft(officer_client, demo):
    token = str(uuid.uuid4())
    first = officer_client.post(reverse("practice_create"), registration(demo, submission_token=token))
    second = officer_client.post(reverse("practice_create"), registration(demo, submission_token=token), follow=True)
    practice = Practice.objects.get()
    assert first.url == reverse("practice_detail", args=[practice.pk])
    assert second.redirect_chain[-1][0] == reverse("practice_detail", args=[practice.pk])
    assert "Biểu mẫu này đã được gửi trước đó" in second.content.decode()
    # A fresh form (a new token) registers a second practice, as it should.
    officer_client.post(reverse("practice_create"), registration(demo, submission_token=str(uuid.uuid4())))
    assert Practice.objects.count() == 2


def test_the_form_carries_a_fresh_token_each_time(officer_client, demo):
    first = officer_client.get(reverse("practice_create")).context["form"]["submission_token"].value()
    second = officer_client.get(reverse("practice_create")).context["form"]["submission_token"].value()
    assert first and second and first != second


def test_another_users_token_does_not_reveal_their_practice(client, demo):
    token = uuid.uuid4()
    SubmissionToken.objects.create(
        token=token, user=demo.officer2, object_type="models_registry.practice", object_id="1"
    )
    client.force_login(demo.officer)
    response = client.post(reverse("practice_create"), registration(demo, submission_token=str(token)))
    assert response.status_code == 200
    assert "Biểu mẫu này đã được gửi" in response.content.decode()
    assert not Practice.objects.exists()


def test_an_edit_without_its_version_is_refused(officer_client, demo):
    practice = PracticeFactory(unit=demo.an_luu, title="Tên cũ")
    response = officer_client.post(reverse("practice_edit", args=[practice.pk]), registration(demo, title="Tên mới"))
    assert response.status_code == 200
    assert "thiếu thông tin phiên bản" in response.content.decode()
    assert Practice.objects.get(pk=practice.pk).title == "Tên cũ"


@pytest.mark.parametrize("action", ["practice_submit", "practice_withdraw"])
def test_one_click_actions_without_a_version_are_refused(officer_client, demo, action):
    practice = PracticeFactory(unit=demo.an_luu)
    response = officer_client.post(reverse(action, args=[practice.pk]), {}, follow=True)
    assert "thiếu thông tin phiên bản" in response.content.decode()
    assert Practice.objects.get(pk=practice.pk).state == PracticeState.DRAFT


def test_board_actions_without_a_version_are_refused(client, demo):
    practice = PracticeFactory(unit=demo.an_luu, state=PracticeState.PROPOSED)
    client.force_login(demo.reviewer)
    response = client.post(reverse("practice_return", args=[practice.pk]), {"reason": "Thiếu số liệu"}, follow=True)
    assert "thiếu thông tin phiên bản" in response.content.decode()
    assert Practice.objects.get(pk=practice.pk).state == PracticeState.PROPOSED


def test_old_form_tokens_are_pruned(demo):
    from datetime import timedelta

    from django.utils import timezone

    from models_registry.tasks import submission_tokens_prune

    old = SubmissionToken.objects.create(token=uuid.uuid4(), user=demo.officer)
    SubmissionToken.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))
    fresh = SubmissionToken.objects.create(token=uuid.uuid4(), user=demo.officer)
    assert submission_tokens_prune() == 1
    assert list(SubmissionToken.objects.values_list("pk", flat=True)) == [fresh.pk]
