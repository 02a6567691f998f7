from django.core.management.base import BaseCommand

from models_registry.seeding.demo import seed_demo
from models_registry.seeding.photos import ensure_demo_photos
from models_registry.seeding.today import seed_demo_today
from models_registry.seeding.users import DEMO_PASSWORD


class Command(BaseCommand):
    help = (
        "Create the Hải Dương units, reference lists, demo logins and demo practices of 2021–2025, apply the "
        "reform of 1/7/2025 and add Hải Phòng's practices since (idempotent)."
    )

    def handle(self, *args, **options):
        summary = seed_demo()
        summary.extend(seed_demo_today())
        summary.append(f"Public demo photos added: {ensure_demo_photos()}")
        for line in summary:
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password {DEMO_PASSWORD}):"))
        for username, description in DEMO_USERS_TEXT:
            self.stdout.write(f"  {username:<11} {description}")


DEMO_USERS_TEXT = [
    ("officer", "cán bộ Phường Kinh Môn (trước 1/7/2025: Phường An Lưu, Thị xã Kinh Môn)"),
    ("officer2", "cán bộ Xã Hà Nam (trước 1/7/2025: Xã Thanh An, Huyện Thanh Hà)"),
    ("reviewer", "Ban Dân vận Thị ủy Kinh Môn"),
    ("reviewer2", "Ban Dân vận Huyện ủy Thanh Hà"),
    ("provincial", "Ban Dân vận Tỉnh ủy Hải Dương (lịch sử 2021–2025)"),
    ("commune", "Đảng ủy Phường Kinh Môn (Thành phố Hải Phòng)"),
    ("city", "Ban Tuyên giáo và Dân vận Thành ủy Hải Phòng"),
    ("admin", "quản trị hệ thống (/admin/)"),
]
