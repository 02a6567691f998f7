"""Every API list reads a fixed number of queries, whatever the number of rows (pinned)."""

import pytest
from django.urls import reverse

from models_registry.models import Notification
from reporting.models import Report
from tests.models_registry.review_fixtures import proposed, recognized

pytestmark = pytest.mark.django_db

# Token lookup and its last-used stamp, the memberships, then the list's own queries.
LISTS = {
    "api:review-queue": ("reviewer", 7),
    "api:decision-list": ("reviewer", 7),
    "api:unit-list": ("provincial", 7),
    "api:report-list": ("provincial", 7),
    "api:notification-list": ("officer", 6),
}


@pytest.fixture
def many(demo):
    for number in range(12):
        proposed(demo.an_luu, title=f"Đề nghị {number}")
        recognized(demo.an_luu, title=f"Đã công nhận {number}")
        Notification.objects.create(recipient=demo.officer, action="practice.returned", message=f"Thông báo {number}")
        Report.objects.create(unit=demo.kinh_mon, period="h1", year=2022, version=number + 1)
    return demo


@pytest.mark.parametrize("name", sorted(LISTS))
def test_list_queries_are_pinned(api, many, name, django_assert_max_num_queries):
    role, limit = LISTS[name]
    api.token(role)
    with django_assert_max_num_queries(limit):
        response = api.get(role, reverse(name))
    assert response.status_code == 200
    assert len(response.json()["results"]) >= 10
