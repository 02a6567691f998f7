"""Password validators whose messages Django does not translate into Vietnamese (its plural forms are missing)."""

from django.contrib.auth import password_validation
from django.utils.translation import gettext as _


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self):
        return _("Mật khẩu này quá ngắn. Mật khẩu phải có ít nhất %d ký tự.") % self.min_length

    def get_help_text(self):
        return _("Mật khẩu phải có ít nhất %(min_length)d ký tự.") % {"min_length": self.min_length}
