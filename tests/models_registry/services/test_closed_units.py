"""Closed units are history: nothing new is registered, edited or proposed for a unit whose validity ended
(a commune merged by the 2025 reform), its forms offer only units valid today, and the refusal says why."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from models_registry import services
from models_registry.errors import DomainError
from models_registry.forms.practices import PracticeForm
from models_registry.models import Field, Phase, PracticeState, Unit
from models_registry.permissions import closed_unit_refusal, practice_actions, registrable_units
from tests.factories import UnitFactory
from tests.models_registry.practice_helpers import PNG_BYTES, make_practice

pytestmark = pytest.mark.django_db
CLOSED_ON = datetime.date(2025, 6, 30)
MESSAGE = "Đơn vị “Phường An Lưu” đã thôi hoạt động từ ngày 01/07/2025"


def close(unit, day=CLOSED_ON):
    Unit.objects.filter(pk=unit.pk).update(valid_until=day)
    unit.refresh_from_db()
    return unit


def registration():
    return {"title": "Sân chơi cho trẻ em", "field": Field.objects.get(code="kinh-te"), "phase": Phase.objects.first()}


def test_the_refusal_names_the_unit_and_the_day(demo):
    assert closed_unit_refusal(demo.an_luu) == ""
    assert closed_unit_refusal(close(demo.an_luu)).startswith(MESSAGE)
    assert closed_unit_refusal(demo.an_luu, on=CLOSED_ON) == ""  # still valid on its last day
    later = UnitFactory(parent=demo.kinh_mon, valid_from=timezone.localdate() + datetime.timedelta(days=30))
    assert "bắt đầu hoạt động từ ngày" in closed_unit_refusal(later)


def test_no_new_registration_for_a_closed_unit(demo):
    close(demo.an_luu)
    with pytest.raises(DomainError, match=MESSAGE):
        services.practice_create(actor=demo.officer, unit=demo.an_luu, data=registration())
    assert not demo.an_luu.practices.exists()


@pytest.mark.parametrize("state", [PracticeState.DRAFT, PracticeState.REGISTERED, PracticeState.RETURNED])
def test_no_edit_submit_or_proposal_for_a_practice_of_a_closed_unit(demo, state):
    practice = make_practice(demo.an_luu, state, results="Đã làm 3 km đường.")
    close(demo.an_luu)
    assert not practice_actions(demo.officer, practice) & {"edit", "attach", "submit", "propose"}
    calls = {
        PracticeState.DRAFT: lambda: services.practice_submit(practice=practice, actor=demo.officer),
        PracticeState.REGISTERED: lambda: services.practice_propose(practice=practice, actor=demo.officer, results={}),
        PracticeState.RETURNED: lambda: services.practice_update(
            practice=practice, actor=demo.officer, data={"title": "Tên mới"}
        ),
    }
    with pytest.raises(DomainError, match=MESSAGE):
        calls[state]()
    practice.refresh_from_db()
    assert practice.state == state and practice.title != "Tên mới"


def test_a_practice_cannot_move_to_a_closed_unit(demo):
    practice = make_practice(demo.an_luu)
    other = UnitFactory(parent=demo.an_luu, valid_until=CLOSED_ON)
    with pytest.raises(DomainError, match="đã thôi hoạt động"):
        services.practice_update(practice=practice, actor=demo.officer, data={"unit": other})
    practice.refresh_from_db()
    assert practice.unit == demo.an_luu


def test_forms_offer_only_units_valid_today(demo):
    closed_child = UnitFactory(parent=demo.an_luu, name="Chi hội đã giải thể", valid_until=CLOSED_ON)
    future = UnitFactory(parent=demo.an_luu, name="Tổ dân phố mới", valid_from=timezone.localdate().replace(year=2099))
    offered = set(registrable_units(demo.officer))
    assert demo.an_luu in offered and closed_child not in offered and future not in offered
    form_units = set(PracticeForm(user=demo.officer).fields["unit"].queryset)
    assert form_units == offered


def test_the_pages_say_why(client, demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    practice = make_practice(demo.an_luu, PracticeState.REGISTERED, results="Đã làm 3 km đường.")
    close(demo.an_luu)
    client.force_login(demo.officer)
    detail = client.get(reverse("practice_detail", args=[practice.pk])).content.decode()
    assert reverse("practice_propose", args=[practice.pk]) not in detail
    response = client.post(
        reverse("practice_propose", args=[practice.pk]),
        {
            "results": "Đã làm 3 km đường.",
            "people_reached": 120,
            "money_mobilized_vnd": 0,
            "workdays_mobilized": 0,
            "land_donated_m2": 0,
            "expected_version": practice.version,
        },
        follow=True,
    )
    assert MESSAGE in response.content.decode()
    practice.refresh_from_db()
    assert practice.state == PracticeState.REGISTERED


def test_no_evidence_is_attached_to_a_practice_of_a_closed_unit(demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    practice = make_practice(demo.an_luu)
    close(demo.an_luu)
    with pytest.raises(DomainError, match=MESSAGE):
        services.attachment_add(
            practice=practice, actor=demo.officer, file=SimpleUploadedFile("a.png", PNG_BYTES, content_type="image/png")
        )
    assert not practice.attachments.exists()
