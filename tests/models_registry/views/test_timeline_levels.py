"""The practice page's timeline names a provincial recognition's level as the deciding body did: "Công nhận cấp
thành phố" for Hải Phòng's city board after the 2025 reform, "Công nhận cấp tỉnh" for Tỉnh Hải Dương's history."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from models_registry import services
from models_registry.models import Membership, Role, Unit, UnitLevel
from models_registry.services.reform import reform_apply
from models_registry.units_import import NATIONAL_FILE, load_units
from tests.factories import UserFactory
from tests.models_registry.review_fixtures import proposed, recognized

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def timeline_labels(client, user, practice):
    client.force_login(user)
    response = client.get(reverse("practice_detail", args=[practice.pk]))
    assert response.status_code == 200
    return [
        event.display_label if hasattr(event, "display_label") else event.label
        for event in response.context["timeline"]
    ], response.content.decode()


def test_hai_duong_history_says_cap_tinh(client, demo):
    practice = recognized(demo.an_luu, title="Chợ phiên vùng cao")
    services.practice_recognize_provincial(
        actor=demo.provincial,
        province=demo.province,
        practices=[practice],
        number="",
        date=timezone.localdate(),
        signer="Vũ Đức Thắng",
    )
    labels, page = timeline_labels(client, demo.provincial, practice)
    assert labels[-1] == "Công nhận cấp tỉnh"
    assert "Công nhận cấp tỉnh" in page and "cấp thành phố" not in page


def test_the_city_board_says_cap_thanh_pho(client, demo):
    load_units(NATIONAL_FILE, province_codes={"31"})
    reform_apply(effective=datetime.date(2025, 7, 1))
    ward = Unit.objects.current().get(code="10675")
    city = Unit.objects.current().get(code="31", level=UnitLevel.PROVINCE)
    committee = UserFactory(username="dang.uy.kinh.mon")
    board = UserFactory(username="btgdv.hai.phong")
    Membership.objects.create(user=committee, unit=ward, role=Role.REVIEWER)
    Membership.objects.create(user=board, unit=city, role=Role.PROVINCIAL)
    practice = proposed(ward, title="Tổ dân phố sạch, đẹp")
    day = datetime.date(2026, 3, 2)
    services.decision_issue(actor=committee, board=ward, practices=[practice], number="", date=day, signer="Đỗ Thị Lan")
    services.practice_recognize_provincial(
        actor=board, province=city, practices=[practice], number="", date=day, signer="Hoàng Minh Tuấn"
    )
    labels, page = timeline_labels(client, board, practice)
    assert labels[-1] == "Công nhận cấp thành phố"
    assert "Công nhận cấp thành phố" in page and "cấp tỉnh" not in page
