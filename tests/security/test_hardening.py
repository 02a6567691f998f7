"""Security settings that hold for every page: CSP, login throttling, sessions, passwords."""

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_csp_header_forbids_inline_script_and_style(client, demo):
    for response in (client.get(reverse("login")), client.get("/healthz")):
        policy = response["Content-Security-Policy"]
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
        assert directives["script-src"] == "'self'"
        assert directives["style-src"] == "'self'"
        assert directives["frame-ancestors"] == "'none'"
        assert directives["object-src"] == "'none'"
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    client.force_login(demo.officer)
    assert "script-src 'self'" in client.get(reverse("home"))["Content-Security-Policy"]


def test_login_is_throttled_after_repeated_failures(client, demo):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(reverse("login"), {"username": "officer", "password": "sai-mat-khau"})
        assert response.status_code == 200
    assert client.post(reverse("login"), {"username": "officer", "password": "sai"}).status_code == 429
    # Locked now: even the right password is refused, and the page says why, in Vietnamese.
    response = client.post(reverse("login"), {"username": "officer", "password": "danvan2021"})
    assert response.status_code == 429
    assert "Tài khoản tạm bị khóa" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_username(client, demo):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "officer", "password": "sai-mat-khau"})
    response = client.post(reverse("login"), {"username": "reviewer", "password": "danvan2021"})
    assert response.status_code == 302


def test_session_ends_with_the_browser_and_after_idle_time(client, demo):
    assert settings.SESSION_COOKIE_AGE <= 8 * 3600
    response = client.post(reverse("login"), {"username": "officer", "password": "danvan2021"})
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert not cookie["expires"] and not cookie["max-age"]  # a browser-session cookie
    assert client.get(reverse("home")).status_code == 200
    # An idle session past its age is gone: the next request goes to the login page.
    Session.objects.filter(session_key=client.session.session_key).update(expire_date=timezone.now())
    response = client.get(reverse("practice_list"))  # home would show the public showcase
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("12345678", "Mật khẩu này hoàn toàn là số"),
        ("abc12", "Mật khẩu này quá ngắn"),
        ("password", "Mật khẩu này quá phổ biến"),
    ],
)
def test_weak_passwords_are_refused_in_vietnamese(client, demo, password, message):
    client.force_login(demo.officer)
    response = client.post(
        reverse("password_change"),
        {"old_password": "danvan2021", "new_password1": password, "new_password2": password},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    demo.officer.refresh_from_db()
    assert demo.officer.check_password("danvan2021")
