"""Rewrite the sample import file (models_registry/data/mau-nhap-mo-hinh-vi-du.xlsx) from its generator."""

from django.core.management.base import BaseCommand

from models_registry.imports.sample import SAMPLE_FILE, generate, sample_xlsx


class Command(BaseCommand):
    help = "Rewrite the sample Excel import file (about 300 rows with a dozen mistakes)."

    def handle(self, *args, **options):
        rows = generate()
        SAMPLE_FILE.write_bytes(sample_xlsx(rows))
        self.stdout.write(f"{SAMPLE_FILE}: {len(rows)} rows")
