"""Login throttling per account and per client address; the address comes only from a trusted proxy."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

pytestmark = pytest.mark.django_db


def fail(client, username, **extra):
    return client.post(reverse("login"), {"username": username, "password": "sai-mat-khau"}, **extra)


def test_an_account_is_locked_from_every_address(client, demo, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        fail(client, "officer", REMOTE_ADDR=f"198.51.100.{n}")
    response = client.post(
        reverse("login"), {"username": "officer", "password": "danvan2021"}, REMOTE_ADDR="198.51.100.200"
    )
    assert response.status_code == 429
    assert "Tài khoản tạm bị khóa" in response.content.decode()


def test_an_address_guessing_many_accounts_is_locked(client, demo, settings):
    settings.AXES_ADDRESS_FAILURE_LIMIT = 8
    for n in range(8):
        fail(client, f"doan-mo-{n}", REMOTE_ADDR="203.0.113.7")
    # A real account with the right password, but from the guessing machine: refused.
    response = client.post(
        reverse("login"), {"username": "reviewer", "password": "danvan2021"}, REMOTE_ADDR="203.0.113.7"
    )
    assert response.status_code == 429
    # The same person from another address signs in.
    response = client.post(
        reverse("login"), {"username": "reviewer", "password": "danvan2021"}, REMOTE_ADDR="203.0.113.8"
    )
    assert response.status_code == 302


def test_a_shared_office_address_survives_a_few_typos(client, demo, settings):
    for name in ("officer", "officer2", "reviewer2"):
        fail(client, name, REMOTE_ADDR="192.0.2.10")
    response = client.post(
        reverse("login"), {"username": "reviewer", "password": "danvan2021"}, REMOTE_ADDR="192.0.2.10"
    )
    assert response.status_code == 302


def test_forwarded_for_is_believed_only_from_the_trusted_proxy(client, demo, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.5"]
    fail(client, "officer", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.23")
    fail(client, "officer", REMOTE_ADDR="203.0.113.50", HTTP_X_FORWARDED_FOR="198.51.100.99")
    addresses = set(AccessAttempt.objects.values_list("ip_address", flat=True))
    # Through the proxy: its right-most client address (the left one was written by the client).
    # Straight from a client: its own address, whatever header it sent.
    assert addresses == {"198.51.100.23", "203.0.113.50"}


def test_login_events_are_logged(client, demo, caplog, settings):
    with caplog.at_level("INFO", logger="danvan.security"):
        fail(client, "officer\nforged line")
        client.post(reverse("login"), {"username": "officer", "password": "danvan2021"})
    messages = [r.getMessage() for r in caplog.records if r.name == "danvan.security"]
    assert any(m.startswith("login.failed ") and "username='officer\\nforged line'" in m for m in messages)
    assert any(m.startswith("login.succeeded user_id=") for m in messages)
    assert all("\n" not in m for m in messages)


def test_lockout_is_logged(client, demo, caplog, settings):
    with caplog.at_level("INFO", logger="danvan.security"):
        for _attempt in range(settings.AXES_FAILURE_LIMIT):
            fail(client, "officer")
    assert any(r.getMessage().startswith("login.locked_out") for r in caplog.records)
