"""A form loaded before the practice moved on is submitted later: a clear message, and nothing overwritten."""

import pytest
from django.urls import reverse

from models_registry.models import Practice, PracticeState
from models_registry.services import practice_return, practice_submit, practice_update
from tests.factories import PracticeFactory

from .test_mistakes import registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(client, demo):
    client.force_login(demo.officer)
    return client


def loaded_edit_form(client, practice):
    """What the officer's browser holds: the edit form with the version it was rendered with."""
    response = client.get(reverse("practice_edit", args=[practice.pk]))
    assert response.status_code == 200
    return response.context["form"].initial["expected_version"]


def test_stale_edit_after_another_edit_is_refused(officer_client, demo):
    practice = PracticeFactory(unit=demo.an_luu, title="Tên cũ")
    version = loaded_edit_form(officer_client, practice)
    # Meanwhile, in another tab, a colleague renames it.
    practice_update(practice=practice, actor=demo.officer, data={"title": "Tên do đồng nghiệp sửa"})

    response = officer_client.post(
        reverse("practice_edit", args=[practice.pk]),
        registration(demo, title="Tên trong form cũ", expected_version=version),
    )
    page = response.content.decode()
    assert response.status_code == 409
    assert "vừa được người khác thay đổi" in page
    assert "Tên trong form cũ" in page  # what the officer typed is still on the page
    assert Practice.objects.get(pk=practice.pk).title == "Tên do đồng nghiệp sửa"


def test_stale_edit_after_the_practice_was_submitted_is_refused(officer_client, demo):
    practice = PracticeFactory(unit=demo.an_luu, title="Tên đã đăng ký")
    version = loaded_edit_form(officer_client, practice)
    practice_submit(practice=practice, actor=demo.officer)

    response = officer_client.post(
        reverse("practice_edit", args=[practice.pk]),
        registration(demo, title="Sửa muộn", expected_version=version),
        follow=True,
    )
    assert "không thể sửa" in response.content.decode()
    practice.refresh_from_db()
    assert practice.title == "Tên đã đăng ký" and practice.state == PracticeState.REGISTERED


def test_stale_propose_after_the_board_acted_is_refused(officer_client, demo):
    practice = PracticeFactory(unit=demo.an_luu, state=PracticeState.PROPOSED)
    practice_return(practice=practice, actor=demo.reviewer, reason="Bổ sung ảnh")
    practice.refresh_from_db()
    stale_version = practice.version
    # The officer fixes it and proposes from one tab; a second, older tab proposes again with other numbers.
    officer_client.post(
        reverse("practice_propose", args=[practice.pk]),
        {
            "expected_version": stale_version,
            "people_reached": "300",
            "money_mobilized_vnd": "0",
            "workdays_mobilized": "0",
            "land_donated_m2": "0",
            "results": "Đã bổ sung ảnh.",
        },
    )
    response = officer_client.post(
        reverse("practice_propose", args=[practice.pk]),
        {
            "expected_version": stale_version,
            "people_reached": "1",
            "money_mobilized_vnd": "0",
            "workdays_mobilized": "0",
            "land_donated_m2": "0",
            "results": "Bản cũ.",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "vừa được người khác thay đổi" in page
    practice.refresh_from_db()
    assert practice.people_reached == 300 and practice.results == "Đã bổ sung ảnh."
