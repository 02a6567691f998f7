"""Notifications: each user reads only their own."""

import pytest
from django.urls import reverse
from django.utils import timezone

from models_registry.models import Notification

from .conftest import ROLES

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ROLES)
def test_only_ones_own(api, demo, role):
    mine = Notification.objects.create(recipient=demo.officer, action="practice.returned", message="Trả lại")
    response = api.get(role, reverse("api:notification-list"))
    if role == "anonymous":
        assert response.status_code == 401
        return
    assert response.status_code == 200
    ids = [row["id"] for row in response.json()["results"]]
    assert (mine.pk in ids) is (role == "officer")


def test_unread_filter(api, demo):
    unread = Notification.objects.create(recipient=demo.officer, action="a", message="Chưa đọc")
    Notification.objects.create(recipient=demo.officer, action="a", message="Đã đọc", read_at=timezone.now())
    response = api.get("officer", reverse("api:notification-list"), {"unread": "true"})
    assert [row["id"] for row in response.json()["results"]] == [unread.pk]
    assert api.get("officer", reverse("api:notification-list"), {"unread": "maybe"}).status_code == 400


@pytest.mark.parametrize("role", ROLES)
def test_marking_read_by_role(api, demo, role):
    mine = Notification.objects.create(recipient=demo.officer, action="practice.returned", message="Trả lại")
    response = api.post(role, reverse("api:notification-read", args=[mine.pk]))
    mine.refresh_from_db()
    if role == "officer":
        assert response.status_code == 200 and response.json()["read_at"] is not None
        assert mine.read_at is not None
    else:
        assert response.status_code == (401 if role == "anonymous" else 404)
        assert mine.read_at is None


def test_mark_all_read(api, demo):
    for number in range(3):
        Notification.objects.create(recipient=demo.officer, action="a", message=f"Số {number}")
    other = Notification.objects.create(recipient=demo.officer2, action="a", message="Của người khác")
    response = api.post("officer", reverse("api:notification-read-all"))
    assert response.json() == {"marked": 3}
    assert not Notification.objects.filter(recipient=demo.officer, read_at__isnull=True).exists()
    other.refresh_from_db()
    assert other.read_at is None
