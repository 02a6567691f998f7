"""Personal API tokens: made and revoked in a page, shown once, stored hashed, expiring, throttled, 2FA-bound."""

import os
import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from api import authentication as api_authentication
from api.models import ApiToken, token_digest
from api.second_factor import session_passed_second_factor
from api.services import MAX_ACTIVE_TOKENS, token_create
from api.throttling import TokenRateThrottle
from api.views import tokens as token_views
from models_registry.models import AuditEvent

pytestmark = pytest.mark.django_db

PRACTICES = "/api/v1/practices/"


def _create(client, user, name="Kho dữ liệu tỉnh", days=90):
    client.force_login(user)
    return client.post(reverse("api_tokens"), {"name": name, "days": days})


def _raw_from(response):
    page = response.content.decode()
    start = page.index('value="dvk_') + len('value="')
    return page[start : page.index('"', start)]


def test_the_page_needs_a_login(client):
    response = client.get(reverse("api_tokens"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_created_in_the_page_shown_once_stored_hashed(client, demo):
    response = _create(client, demo.reviewer)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    raw = _raw_from(response)
    token = ApiToken.objects.get(user=demo.reviewer)
    # Stored as a digest only: the raw token is in no column.
    assert token.digest == token_digest(raw) and raw not in (token.digest, token.lookup, token.name)
    assert raw.startswith("dvk_" + token.lookup)
    assert timedelta(days=89) < token.expires_at - timezone.now() <= timedelta(days=90)
    assert AuditEvent.objects.filter(action="api_token.created", object_id=str(token.pk), actor=demo.reviewer).exists()
    # Shown once: the list page afterwards has its lookup, never the token.
    again = client.get(reverse("api_tokens")).content.decode()
    assert raw not in again and f"dvk_{token.lookup}…" in again
    # And it works.
    client.logout()
    assert client.get(PRACTICES, headers={"Authorization": f"Token {raw}"}).status_code == 200
    assert client.get(PRACTICES, headers={"Authorization": f"Bearer {raw}"}).status_code == 200


def test_bad_input_in_the_page(client, demo):
    blank = _create(client, demo.officer, name="   ")
    assert blank.status_code == 400 and "Vui lòng đặt tên gợi nhớ cho mã truy cập." in blank.content.decode()
    too_long = _create(client, demo.officer, days=10000)
    assert too_long.status_code == 400
    assert not ApiToken.objects.exists()


def test_at_most_ten_active_tokens(client, demo):
    for number in range(MAX_ACTIVE_TOKENS):
        token_create(actor=demo.officer, name=f"mã {number}", days=30)
    response = _create(client, demo.officer)
    assert response.status_code == 400 and "thu hồi" in response.content.decode()
    assert ApiToken.objects.filter(user=demo.officer).count() == MAX_ACTIVE_TOKENS


def test_revoked_by_its_owner_only(client, demo):
    token, raw = token_create(actor=demo.officer, name="Bảng điều khiển", days=30)
    client.force_login(demo.officer2)
    assert client.post(reverse("api_token_revoke", args=[token.pk])).status_code == 404
    client.force_login(demo.officer)
    response = client.post(reverse("api_token_revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEvent.objects.filter(action="api_token.revoked", object_id=str(token.pk)).exists()
    client.logout()
    refused = client.get(PRACTICES, headers={"Authorization": f"Token {raw}"})
    assert refused.status_code == 401
    assert "thu hồi" in refused.json()["detail"]


@pytest.mark.parametrize(
    "header",
    ["Token", "Token a b", "Token nottoken", "Token dvk_guessed", "Bearer dvk_" + "x" * 43, "Token dvk_\u00e9"],
)
def test_bad_tokens_are_401(client, demo, header):
    response = client.get(PRACTICES, headers={"Authorization": header})
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_expired_token_and_inactive_user_are_refused(client, demo):
    token, raw = token_create(actor=demo.officer, name="Hết hạn", days=1)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get(PRACTICES, headers={"Authorization": f"Token {raw}"}).status_code == 401
    _token, raw = token_create(actor=demo.officer2, name="Khóa", days=1)
    type(demo.officer2).objects.filter(pk=demo.officer2.pk).update(is_active=False)
    assert client.get(PRACTICES, headers={"Authorization": f"Token {raw}"}).status_code == 401


def test_last_used_is_recorded_at_most_once_a_minute(client, demo):
    token, raw = token_create(actor=demo.officer, name="Dùng", days=1)
    client.get(PRACTICES, headers={"Authorization": f"Token {raw}"})
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    client.get(PRACTICES, headers={"Authorization": f"Token {raw}"})
    token.refresh_from_db()
    assert token.last_used_at == first


@pytest.fixture
def second_factor_on(settings):
    settings.SECOND_FACTOR_REQUIRED = True
    return settings


def _verified_session(client, user):
    """Sign in and pass the second factor as django-otp records it (the device id in the session)."""
    device = TOTPDevice.objects.create(user=user, name="Ứng dụng xác thực", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def test_a_token_is_not_created_before_the_second_factor(client, demo, second_factor_on):
    client.force_login(demo.reviewer)  # password only: a reviewer still owes the second factor
    page = client.get(reverse("api_tokens"))
    assert page.status_code == 302 and page.url.startswith(reverse("second_factor_enrol"))
    response = client.post(reverse("api_tokens"), {"name": "Không được", "days": 30})
    assert response.status_code == 302
    assert not ApiToken.objects.exists()


def test_a_token_is_created_once_the_session_passed_the_second_factor(client, demo, second_factor_on):
    _verified_session(client, demo.reviewer)
    response = client.post(reverse("api_tokens"), {"name": "Kho dữ liệu", "days": 30})
    assert response.status_code == 200
    raw = _raw_from(response)
    assert ApiToken.objects.get(user=demo.reviewer).digest == token_digest(raw)


def test_an_officer_without_a_second_factor_may_create_one(client, demo, second_factor_on):
    response = _create(client, demo.officer)
    assert response.status_code == 200 and ApiToken.objects.filter(user=demo.officer).count() == 1


def test_the_page_itself_refuses_when_the_check_fails(client, demo, monkeypatch):
    """Belt and braces behind the middleware: the view asks the same check before creating anything."""
    monkeypatch.setattr(token_views, "session_passed_second_factor", lambda request: False)
    client.force_login(demo.officer)
    page = client.get(reverse("api_tokens")).content.decode()
    assert "Vui lòng xác thực hai lớp trước khi tạo mã truy cập API." in page and 'name="name"' not in page
    assert client.post(reverse("api_tokens"), {"name": "Không được", "days": 30}).status_code == 403
    assert not ApiToken.objects.exists()


def test_the_api_refuses_a_session_that_did_not_pass_the_second_factor(client, demo, monkeypatch):
    client.force_login(demo.reviewer)
    assert client.get(PRACTICES).status_code == 200
    monkeypatch.setattr(api_authentication, "session_passed_second_factor", lambda request: False)
    assert client.get(PRACTICES).status_code == 401


def test_the_api_with_the_second_factor_on(client, demo, second_factor_on):
    """An unverified board session gets no API answer; a verified one does; a token needs no session at all."""
    client.force_login(demo.reviewer)
    assert client.get(PRACTICES).status_code != 200
    _verified_session(client, demo.reviewer)
    assert client.get(PRACTICES).status_code == 200
    _token, raw = token_create(actor=demo.reviewer, name="Kho", days=1)
    client.logout()
    assert client.get(PRACTICES, headers={"Authorization": f"Token {raw}"}).status_code == 200


def test_the_check_is_the_second_factor_rule(rf, demo, second_factor_on):
    request = rf.get("/")
    request.user = demo.reviewer
    demo.reviewer.is_verified = lambda: False
    assert session_passed_second_factor(request) is False  # a reviewer must pass it
    demo.reviewer.is_verified = lambda: True
    assert session_passed_second_factor(request) is True
    request.user = demo.officer
    demo.officer.is_verified = lambda: False
    assert session_passed_second_factor(request) is True  # an officer without a device is not asked


@pytest.fixture
def low_rate(monkeypatch):
    monkeypatch.setattr(TokenRateThrottle, "THROTTLE_RATES", {**TokenRateThrottle.THROTTLE_RATES, "token": "3/minute"})


def _four_calls(client, raw):
    return [client.get(PRACTICES, headers={"Authorization": f"Token {raw}"}).status_code for _ in range(4)]


def test_throttled_per_token(client, demo, low_rate):
    _token, raw = token_create(actor=demo.officer, name="Nhanh", days=1)
    assert _four_calls(client, raw) == [200, 200, 200, 429]
    response = client.get(PRACTICES, headers={"Authorization": f"Token {raw}"})
    assert response.status_code == 429 and "Retry-After" in response
    # Another token of another user has its own budget.
    _other, raw2 = token_create(actor=demo.officer2, name="Khác", days=1)
    assert client.get(PRACTICES, headers={"Authorization": f"Token {raw2}"}).status_code == 200


def test_throttles_count_in_redis_when_configured(client, demo, low_rate, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0"),
            "KEY_PREFIX": f"test-throttle-{uuid.uuid4().hex}",
        }
    }
    _token, raw = token_create(actor=demo.officer, name="Redis", days=1)
    assert _four_calls(client, raw) == [200, 200, 200, 429]
