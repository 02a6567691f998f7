"""Book of models benchmark: 1,000 recognized practices of one district in one book, built in a fresh process.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/danvan .venv/bin/python bench/books.py

The data goes into a throwaway database (``<name>_bench_books`` on the DATABASE_URL server), dropped at the end
unless --keep. Each practice carries full-page texts (summary, content, results), the worst case for layout.
Budget (issue 12): 1,000 practices within the report budget, ≤ 60 s and ≤ 1 GB peak memory (median of the runs).
The parts are laid out in BOOK_WORKERS processes (one per core, at most 4): CPU counts them all, and the peak
memory is the parent's plus every layout process's own peak, as if all were at their peak at once.
Exit status 1 when a budget is exceeded.

    make bench-books                                  # 1,000 practices, 3 runs
    make bench-books BOOK_BENCH_ARGS="--keep --runs 5"  # keep the seeded database; --reuse next time
"""

import argparse
import datetime
import io
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchdb import bench_database_url, setup_django, throwaway_database

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BUDGET_SECONDS = 60.0
PEAK_BUDGET_MB = 1024
DISTRICT_CODE = "292"  # Thị xã Kinh Môn


def seed(count):
    """Units, lists and ``count`` recognized practices of Kinh Môn's communes with decisions of 25 each."""
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from models_registry.models import Decision, Field, Phase, Practice, PracticeState, Recognition, Unit
    from models_registry.models.practices import fold
    from models_registry.seeding.reference import ensure_reference_lists
    from models_registry.seeding.texts import practice_body, practice_results, practice_title
    from models_registry.units_import import load_units

    call_command("migrate", verbosity=0)
    load_units()
    ensure_reference_lists()
    rng = random.Random(2025)
    fields = list(Field.objects.all())
    phase = Phase.objects.get(is_current=True)
    district = Unit.objects.get(code=DISTRICT_CODE)
    communes = list(Unit.objects.filter(parent=district))
    when = timezone.make_aware(datetime.datetime(2024, 6, 1, 9))
    practices = []
    for _index in range(count):
        unit, field = rng.choice(communes), rng.choice(fields)
        kind = rng.choice(["model", "model", "exemplar"])
        subject = rng.choice(["collective", "collective", "individual"])
        title = practice_title(rng, field_code=field.code, kind=kind, subject=subject, place=unit.name)
        body = practice_body(rng, field_code=field.code, title=title, place=unit.name)
        # Full-page texts: the content of a real registration runs to several paragraphs.
        body["content"] = "\n".join([body["content"], body["situation"], body["goals"], body["sustainability"]] * 3)
        results = practice_results(rng)
        results["results"] = " ".join([results["results"], body["outputs"]] * 3)
        practices.append(
            Practice(
                title=title,
                search_text=fold(title),
                kind=kind,
                subject=subject,
                field=field,
                unit=unit,
                board=district,
                phase=phase,
                state=PracticeState.RECOGNIZED,
                submitted_at=when,
                proposed_at=when,
                recognized_at=when,
                **body,
                **results,
            )
        )
    with transaction.atomic():
        Practice.objects.bulk_create(practices, batch_size=1000)
        decisions = Decision.objects.bulk_create(
            Decision(
                number=f"{n + 1:02d}-QĐ/{district.symbol}",
                date=datetime.date(2024, 6, 1),
                board=district,
                signer="Phạm Quốc Khánh",
                level="district",
            )
            for n in range((count + 24) // 25)
        )
        Recognition.objects.bulk_create(
            Recognition(practice=p, decision=decisions[i // 25], level="district", outstanding=i % 10 == 0)
            for i, p in enumerate(practices)
        )


def build_one():
    """Build the district's book once and print its measurements as JSON."""
    from pypdf import PdfReader

    from documents.builders.book import book_practices, book_workers, build_book_pdf
    from models_registry.models import Phase, Unit

    unit = Unit.objects.get(code=DISTRICT_CODE)
    phase = Phase.objects.get(is_current=True)
    cpu_started = time.process_time()
    started = time.perf_counter()
    practices = book_practices(unit=unit, phase=phase)
    after_query = time.perf_counter()
    _name, _type, pdf = build_book_pdf(unit=unit, phase=phase, practices=practices)
    finished = time.perf_counter()
    own = resource.getrusage(resource.RUSAGE_SELF)
    parts = resource.getrusage(resource.RUSAGE_CHILDREN)  # the layout processes (pdfparts/layout.py)
    workers = book_workers()
    print(
        json.dumps(
            {
                "practices": len(practices),
                "pages": len(PdfReader(io.BytesIO(pdf)).pages),
                "seconds": round(finished - started, 2),
                "query_s": round(after_query - started, 2),
                "cpu_s": round(time.process_time() - cpu_started + parts.ru_utime + parts.ru_stime, 2),
                "parent_cpu_s": round(time.process_time() - cpu_started, 2),
                "workers": workers,
                "pdf_mb": round(len(pdf) / 2**20, 2),
                "parent_rss_mb": round(own.ru_maxrss / 1024, 1),
                "part_rss_mb": round(parts.ru_maxrss / 1024, 1),
                # At worst the parent and every layout process at their own peaks at once.
                "peak_rss_mb": round((own.ru_maxrss + workers * parts.ru_maxrss) / 1024, 1),
            }
        )
    )


def measure(url):
    env = {**os.environ, "DATABASE_URL": url}
    result = subprocess.run([sys.executable, __file__, "--one"], env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"book build failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--practices", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3, help="builds, each in a fresh process (median reported)")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database afterwards")
    parser.add_argument("--reuse", action="store_true", help="reuse a kept benchmark database (no seeding)")
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    url, parts, name = bench_database_url("books")
    if args.one:
        setup_django(os.environ["DATABASE_URL"])
        build_one()
        return 0
    runs = []
    with throwaway_database(parts, name, reuse=args.reuse, keep=args.keep):
        setup_django(url)
        if not args.reuse:
            started = time.perf_counter()
            seed(args.practices)
            print(f"Seeded {args.practices} practices into {name} in {time.perf_counter() - started:.0f} s")
        from django.db import connections

        connections.close_all()
        load = os.getloadavg()[0]
        print(f"Load average {load:.1f} on {os.cpu_count()} CPUs" + (" — busy machine" if load > 1.5 else ""))
        for run in range(args.runs):
            result = measure(url)
            runs.append(result)
            print(
                f"run {run + 1}: {result['practices']:,} practices, {result['pages']:,} pages, {result['seconds']:.2f} s "
                f"(CPU {result['cpu_s']:.2f} s in all, {result['parent_cpu_s']:.2f} s in the parent; {result['workers']} "
                f"layout processes), {result['pdf_mb']:.1f} MB, peak RSS {result['peak_rss_mb']:.0f} MB (parent "
                f"{result['parent_rss_mb']:.0f} MB + {result['workers']} × {result['part_rss_mb']:.0f} MB)",
                flush=True,
            )
    if not runs:
        return 0
    median = statistics.median(run["seconds"] for run in runs)
    median_cpu = statistics.median(run["cpu_s"] for run in runs)
    median_rss = statistics.median(run["peak_rss_mb"] for run in runs)
    peak = max(run["peak_rss_mb"] for run in runs)
    print(
        f"Book of {runs[0]['practices']:,} practices: median {median:.2f} s (CPU {median_cpu:.2f} s), "
        f"median peak RSS {median_rss:.0f} MB (max {peak:.0f} MB)"
    )
    (ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)
    (ROOT / "var" / "bench" / "books.json").write_text(
        json.dumps({"runs": runs, "median_s": median, "median_cpu_s": median_cpu, "max_rss_mb": peak}, indent=2)
    )
    failures = []
    if median > BUDGET_SECONDS:
        failures.append(f"median {median:.2f} s > {BUDGET_SECONDS} s")
    if peak > PEAK_BUDGET_MB:
        failures.append(f"peak {peak:.0f} MB > {PEAK_BUDGET_MB} MB")
    if failures:
        print("OVER BUDGET: " + "; ".join(failures))
        return 1
    print("Within budget: ≤ 60 s, ≤ 1 GB.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
