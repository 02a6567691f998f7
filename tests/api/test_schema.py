"""The OpenAPI schema: the committed file is the generated one, and a bounded schemathesis run finds no 500.

Regenerate the committed file after changing the API:
    DJANGO_SETTINGS_MODULE=danvan.settings.test python manage.py spectacular --lang vi --validate \
        --fail-on-warn --file api/openapi.yaml
"""

from pathlib import Path

import pytest
import schemathesis
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.urls import reverse
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error

from api.services import token_create
from api.throttling import TokenRateThrottle
from tests.models_registry.review_fixtures import proposed, recognized

COMMITTED = Path(settings.BASE_DIR) / "api" / "openapi.yaml"
# Bounded: a handful of generated requests per operation and role keeps `make test` in seconds, not minutes.
MAX_EXAMPLES = 12


@pytest.mark.django_db
def test_committed_schema_is_the_generated_one(tmp_path):
    generated = tmp_path / "openapi.yaml"
    call_command("spectacular", "--lang", "vi", "--validate", "--fail-on-warn", "--file", str(generated))
    assert generated.read_text() == COMMITTED.read_text(), (
        "api/openapi.yaml is out of date: regenerate it (see this module's docstring) and commit it."
    )


@pytest.mark.django_db
def test_schema_and_docs_are_served_from_our_own_static_files(client):
    schema = client.get(reverse("api:schema"))
    assert schema.status_code == 200 and b"openapi: 3.0" in schema.content
    docs = client.get(reverse("api:docs"))
    page = docs.content.decode()
    assert docs.status_code == 200
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "<script>" not in page and "http" not in page.replace('lang="vi"', "")  # no CDN, no inline script
    script = client.get(reverse("api:docs") + "?script=")
    assert script.status_code == 200 and script["Content-Type"].startswith("application/javascript")
    bundle = client.get("/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")
    assert bundle.status_code == 200


# The committed file (the test above keeps it equal to the generated one), called in-process through Django's WSGI
# handler: loading it needs no request and no database while pytest collects.
schema = schemathesis.openapi.from_path(COMMITTED)
# The fuzzing phase only (bounded by MAX_EXAMPLES); the coverage phase's negative and boundary cases run once, for
# the reviewer, below: all three roles with it took six minutes.
schema.config.phases.coverage.enabled = False
with_coverage = schemathesis.openapi.from_path(COMMITTED)
APP = WSGIHandler()


@pytest.fixture
def world(demo, monkeypatch):
    """Each role's token header; a few practices so that some generated ids hit real rows; no throttle in the way of generated requests.

    As Django's test client does, the handler must not close the test's database connection after each request
    (that connection holds the test's transaction).
    """
    monkeypatch.setattr(TokenRateThrottle, "THROTTLE_RATES", {**TokenRateThrottle.THROTTLE_RATES, "token": None})
    for _ in range(3):
        proposed(demo.an_luu)
        recognized(demo.an_luu)
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield {
        role: {"Authorization": f"Token {token_create(actor=demo.users[role], name='schemathesis', days=1)[1]}"}
        for role in ("officer", "reviewer", "provincial")
    }
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _no_server_error(case, headers):
    response = case.call(app=APP, headers=headers)
    case.validate_response(response, checks=[not_a_server_error])


BOUNDED = hypothesis_settings(
    max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
)


@schema.parametrize()
@BOUNDED
def test_no_server_error_as_officer(case, world):
    _no_server_error(case, world["officer"])


@with_coverage.parametrize()
@BOUNDED
def test_no_server_error_as_reviewer(case, world):
    _no_server_error(case, world["reviewer"])


@schema.parametrize()
@BOUNDED
def test_no_server_error_as_provincial(case, world):
    _no_server_error(case, world["provincial"])
