from django.core.management.base import BaseCommand

from models_registry.units_import import HAI_DUONG_FILE, load_units


class Command(BaseCommand):
    help = "Import units (province → district → commune) from a vietnam-provinces JSON file; idempotent."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(HAI_DUONG_FILE), help="JSON file (default: Hải Dương)")
        parser.add_argument("--province", action="append", help="only this province code (repeatable)")

    def handle(self, *args, path, province, **options):
        counts = load_units(path, province_codes=province)
        self.stdout.write(
            self.style.SUCCESS("Units: {created} created, {updated} updated, {unchanged} unchanged.".format(**counts))
        )
