"""The database restarts between requests: the portal answers a plain 503 while it is down and recovers alone.

The web app runs under gunicorn with one worker and persistent connections (CONN_MAX_AGE, as in production),
against a throwaway PostgreSQL cluster on another port; the machine's own PostgreSQL is never touched.
"""

import json
import subprocess
import sys

import pytest

from tests.servers import ROOT, GunicornServer, ThrowawayPostgres, database_url, project_env

pytestmark = pytest.mark.fault

PASSWORD = "Mat-khau-thu-2026"


@pytest.fixture(scope="module")
def throwaway_site():
    pg = ThrowawayPostgres().start()
    env = {
        "DJANGO_SETTINGS_MODULE": "danvan.settings.dev",
        "DEBUG": "false",
        "DATABASE_URL": database_url(pg.settings_dict),
        "DB_CONN_MAX_AGE": "600",
        "REDIS_URL": "",
    }
    server = None
    try:
        for command in (
            ["migrate", "--noinput"],
            ["createsuperuser", "--noinput", "--username", "thu", "--email", "thu@danvan.test"],
        ):
            subprocess.run(
                [sys.executable, "manage.py", *command],
                cwd=ROOT,
                env=project_env(**env, DJANGO_SUPERUSER_PASSWORD=PASSWORD),
                check=True,
                capture_output=True,
                timeout=300,
            )
        server = GunicornServer(env=env)
        yield pg, server
    finally:
        if server is not None:
            server.stop()
        pg.close()


def health(client):
    status, body = client.request("/healthz")
    return status, json.loads(body)


def test_next_request_after_a_restart_succeeds(throwaway_site, http_client_for):
    pg, server = throwaway_site
    client = http_client_for(server.url)
    assert health(client) == (200, {"database": "ok", "broker": "inline"})

    pg.stop()  # terminates the worker's open connection
    pg.start()

    # The very first request after the restart works: the stale connection is checked and replaced.
    assert health(client) == (200, {"database": "ok", "broker": "inline"})
    status, _page = client.login("thu", PASSWORD)
    assert status == 302, server.log()[-2000:]


def test_database_down_gives_a_vietnamese_503_then_recovers(throwaway_site, http_client_for):
    pg, server = throwaway_site
    client = http_client_for(server.url)
    assert health(client)[0] == 200

    pg.stop()
    try:
        status, page = client.login("thu", PASSWORD)
        assert status == 503
        assert "Cơ sở dữ liệu đang khởi động lại" in page
        assert "Traceback" not in page
        assert health(client) == (503, {"database": "error", "broker": "inline"})
    finally:
        pg.start()

    status, _page = client.login("thu", PASSWORD)
    assert status == 302
    assert health(client)[0] == 200
