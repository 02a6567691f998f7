"""Import benchmark: a 5,000-row Excel file checked into its preview, imported, and checked again (unchanged).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/danvan .venv/bin/python bench/imports.py [--rows 5000]

The file comes from the sample generator (five districts, every state, decisions shared by many rows,
commendations, replications) without its mistakes. Each round imports a new file (other titles and decision
numbers) into a throwaway database (``<name>_bench_imports`` on the DATABASE_URL server, dropped at the end unless
--keep). Printed per phase: the median over the rounds of seconds and rows per second. Budget (issue 10): upload
to imported under 60 s for 5,000 rows. Exit status 1 when it is exceeded.
"""

import argparse
import os
import resource
import statistics
import sys
import time
from pathlib import Path

from benchdb import bench_database_url, setup_django, throwaway_database

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BUDGET_SECONDS = 60.0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=int(os.environ.get("BENCH_IMPORT_ROWS", "5000")))
    parser.add_argument("--rounds", type=int, default=int(os.environ.get("BENCH_ROUNDS", "3")))
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    args = parser.parse_args()

    url, parts, name = bench_database_url("imports")
    os.environ.pop("REDIS_URL", None)  # tasks run inline: the figure is the work, not the queue's latency
    with throwaway_database(parts, name, keep=args.keep):
        setup_django(url)
        return measure(args)


def measure(args):
    """Seed the database, import the same generated file ``args.rounds`` times, print the medians; exit status."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.test import override_settings

    from models_registry.imports.sample import generate, sample_xlsx
    from models_registry.models import ImportBatch, ImportStatus, Practice
    from models_registry.seeding.reference import ensure_reference_lists
    from models_registry.seeding.users import demo_unit, ensure_demo_users
    from models_registry.services.imports import import_batch_confirm, import_batch_create
    from models_registry.units_import import load_units

    call_command("migrate", verbosity=0)
    load_units()
    ensure_reference_lists()
    user = ensure_demo_users()["provincial"]
    province = demo_unit("Tỉnh Hải Dương")
    timings = {"check": [], "import": [], "recheck": [], "cpu": []}
    size = 0
    with override_settings(CELERY_TASK_ALWAYS_EAGER=True, IMPORT_MAX_ROWS=max(args.rows, 20_000)):
        for round_number in range(1, args.rounds + 1):
            rows = generate(
                args.rows,
                seed=round_number,
                mistakes=False,
                suffix=f"lượt {round_number}",
                first_decision=1000 * round_number,
            )
            content = sample_xlsx(rows)
            size = len(content)
            cpu_started = time.process_time()
            started = time.perf_counter()
            batch = import_batch_create(actor=user, unit=province, file=SimpleUploadedFile("bench.xlsx", content))
            batch.refresh_from_db()
            checked = time.perf_counter()
            assert batch.status == ImportStatus.CHECKED and not batch.counts["errors"], batch.counts or batch.error
            import_batch_confirm(batch=batch, actor=user)
            batch.refresh_from_db()
            imported = time.perf_counter()
            assert batch.status == ImportStatus.IMPORTED, batch.error
            again = import_batch_create(actor=user, unit=province, file=SimpleUploadedFile("bench.xlsx", content))
            again.refresh_from_db()
            rechecked = time.perf_counter()
            assert again.counts["unchanged"] == args.rows, again.counts
            timings["cpu"].append(time.process_time() - cpu_started)
            timings["check"].append(checked - started)
            timings["import"].append(imported - checked)
            timings["recheck"].append(rechecked - imported)
            print(
                f"round {round_number}: check {checked - started:.1f} s, import {imported - checked:.1f} s, "
                f"re-check {rechecked - imported:.1f} s"
            )
    total = [c + i for c, i in zip(timings["check"], timings["import"], strict=True)]
    median = statistics.median(total)
    print(f"\nImport of {args.rows} rows ({size / 2**20:.1f} MB .xlsx), median of {args.rounds} rounds:")
    for phase, label in (
        ("check", "upload → preview"),
        ("import", "confirm → imported"),
        ("recheck", "same file again"),
    ):
        seconds = statistics.median(timings[phase])
        print(f"  {label:<20} {seconds:6.1f} s  {args.rows / seconds:7.0f} rows/s")
    print(
        f"  {'upload → imported':<20} {median:6.1f} s  {args.rows / median:7.0f} rows/s  (budget {BUDGET_SECONDS:.0f} s)"
    )
    print(
        f"  (this process's own CPU for the three phases: {statistics.median(timings['cpu']):.1f} s; the rest is "
        f"PostgreSQL and waiting for the CPU — load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)"
    )
    print(f"  peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    print(f"  practices in the database: {Practice.objects.count()}, batches: {ImportBatch.objects.count()}")
    ok = median < BUDGET_SECONDS
    print("Budget met." if ok else "Budget EXCEEDED.")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
