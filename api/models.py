"""Personal API tokens (mã truy cập API): shown once, stored as a SHA-256 digest, with an expiry."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from models_registry.models.audit import register_action

# "dvk_" + 43 URL-safe characters (32 random bytes); the first characters after the prefix identify the token in
# the list page without revealing it.
TOKEN_PREFIX = "dvk_"
LOOKUP_LENGTH = 8

API_TOKEN_CREATED = register_action("api_token.created", _("Tạo mã truy cập API"))
API_TOKEN_REVOKED = register_action("api_token.revoked", _("Thu hồi mã truy cập API"))


def token_digest(raw):
    """The stored form of a token: a raw token has 256 random bits, so an unsalted SHA-256 cannot be reversed."""
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self, now=None):
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=now)


class ApiToken(models.Model):
    """A user's personal token for the API; the user creates and revokes it in the "Mã truy cập API" page."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("tên gợi nhớ"), max_length=100)
    lookup = models.CharField(_("mã nhận diện"), max_length=LOOKUP_LENGTH, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    expires_at = models.DateTimeField(_("hết hạn"))
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("mã truy cập API")
        verbose_name_plural = _("mã truy cập API")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.name} ({TOKEN_PREFIX}{self.lookup}…)"

    @property
    def is_active(self):
        return self.revoked_at is None and self.expires_at > timezone.now()
