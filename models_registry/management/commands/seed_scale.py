import time

from django.core.management.base import BaseCommand

from models_registry.seeding.national import seed_scale
from models_registry.units_import import NATIONAL_FILE


class Command(BaseCommand):
    help = (
        "Load the national unit tree and top the synthetic practices up to --practices "
        "(bulk inserts; PostgreSQL COPY). Idempotent: a second run with the same number adds nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--practices", type=int, default=500_000, help="synthetic practices wanted in total")
        parser.add_argument("--units", default=str(NATIONAL_FILE), help="unit tree JSON (default: the whole country)")
        parser.add_argument("--batch-size", type=int, default=50_000)
        parser.add_argument("--seed", type=int, default=2021, help="random seed (the data is deterministic)")

    def handle(self, *args, practices, units, batch_size, seed, **options):
        started = time.monotonic()
        summary = seed_scale(practices, path=units, seed=seed, batch_size=batch_size, log=self.stdout.write)
        self.stdout.write(
            self.style.SUCCESS(
                f"Synthetic practices: {summary['existing'] + summary['created']:,} "
                f"({summary['created']:,} added, {summary['decisions']:,} decisions, "
                f"{summary['recognitions']:,} recognitions, {summary['audit_events']:,} audit events) "
                f"in {time.monotonic() - started:.1f} s."
            )
        )
