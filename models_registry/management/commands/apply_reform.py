import datetime

from django.core.management.base import BaseCommand, CommandError

from models_registry.errors import DomainError
from models_registry.services.reform import reform_apply
from models_registry.units_import import SUCCESSION_FILE, TWO_TIER_FILE, CodeInUse


class Command(BaseCommand):
    help = (
        "Apply an administrative reform: close the old units, open the new ones, record the successions, move open "
        "practices and officers to their successor (or queue them when the old unit was split). Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(SUCCESSION_FILE), help="succession JSON file")
        parser.add_argument("--date", required=True, help="first day of the new structure, YYYY-MM-DD")
        parser.add_argument("--units", default=str(TWO_TIER_FILE), help="units file of the new structure")

    def handle(self, *args, file, date, units, **options):
        try:
            effective = datetime.date.fromisoformat(date)
        except ValueError as error:
            raise CommandError(f"Ngày không hợp lệ: {date} (cần dạng YYYY-MM-DD).") from error
        try:
            counts = reform_apply(effective=effective, succession_file=file, units_file=units)
        except (DomainError, CodeInUse, FileNotFoundError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(", ".join(f"{key}: {value}" for key, value in counts.items())))
