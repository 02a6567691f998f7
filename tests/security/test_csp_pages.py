"""Pages work under the Content-Security-Policy: no inline script, inline style or on…= handler in any page.

The browser would block them (script-src/style-src 'self'), so a page that needs one is broken for users.
Every GET route of the portal is fetched as each role, plus forms re-rendered with errors.
"""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from models_registry.models import PracticeState

from .conftest import fill, object_kind, object_routes, plain_routes

pytestmark = pytest.mark.django_db

ROLES = ["officer", "officer2", "reviewer", "reviewer2", "provincial", "admin", None]


class InlineFinder(HTMLParser):
    def __init__(self):
        super().__init__()
        self.problems = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and not attrs.get("src"):
            self.problems.append("inline <script>")
        if tag == "style":
            self.problems.append("<style> element")
        for name, value in attrs.items():
            if name == "style":
                self.problems.append(f'style="{value}" on <{tag}>')
            if name.startswith("on"):
                self.problems.append(f"{name}= on <{tag}>")
            if name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.problems.append(f"javascript: URL on <{tag}>")


def inline_problems(html):
    finder = InlineFinder()
    finder.feed(html)
    return finder.problems


def test_the_finder_finds_what_csp_blocks():
    assert inline_problems('<div style="color:red" onclick="x()"><script>x()</script></div>') == [
        'style="color:red" on <div>',
        "onclick= on <div>",
        "inline <script>",
    ]
    assert inline_problems('<script src="/static/js/a.js"></script><a href="/x">x</a>') == []


def get_paths(world):
    paths = ["/" + route for route, _name in plain_routes() if route != "i18n/setlang/"]
    for route, _name in object_routes():
        kind = object_kind(route)
        objects = list(world["practices"].values()) if kind == "practice" else [world[kind]]
        for obj in objects:
            paths += fill(route, obj.pk)
    proposed = world["practices"][PracticeState.PROPOSED]
    paths += [
        reverse("decision_create") + f"?ids={proposed.pk}",
        reverse("practice_list") + "?q=d%C3%A2n+v%E1%BA%ADn&state=proposed",
        reverse("public_list") + "?q=dan+van",
    ]
    return paths


@pytest.mark.parametrize("username", ROLES)
def test_every_page_needs_no_inline_code(client, demo, kinh_mon_world, username):
    if username:
        client.force_login(demo.users[username])
    found, pages = {}, 0
    for path in get_paths(kinh_mon_world):
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        pages += 1
        problems = inline_problems(response.content.decode())
        if problems:
            found[path] = problems
    assert found == {}
    assert pages >= (10 if username else 3)


def test_forms_with_errors_need_no_inline_code(client, demo, kinh_mon_world):
    client.force_login(demo.officer)
    draft = kinh_mon_world["practices"][PracticeState.DRAFT]
    registered = kinh_mon_world["practices"][PracticeState.REGISTERED]
    responses = [
        client.post(reverse("practice_create"), {"title": "", "budget_vnd": "abc", "start_date": "32/13/2024"}),
        client.post(reverse("practice_edit", args=[draft.pk]), {"title": ""}),
        client.post(reverse("practice_propose", args=[registered.pk]), {"people_reached": "x"}),
        client.post(reverse("attachment_upload", args=[draft.pk]), {}),
        client.post(reverse("password_change"), {"old_password": "sai"}),
    ]
    client.logout()
    responses.append(client.post(reverse("login"), {"username": "officer", "password": "sai"}))
    for response in responses:
        assert response.status_code in (200, 400, 409)
        assert inline_problems(response.content.decode()) == [], response.request["PATH_INFO"]
