"""CSRF: every view refuses a POST without the token (no view is csrf_exempt), for every route of the portal.

The REST API (/api/) checks CSRF itself for a browser session (DRF's SessionAuthentication: 403 "CSRF Failed");
a request without a session is refused before anything runs (401, or 405 on the read-only schema); a request with
a personal token carries no cookie, so no CSRF check is needed for it.
"""

import pytest
from django.test import Client

from .conftest import fill, object_kind, object_routes, plain_routes

pytestmark = pytest.mark.django_db


def all_paths(world):
    paths = ["/" + route for route, _name in plain_routes()]
    for route, _name in object_routes():
        kind = object_kind(route)
        obj = world["practice"] if kind == "practice" else world[kind]
        paths += fill(route, obj.pk)
    return paths


@pytest.mark.parametrize("username", ["admin", "officer", "reviewer", None])
def test_post_without_csrf_token_is_refused(demo, kinh_mon_world, username):
    client = Client(enforce_csrf_checks=True)
    if username:
        client.force_login(demo.users[username])
    accepted = []
    for path in all_paths(kinh_mon_world):
        response = client.post(path, {"title": "x", "reason": "x", "username": "officer", "password": "danvan2021"})
        if path.startswith("/api/"):
            refused = (
                # The docs page renders its 403 as HTML without DRF's detail; it accepts GET only anyway.
                response.status_code == 403 and (b"CSRF" in response.content or path == "/api/docs/")
                if username
                else response.status_code in (401, 405)
            )
        else:
            refused = response.status_code == 403
        if not refused:
            accepted.append((path, response.status_code))
    assert accepted == []


def test_the_same_posts_pass_the_csrf_check_with_the_token_check_off(demo, kinh_mon_world):
    """Control: the 403s above come from the CSRF check, not from the views themselves (the API's say so)."""
    client = Client()
    client.force_login(demo.admin)
    pages = [path for path in all_paths(kinh_mon_world) if not path.startswith("/api/")]
    refused = [path for path in pages if client.post(path, {}).status_code == 403]
    assert refused == []


def test_a_real_form_post_with_the_token_works(demo):
    client = Client(enforce_csrf_checks=True)
    page = client.get("/accounts/login/")
    token = page.cookies["csrftoken"].value
    response = client.post(
        "/accounts/login/", {"username": "officer", "password": "danvan2021", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
