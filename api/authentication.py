"""How the API knows who is calling: a personal token, or a browser session that passed the second factor."""

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from .models import TOKEN_PREFIX, ApiToken, token_digest
from .second_factor import session_passed_second_factor
from .services import token_touch

KEYWORDS = (b"token", b"bearer")


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Token dvk_…`` (or ``Bearer``); the token is looked up by its digest, never stored raw."""

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() not in KEYWORDS:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Tiêu đề Authorization không hợp lệ: cần “Token <mã>”."))
        try:
            raw = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("Mã truy cập không hợp lệ."))
        if not raw.startswith(TOKEN_PREFIX):
            raise exceptions.AuthenticationFailed(_("Mã truy cập không hợp lệ."))
        token = ApiToken.objects.active().select_related("user").filter(digest=token_digest(raw)).first()
        if token is None:
            raise exceptions.AuthenticationFailed(_("Mã truy cập không hợp lệ, đã hết hạn hoặc đã bị thu hồi."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Tài khoản đã bị khóa."))
        token_touch(token=token)
        return token.user, token

    def authenticate_header(self, request):
        return "Token"


class VerifiedSessionAuthentication(authentication.SessionAuthentication):
    """The browser session (for the API docs' "Try it out"), only once it passed the second factor."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None:
            return None
        if not session_passed_second_factor(request._request):
            return None
        return result
