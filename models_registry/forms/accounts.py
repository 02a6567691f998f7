"""The login form: Vietnamese messages that Django's own catalogue lacks."""

from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    """Django's login form with messages that Django's Vietnamese catalogue lacks."""

    error_messages = {
        "invalid_login": _("Vui lòng nhập đúng tên đăng nhập và mật khẩu. Lưu ý: phân biệt chữ hoa, chữ thường."),
        "inactive": _("Tài khoản này đã bị khóa."),
    }
