"""Headers: Permissions-Policy, no caching of signed-in pages, proxy headers believed only from the proxy."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_permissions_policy_on_every_page(client, demo):
    for url in (reverse("login"), reverse("public_list"), "/healthz"):
        policy = client.get(url)["Permissions-Policy"]
        assert "camera=()" in policy and "geolocation=()" in policy and "microphone=()" in policy


def test_signed_in_pages_are_not_stored(client, demo):
    anonymous = client.get(reverse("public_list"))
    assert "no-store" not in anonymous.get("Cache-Control", "")
    client.force_login(demo.officer)
    for url in (reverse("home"), reverse("practice_list"), reverse("public_list")):
        assert client.get(url)["Cache-Control"] == "no-store"


def test_forwarded_proto_from_a_stranger_is_ignored(client, demo, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.5"]
    settings.SECURE_SSL_REDIRECT = True
    # A client claiming HTTPS through the header is still sent to HTTPS: the header is dropped.
    response = client.get(reverse("login"), HTTP_X_FORWARDED_PROTO="https", REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 301 and response.url.startswith("https://")
    # From the configured proxy the header is believed.
    response = client.get(reverse("login"), HTTP_X_FORWARDED_PROTO="https", REMOTE_ADDR="10.0.0.5")
    assert response.status_code == 200


def test_admin_path_is_configurable(settings):
    import importlib

    from django.urls import clear_url_caches

    import danvan.urls

    settings.ADMIN_URL = "quan-tri-9f2c/"
    try:
        clear_url_caches()
        importlib.reload(danvan.urls)
        assert reverse("admin:index") == "/quan-tri-9f2c/"
    finally:
        settings.ADMIN_URL = "admin/"
        importlib.reload(danvan.urls)
        clear_url_caches()
