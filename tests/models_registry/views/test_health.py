"""/healthz answers for the deployment's checks: database and broker, 200 or 503, no login."""

import pytest
from django.db import connections
from django.test import override_settings
from django.urls import reverse

from tests.servers import free_port


@pytest.fixture
def redis_url():
    import os

    return os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.mark.django_db
def test_healthz_ok_with_real_database_and_broker(client, redis_url):
    with override_settings(CELERY_BROKER_URL=redis_url):
        response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "ok"}
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_without_broker_reports_inline(client):
    with override_settings(CELERY_BROKER_URL="memory://"):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "inline"}


@pytest.mark.django_db
def test_healthz_broker_down_is_503(client):
    with override_settings(CELERY_BROKER_URL=f"redis://127.0.0.1:{free_port()}/0"):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "broker": "error"}


def test_healthz_database_down_is_503(client, django_db_blocker):
    """Point the default connection at a port where nothing listens: a real refused connection."""
    connection = connections["default"]
    saved = connection.settings_dict.copy()
    with django_db_blocker.unblock():
        connection.close()
        connection.settings_dict["PORT"] = str(free_port())
        try:
            with override_settings(CELERY_BROKER_URL="memory://"):
                response = client.get("/healthz")
        finally:
            connection.close()
            connection.settings_dict.update(saved)
    assert response.status_code == 503
    assert response.json() == {"database": "error", "broker": "inline"}


@pytest.mark.django_db
def test_healthz_hung_broker_is_503(client):
    from tests.servers import SilentServer

    server = SilentServer()
    try:
        with override_settings(CELERY_BROKER_URL=server.url):
            response = client.get("/healthz")
    finally:
        server.close()
    assert response.status_code == 503
    assert response.json()["broker"] == "error"
