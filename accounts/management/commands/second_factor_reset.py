"""Remove a person's second factor when the phone and the backup codes are both lost (audited)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from models_registry.services.audit import audit_log


class Command(BaseCommand):
    help = "Xóa xác thực hai bước của một tài khoản (mất điện thoại và mã dự phòng); lần đăng nhập sau sẽ đăng ký lại."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--note", default="", help="Lý do, ghi vào nhật ký.")

    def handle(self, *args, username, note, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Không có tài khoản {username!r}.")
        with transaction.atomic():
            removed = (
                TOTPDevice.objects.filter(user=user).delete()[0] + StaticDevice.objects.filter(user=user).delete()[0]
            )
            audit_log(
                action="user.second_factor_reset", actor=None, obj=user, note=note or "manage.py second_factor_reset"
            )
        self.stdout.write(f"Đã xóa {removed} thiết bị xác thực của {username}.")
