"""IDOR sweep: every URL that names an object of Kinh Môn, requested by each role of Thanh Hà, is a 404.

The routes come from the URL resolver, so a new view with an id is swept automatically (and a route whose
object kind is unknown makes the sweep fail until it is mapped in conftest.OBJECT_BY_PREFIX).
"""

import pytest

from models_registry.models import Practice, PracticeState

from .conftest import fill, object_kind, object_routes

pytestmark = pytest.mark.django_db

OUTSIDERS = ["officer2", "reviewer2"]
# Who in Kinh Môn uses each kind of route, and on which practice (the control: the same URLs are not 404 for them).
OWNER = {"practices/": "officer", "attachments/": "officer", "review/": "reviewer", "decisions/": "reviewer"}
# The API token page before the other accounts/ pages (the first prefix that matches decides).
OWNER.update({"accounts/api-tokens/": "officer"})
OWNER.update(
    {
        "reports/": "reviewer",
        "public/": None,
        "notifications/": "officer",
        "accounts/": "reviewer",
        "imports/": "reviewer",
        "reform/": "provincial",
        "books/": "reviewer",
        "api/v1/practices/": "officer",
        "api/v1/review/": "reviewer",
        "api/v1/decisions/": "reviewer",
        "api/v1/reports/": "reviewer",
        "api/v1/units/": "officer",
        "api/v1/notifications/": "officer",
    }
)


def fetch(client, path):
    """GET, or POST with no data where the view accepts only POST (the method check comes before any lookup)."""
    response = client.get(path)
    if response.status_code == 405:
        response = client.post(path, {})
    return response


def targets(world, route):
    kind = object_kind(route)
    if kind == "public_photo":
        # A public photo is public by design; a file the board did not mark public is hidden from everyone there.
        return [world["attachment"]]
    if kind != "practice":
        return [world[kind]]
    practices = world["practices"].values()
    if route.startswith("public/"):
        # Recognized practices are public by design; every other state is hidden from everyone.
        return [p for p in practices if p.state != PracticeState.RECOGNIZED]
    return list(practices)


@pytest.mark.parametrize("username", OUTSIDERS)
def test_objects_of_another_district_are_404(client, demo, kinh_mon_world, username):
    states_before = dict(Practice.objects.values_list("pk", "state"))
    client.force_login(demo.users[username])
    leaks, checked = [], 0
    for route, _name in object_routes():
        for obj in targets(kinh_mon_world, route):
            for path in fill(route, obj.pk):
                checked += 1
                status = fetch(client, path).status_code
                if status != 404:
                    leaks.append((path, status))
    assert leaks == []
    assert checked >= 60
    assert dict(Practice.objects.values_list("pk", "state")) == states_before  # and nothing changed


def test_hidden_practices_are_404_on_public_pages_even_anonymously(client, kinh_mon_world):
    for practice in kinh_mon_world["practices"].values():
        expected = 200 if practice.state == PracticeState.RECOGNIZED else 404
        assert client.get(f"/public/{practice.pk}/").status_code == expected, practice.state


def _control_object(world, route):
    kind = object_kind(route)
    if kind != "practice":
        return world[kind]
    if route.startswith("public/"):
        return world["practices"][PracticeState.RECOGNIZED]
    if route.startswith(("review/", "api/v1/review/")):
        return world["practices"][PracticeState.PROPOSED]
    return world["practices"][PracticeState.DRAFT]


def test_the_same_urls_work_for_the_district_itself(client, demo, kinh_mon_world):
    """Proves that the sweep above requests real objects: their owners do not get 404 on the same URLs."""
    not_found = []
    for route, _name in object_routes():
        owner = next(OWNER[prefix] for prefix in OWNER if route.startswith(prefix))
        client.logout()
        if owner:
            client.force_login(demo.users[owner])
        for path in fill(route, _control_object(kinh_mon_world, route).pk):
            if fetch(client, path).status_code == 404:
                not_found.append(path)
    assert not_found == []


def test_anonymous_users_are_sent_to_login(client, kinh_mon_world):
    """Pages send an anonymous visitor to the login page; the API answers 401 and names its scheme."""
    for route, _name in object_routes():
        if route.startswith("public/"):
            continue
        for path in fill(route, _control_object(kinh_mon_world, route).pk):
            response = fetch(client, path)
            if route.startswith("api/"):
                assert response.status_code == 401, path
                assert response["WWW-Authenticate"] == "Token", path
                continue
            assert response.status_code == 302, path
            assert response.url.startswith("/accounts/login/"), path
