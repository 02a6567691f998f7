"""The login form: Vietnamese messages that Django's own catalogue lacks."""

from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    """Django's login form with messages that Django's Vietnamese catalogue lacks."""

    error_messages = {
        "invalid_login": _("Vui lòng nhập đúng tên đăng nhập và mật khẩu. Lưu ý: phân biệt chữ hoa, chữ thường."),
        "inactive": _("Tài khoản này đã bị khóa."),
    }

    def clean_username(self):
        # Django only sets the field's max_length for the browser; a longer name reached the login throttle's
        # 255-character column (a server error). No account has such a name: the usual wrong-login message.
        username = self.cleaned_data["username"]
        if len(username) > self.fields["username"].max_length:
            raise ValidationError(self.error_messages["invalid_login"], code="invalid_login")
        return username
