"""The user is told plainly when the work was saved but its e-mail or report has to wait for the broker."""

import pytest
from django.shortcuts import redirect
from django.test import override_settings
from django.urls import include, path

from models_registry.queueing import queue_or_defer
from models_registry.tasks import send_notification_email
from tests.servers import celery_broker, free_port

pytestmark = pytest.mark.django_db


def save_and_queue(request):
    queue_or_defer(send_notification_email, [1], deferred_message="Đã lưu. Thư thông báo sẽ được gửi sau.")
    return redirect("home")


urlpatterns = [path("test-queue/", save_and_queue), path("", include("danvan.urls"))]


@override_settings(ROOT_URLCONF=__name__)
def test_deferred_task_is_announced_on_the_next_page(client, demo):
    client.force_login(demo.officer)
    with celery_broker(f"redis://127.0.0.1:{free_port()}/0"):
        response = client.post("/test-queue/", follow=True)
    assert response.status_code == 200
    assert "Đã lưu. Thư thông báo sẽ được gửi sau." in response.content.decode()


@override_settings(ROOT_URLCONF=__name__)
def test_nothing_is_announced_when_the_task_was_queued(client, demo):
    client.force_login(demo.officer)
    response = client.post("/test-queue/", follow=True)  # eager tasks in tests: queued and run
    assert "gửi sau" not in response.content.decode()
