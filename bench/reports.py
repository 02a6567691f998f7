"""Report benchmark: a district report with 500 practices in the period, a provincial summary over 12 districts
with 6,000, and the same with twice the rows, each built in a fresh process.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/danvan .venv/bin/python bench/reports.py

The data goes into a throwaway database (``<name>_bench_reports`` on the DATABASE_URL server), dropped at the end
unless --keep. Budget (issue 4): district ≤ 10 s, provincial ≤ 60 s, peak memory ≤ 1 GB, and doubling the rows
at most doubles the time (medians of the runs for the time; for the doubling, beyond the runs' spread). Exit status 1 when a budget is exceeded. CPU time and peak memory
include the processes that lay out the summary's annex (pdfparts/layout.py).
"""

import argparse
import datetime
import io
import json
import os
import random
import resource
import statistics as stats
import subprocess
import sys
import time
from pathlib import Path

from benchdb import bench_database_url, setup_django, throwaway_database

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BUDGET = {"district": 10.0, "summary": 60.0}
PEAK_BUDGET_MB = 1024
PER_DISTRICT = 500  # practices recognized in the period per district, at scale 1
# Scale 1 is reported in 2022, scale 2 (twice the rows) in 2026: one database holds both. The years lie in different
# phases (2021–2025, 2026–2030) with nothing the year before, so that each report's comparison with the previous year
# and its totals since the phase began read only its own rows: doubling the rows doubles everything it reads.
YEAR_OF_SCALE = {1: 2022, 2: 2026}
DISTRICT_CODE = "292"  # Thị xã Kinh Môn
PROVINCE_CODE = "30"  # Hải Dương


def seed():
    """Units, lists and, per scale, PER_DISTRICT x scale recognized practices in each of the 12 districts."""
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from models_registry.models import Decision, Field, Phase, Practice, PracticeState, Recognition, Unit
    from models_registry.models.practices import fold
    from models_registry.seeding.reference import ensure_reference_lists
    from models_registry.units_import import load_units

    call_command("migrate", verbosity=0)
    load_units()
    ensure_reference_lists()
    rng = random.Random(2021)
    fields = list(Field.objects.all())
    phases = {year: Phase.objects.get(start_year__lte=year, end_year__gte=year) for year in YEAR_OF_SCALE.values()}
    province = Unit.objects.get(code=PROVINCE_CODE)
    districts = list(Unit.objects.filter(parent=province, reviews=True).order_by("code"))
    assert len(districts) == 12, districts
    communes = {d.pk: list(Unit.objects.filter(parent=d)) for d in districts}
    words = ["Dân vận khéo", "hiến đất làm đường", "xây dựng nông thôn mới", "phụ nữ giúp nhau", "camera an ninh"]
    words += ["thắp sáng đường quê", "Ấp Ủy Ngỡ Ngàng Hỏi Thăm", "chuyển đổi số", "vườn mẫu", "tổ tự quản"]
    for scale, year in YEAR_OF_SCALE.items():
        start = datetime.date(year - 1, 12, 15)
        for district in districts:
            with transaction.atomic():
                practices = []
                count = PER_DISTRICT * scale
                for index in range(count):
                    day = start + datetime.timedelta(days=rng.randrange(0, 180))
                    when = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
                    title = f"Mô hình “{rng.choice(words).capitalize()}” gắn với {rng.choice(words)} số {index + 1}"
                    unit = rng.choice(communes[district.pk])
                    practices.append(
                        Practice(
                            title=title,
                            search_text=fold(title),
                            kind=rng.choice(["model", "model", "exemplar"]),
                            subject=rng.choice(["collective", "collective", "individual"]),
                            field=rng.choice(fields),
                            unit=unit,
                            board=district,
                            phase=phases[year],
                            state=PracticeState.RECOGNIZED,
                            submitted_at=when,
                            proposed_at=when,
                            recognized_at=when,
                            people_reached=rng.randrange(10, 2000),
                            money_mobilized_vnd=rng.randrange(0, 500) * 1_000_000,
                            workdays_mobilized=rng.randrange(0, 900),
                            land_donated_m2=rng.randrange(0, 3000),
                        )
                    )
                    # Some practices in other states, so that every figure has something to count.
                    if index % 4 == 0:
                        practices.append(
                            Practice(
                                title=title + " (đăng ký)",
                                search_text=fold(title),
                                field=rng.choice(fields),
                                unit=unit,
                                board=district,
                                phase=phases[year],
                                state=PracticeState.REGISTERED,
                                submitted_at=when,
                            )
                        )
                Practice.objects.bulk_create(practices, batch_size=2000)
                recognized = [p for p in practices if p.state == PracticeState.RECOGNIZED]
                decisions = Decision.objects.bulk_create(
                    Decision(
                        number=f"{year}-{n + 1}-QĐ/{district.symbol}",
                        date=recognized[n * 25].recognized_at.date(),
                        board=district,
                        signer="Phạm Quốc Khánh",
                        level="district",
                    )
                    for n in range((len(recognized) + 24) // 25)
                )
                Recognition.objects.bulk_create(
                    (
                        Recognition(
                            practice=p,
                            decision=decisions[i // 25],
                            level="district",
                            outstanding=i % 10 == 0,
                        )
                        for i, p in enumerate(recognized)
                    ),
                    batch_size=2000,
                )
    return districts


def build_one(code, year, period):
    """Build one report (statistics, PDF, XLSX, page count) and print its measurements as JSON."""
    from pypdf import PdfReader

    from models_registry.models import Unit
    from reporting.builders import pdf as pdf_builder
    from reporting.builders.document import ReportDocument
    from reporting.builders.pdf import build_report_pdf
    from reporting.builders.xlsx import build_report_xlsx
    from reporting.selectors import report_statistics

    unit = Unit.objects.get(code=code)
    cpu_started = time.process_time()
    started = time.perf_counter()
    statistics = report_statistics(unit=unit, period_kind=period, year=year)
    after_stats = time.perf_counter()
    document = ReportDocument(unit=unit, period_kind=period, year=year, statistics=statistics)
    _name, _type, pdf = build_report_pdf(document)
    after_pdf = time.perf_counter()
    _name, _type, xlsx = build_report_xlsx(document)
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    finished = time.perf_counter()
    own = resource.getrusage(resource.RUSAGE_SELF)
    parts = resource.getrusage(resource.RUSAGE_CHILDREN)  # the annex layout processes, if any
    # Builds without layout processes (before they existed) count none.
    workers = pdf_builder.report_workers() if hasattr(pdf_builder, "report_workers") else 0
    print(
        json.dumps(
            {
                "rows": len(statistics["annex"]),
                "pages": pages,
                "seconds": round(finished - started, 2),
                # CPU time of this process: what the build costs when other work shares the machine's 2 cores.
                # (plus the layout processes' CPU: the work done in parallel still costs the machine.)
                "cpu_s": round(time.process_time() - cpu_started + parts.ru_utime + parts.ru_stime, 2),
                "parent_cpu_s": round(time.process_time() - cpu_started, 2),
                "workers": workers,
                "statistics_s": round(after_stats - started, 2),
                "pdf_s": round(after_pdf - after_stats, 2),
                "xlsx_s": round(finished - after_pdf, 2),
                "pdf_mb": round(len(pdf) / 2**20, 2),
                # ru_maxrss is in KiB on Linux: the whole process, WeasyPrint's C libraries included.
                # (Not tracemalloc: tracing every allocation makes WeasyPrint four times slower.)
                # At worst the parent and every layout process at their own peaks at once.
                "peak_rss_mb": round((own.ru_maxrss + workers * parts.ru_maxrss) / 1024, 1),
                "parent_rss_mb": round(own.ru_maxrss / 1024, 1),
                "part_rss_mb": round(parts.ru_maxrss / 1024, 1),
            }
        )
    )


def measure(url, code, year, period="h1"):
    """Run build_one in a fresh process, so that its peak memory is its own."""
    env = {**os.environ, "DATABASE_URL": url}
    result = subprocess.run(
        [sys.executable, __file__, "--one", code, str(year), period],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        sys.exit(f"build of {code}/{year} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database afterwards")
    parser.add_argument("--reuse", action="store_true", help="reuse a kept benchmark database (no seeding)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per report; the median counts (default 3)")
    parser.add_argument("--only", choices=sorted(BUDGET), help="measure only the district or only the summary")
    parser.add_argument("--one", nargs=3, metavar=("CODE", "YEAR", "PERIOD"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    url, parts, name = bench_database_url("reports")
    if args.one:
        setup_django(os.environ["DATABASE_URL"])
        build_one(args.one[0], int(args.one[1]), args.one[2])
        return 0

    with throwaway_database(parts, name, reuse=args.reuse, keep=args.keep):
        setup_django(url)
        if not args.reuse:
            started = time.perf_counter()
            seed()
            print(f"Seeded {name} in {time.perf_counter() - started:.0f} s")
        from django.db import connections

        connections.close_all()
        results = []
        load = os.getloadavg()[0]
        print(
            f"Load average {load:.1f} on {os.cpu_count()} CPUs"
            + (" — busy machine, wall times inflated" if load > 1.5 else "")
        )
        for kind, code in (("district", DISTRICT_CODE), ("summary", PROVINCE_CODE)):
            if args.only and kind != args.only:
                continue
            for scale, year in YEAR_OF_SCALE.items():
                # Median of N runs (wall and CPU each): the other work on a shared 2-core machine varies.
                runs = [measure(url, code, year) for _run in range(args.repeat)]
                result = dict(runs[0])
                for key in ("seconds", "cpu_s", "statistics_s", "pdf_s", "xlsx_s"):
                    result[key] = round(stats.median(run[key] for run in runs), 2)
                result["peak_rss_mb"] = max(run["peak_rss_mb"] for run in runs)
                result["runs_seconds"] = [run["seconds"] for run in runs]
                result.update(kind=kind, scale=scale)
                results.append(result)
                print(
                    f"{kind:8} x{scale}: {result['rows']:6,} practices, {result['pages']:4} pages, "
                    f"{result['seconds']:6.2f} s (statistics {result['statistics_s']:.2f}, PDF {result['pdf_s']:.2f}, "
                    f"XLSX {result['xlsx_s']:.2f}; CPU {result['cpu_s']:.2f} s), peak RSS {result['peak_rss_mb']:.0f} MB"
                    f" [median of {len(runs)}; wall {', '.join(str(run['seconds']) for run in runs)}; "
                    f"CPU {', '.join(str(run['cpu_s']) for run in runs)}; load {os.getloadavg()[0]:.1f}]",
                    flush=True,
                )

    failures = []
    for result in results:
        if result["scale"] == 1 and result["seconds"] > BUDGET[result["kind"]]:
            failures.append(f"{result['kind']} took {result['seconds']} s > {BUDGET[result['kind']]} s")
        if result["peak_rss_mb"] > PEAK_BUDGET_MB:
            failures.append(f"{result['kind']} x{result['scale']} peaked at {result['peak_rss_mb']} MB")
    for kind in sorted({result["kind"] for result in results}):
        one, two = (next(r for r in results if r["kind"] == kind and r["scale"] == s) for s in (1, 2))
        ratio = two["seconds"] / one["seconds"]
        # A linear build doubles its time with twice the rows, give or take the run-to-run spread (a few per cent
        # on a shared machine); over budget only when even the fastest 2x run over the slowest 1x run exceeds 2.
        least = min(two["runs_seconds"]) / max(one["runs_seconds"])
        print(f"{kind}: doubling the rows multiplied the time by {ratio:.2f} (medians; at least {least:.2f})")
        if least > 2.0:
            failures.append(f"{kind}: doubling the rows took {least:.2f}x the time at least")
    if failures:
        print("OVER BUDGET: " + "; ".join(failures))
        return 1
    print("Within budget: district ≤ 10 s, provincial ≤ 60 s, peak ≤ 1 GB, 2x rows ≤ 2x time.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
