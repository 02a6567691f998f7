"""API test helpers: a token per demo user, JSON calls, a clean cache (throttles, open data) per test."""

import pytest
from django.core.cache import cache

from api.services import token_create

ROLES = ["officer", "officer2", "reviewer", "reviewer2", "provincial", "anonymous"]


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


class Api:
    """Calls the API as a demo user with that user's token (``anonymous``: no token)."""

    def __init__(self, client, demo):
        self.client = client
        self.demo = demo
        self._tokens = {}

    def token(self, role):
        if role not in self._tokens:
            _row, raw = token_create(actor=self.demo.users[role], name=f"test {role}", days=30)
            self._tokens[role] = raw
        return self._tokens[role]

    def headers(self, role):
        return {} if role == "anonymous" else {"Authorization": f"Token {self.token(role)}"}

    def get(self, role, url, params=None):
        return self.client.get(url, params or {}, headers=self.headers(role))

    def post(self, role, url, data=None):
        return self.client.post(url, data or {}, content_type="application/json", headers=self.headers(role))

    def patch(self, role, url, data=None):
        return self.client.patch(url, data or {}, content_type="application/json", headers=self.headers(role))


@pytest.fixture
def api(client, demo):
    return Api(client, demo)
