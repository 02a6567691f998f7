#!/usr/bin/env python
"""`make bench`: the portal at national scale, served by gunicorn on PostgreSQL and loaded by locust.

1. A dedicated database (BENCH_DATABASE_URL, default: DATABASE_URL's server, database danvan_bench) is created
   if missing, migrated and topped up to BENCH_PRACTICES synthetic practices (default 500,000; seed_scale adds
   nothing when the count is already there).
2. Bench logins are created: a district reviewer and a provincial user of the largest province, a superuser.
3. gunicorn serves danvan.wsgi (danvan.settings.bench: DEBUG off) on a free local port with BENCH_WORKERS
   workers; locust (another process) runs BENCH_USERS users against it (see bench/locustfile.py).
4. Per page: median and 95th percentile under load, against the floor (a trivial authenticated view) and the
   Django admin change list of practices. Budget (issue 3): every page's median within 10x the floor and below
   the admin's. Also shown: the median with one request at a time ("1-user"), the server's own cost per page.
5. bench/reports.py (the reports benchmark), bench/imports.py (the Excel import) and bench/books.py (the book of
   models), if present, run afterwards; then bench/soak.py, the soak of 200 people for 10 minutes
   (BENCH_SKIP_REPORTS=1 / BENCH_SKIP_IMPORTS=1 / BENCH_SKIP_BOOKS=1 /
   BENCH_SKIP_SOAK=1 leave them out).

Environment: DATABASE_URL, BENCH_DATABASE_URL, BENCH_PRACTICES, BENCH_USERS (10), BENCH_WORKERS (4),
BENCH_PHASE_SECONDS (10), BENCH_ROUNDS (3), BENCH_WARMUP_SECONDS (8), BENCH_PAGES (comma-separated names, to
measure only some pages). Results are also written to var/bench/web.json.
"""

import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
FLOOR, ADMIN = "floor", "admin change list"
FLOOR_FACTOR = 10
OUT = ROOT / "var" / "bench"


def env_int(name, default):
    return int(os.environ.get(name, default))


def bench_database_url():
    if os.environ.get("BENCH_DATABASE_URL"):
        return os.environ["BENCH_DATABASE_URL"]
    base = urlsplit(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/danvan"))
    if not base.scheme.startswith("postgres"):
        sys.exit("The benchmark needs PostgreSQL: set DATABASE_URL or BENCH_DATABASE_URL to a postgres:// URL.")
    return urlunsplit(base._replace(path="/danvan_bench"))


def ensure_database(url):
    import psycopg2
    from psycopg2 import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            print(f"Creating database {name}")
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    admin.close()


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def prepare_pages(env):
    """Bench logins with server-side sessions, and the pages to measure (name, path, session key)."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.db.models import Count
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from models_registry.models import Membership, Practice, Role, Unit, UnitLevel

    User = get_user_model()
    # The province with the most practices, and its district board with the most practices.
    province = (
        Unit.objects.filter(level=UnitLevel.PROVINCE, code=os.environ.get("BENCH_PROVINCE", "38")).first()
        or Unit.objects.filter(level=UnitLevel.PROVINCE).order_by("code").first()
    )
    board_id = (
        Practice.objects.filter(board__path__startswith=province.path)
        .values("board")
        .annotate(n=Count("id"))
        .order_by("-n")[0]["board"]
    )
    board = Unit.objects.get(pk=board_id)

    def login(username, *, superuser=False, role=None, unit=None):
        user, _created = User.objects.get_or_create(
            username=username, defaults={"is_staff": superuser, "is_superuser": superuser}
        )
        if role:
            Membership.objects.get_or_create(user=user, unit=unit, role=role)
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        # Boards and admins pass the second factor, as in production (SECOND_FACTOR_REQUIRED stays on here):
        # a confirmed authenticator and a session that was verified with it.
        device, _created = TOTPDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.set_expiry(3 * 3600)
        session.save()
        return session.session_key

    reviewer = login("bench_reviewer", role=Role.REVIEWER, unit=board)
    provincial = login("bench_provincial", role=Role.PROVINCIAL, unit=province)
    admin = login("bench_admin", superuser=True)
    detail = (
        Practice.objects.filter(
            unit__path__startswith=province.path, state="recognized", events__action="practice.recognized"
        )
        .order_by("pk")
        .first()
        or Practice.objects.filter(unit__path__startswith=province.path).order_by("pk").first()
    )
    in_province = Practice.objects.filter(unit__path__startswith=province.path).count()
    in_board = Practice.objects.filter(board=board).count()
    print(
        f"Province: {province.name} ({in_province:,} practices); board: {board.name} ({in_board:,}); "
        f"all: {Practice.objects.count():,}; detail: /practices/{detail.pk}/"
    )
    pages = [
        (FLOOR, "/bench/floor/", reviewer),
        ("list (reviewer)", "/practices/", reviewer),
        ("list (provincial)", "/practices/", provincial),
        ("search (provincial)", "/practices/?q=dan+van+kheo", provincial),
        ("detail (provincial)", f"/practices/{detail.pk}/", provincial),
        ("dashboard (provincial)", "/dashboard/", provincial),
        ("dashboard (reviewer)", "/dashboard/", reviewer),
        ("review queue (reviewer)", "/review/", reviewer),
        ("public showcase", "/public/", None),
        (ADMIN, "/admin/models_registry/practice/", admin),
    ]
    wanted = {name.strip() for name in os.environ.get("BENCH_PAGES", "").split(",") if name.strip()}
    if wanted:
        pages = [page for page in pages if page[0] in wanted | {FLOOR, ADMIN}]
    return [{"name": name, "path": path, "session": session} for name, path, session in pages]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(url, process, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit("gunicorn exited before serving")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - our own local server
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    sys.exit(f"gunicorn did not answer {url} within {timeout} s")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is an answer to report (usually: to the login page), not one to follow


def check_pages(base, pages):
    """One request per page before measuring: a page that fails is reported now, not measured as a fast error."""
    opener = urllib.request.build_opener(_NoRedirect)
    for page in pages:
        request = urllib.request.Request(base + page["path"])
        if page["session"]:
            request.add_header("Cookie", f"sessionid={page['session']}")
        try:
            with opener.open(request, timeout=120) as response:
                status, location = response.status, ""
        except urllib.error.HTTPError as error:
            status, location = error.code, error.headers.get("Location", "")
        if status != 200:
            print(f"  ! {page['name']}: {page['path']} answers {status} {location}")


def sequential_medians(base, pages, repeat):
    """Median latency of each page with one request at a time: the server's own cost, before any queueing.

    Rounds go over all pages in turn, so that a burst of load from elsewhere on the machine hits every page alike.
    """
    opener = urllib.request.build_opener(_NoRedirect)
    times = {page["name"]: [] for page in pages}
    for _round in range(repeat):
        for page in pages:
            request = urllib.request.Request(base + page["path"])
            if page["session"]:
                request.add_header("Cookie", f"sessionid={page['session']}")
            started = time.perf_counter()
            try:
                with opener.open(request, timeout=120) as response:
                    response.read()
            except urllib.error.HTTPError:
                continue
            times[page["name"]].append((time.perf_counter() - started) * 1000)
    return {name: statistics.median(values) for name, values in times.items() if values}


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def report(results, pages, sequential):
    rows, summary = [], {}
    for page in pages:
        times = results["times"].get(page["name"], [])
        failures = results["failures"].get(page["name"], [])
        if times:
            summary[page["name"]] = {
                "path": page["path"],
                "requests": len(times),
                "failures": len(failures),
                "median_ms": statistics.median(times),
                "p95_ms": percentile(times, 0.95),
                "sequential_median_ms": sequential.get(page["name"]),
            }
        else:
            summary[page["name"]] = {"path": page["path"], "requests": 0, "failures": len(failures)}
    floor = summary.get(FLOOR, {}).get("median_ms")
    admin = summary.get(ADMIN, {}).get("median_ms")
    ok = bool(floor and admin)
    seq_floor = sequential.get(FLOOR)
    page_header = (
        f"{'page':<26}{'requests':>9}{'median ms':>11}{'p95 ms':>9}{'/floor':>8}{'/admin':>8}"
        f"{'1-user ms':>11}{'/floor':>8}  budget (10 users)"
    )
    print(f"\n{page_header}")
    for name, row in summary.items():
        if not row.get("requests"):
            print(f"{name:<26}{0:>9}  no successful request ({row['failures']} failed)")
            ok = False
            continue
        median = row["median_ms"]
        row["x_floor"] = median / floor if floor else None
        row["x_admin"] = median / admin if admin else None
        if name in (FLOOR, ADMIN):
            verdict = "(reference)"
        else:
            passed = bool(floor and admin) and median <= FLOOR_FACTOR * floor and median < admin
            row["within_budget"] = passed
            ok = ok and passed and not row["failures"]
            verdict = "ok" if passed else "OVER BUDGET"
        if row["failures"]:
            verdict += f", {row['failures']} failed"
        rows.append(name)
        alone = row.get("sequential_median_ms") or 0
        print(
            f"{name:<26}{row['requests']:>9}{median:>11.1f}{row['p95_ms']:>9.1f}"
            f"{row['x_floor'] or 0:>8.1f}{row['x_admin'] or 0:>8.2f}"
            f"{alone:>11.1f}{alone / seq_floor if seq_floor else 0:>8.1f}  {verdict}"
        )
    print(
        f"\nBudget: every page's median within {FLOOR_FACTOR}x the floor and below the admin change list: "
        + ("met." if ok else "NOT met.")
    )
    return ok, summary


def main():
    started = time.monotonic()
    original_env = dict(os.environ)
    url = bench_database_url()
    practices = env_int("BENCH_PRACTICES", 500_000)
    users = env_int("BENCH_USERS", 10)
    workers = env_int("BENCH_WORKERS", 4)
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "danvan.settings.bench"}
    env.pop("REDIS_URL", None)  # no report is requested here; the healthz check must not wait on a broker
    ensure_database(url)
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "seed_scale", "--practices", str(practices))
    pages = prepare_pages(env)

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(  # noqa: S603
        [str(BIN / "gunicorn"), "danvan.wsgi", "-w", str(workers), "-b", f"127.0.0.1:{port}"]
        + ["--log-level", "warning", "--timeout", "120"],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_until_up(base + "/healthz", server)
        check_pages(base, pages)
        sequential = sequential_medians(base, pages, env_int("BENCH_SEQUENTIAL_ROUNDS", 15))
        phase_seconds = float(os.environ.get("BENCH_PHASE_SECONDS", "10"))
        rounds = env_int("BENCH_ROUNDS", 3)
        warmup = float(os.environ.get("BENCH_WARMUP_SECONDS", "8"))
        duration = warmup + phase_seconds * rounds * len(pages) + 2
        with tempfile.TemporaryDirectory() as tmp:
            plan = {
                "pages": pages,
                "phase_seconds": phase_seconds,
                "rounds": rounds,
                "warmup_seconds": warmup,
                "out": str(Path(tmp) / "times.json"),
            }
            print(
                f"Load: {users} users, {workers} gunicorn workers, {len(pages)} pages x {rounds} rounds x "
                f"{phase_seconds:g} s (+{warmup:g} s warm-up): about {duration:.0f} s"
            )
            OUT.mkdir(parents=True, exist_ok=True)
            with open(OUT / "locust.log", "w", encoding="utf-8") as log:
                subprocess.run(  # noqa: S603
                    [str(BIN / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless"]
                    + ["-u", str(users), "-r", str(users), "-t", f"{duration:.0f}s", "--host", base]
                    + ["--only-summary", "--loglevel", "WARNING", "--stop-timeout", "30"],
                    cwd=ROOT,
                    env={**env, "BENCH_PLAN": json.dumps(plan)},
                    check=False,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            results = json.loads(Path(plan["out"]).read_text(encoding="utf-8"))
    finally:
        server.terminate()
        server.wait(timeout=30)

    ok, summary = report(results, pages, sequential)
    (OUT / "web.json").write_text(
        json.dumps(
            {"practices": practices, "users": users, "workers": workers, "pages": summary, "budget_met": ok},
            indent=2,
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    print(
        f"Web benchmark done in {time.monotonic() - started:.0f} s (results in var/bench/web.json, locust's own summary in var/bench/locust.log)."
    )

    reports = ROOT / "bench" / "reports.py"
    if reports.exists() and os.environ.get("BENCH_SKIP_REPORTS") != "1":
        print("\nReports benchmark (bench/reports.py):")
        reports_env = {**original_env, "BENCH_DATABASE_URL": url}
        reports_ok = subprocess.run([sys.executable, str(reports)], cwd=ROOT, env=reports_env, check=False)
        ok = ok and reports_ok.returncode == 0
    imports = ROOT / "bench" / "imports.py"
    if imports.exists() and os.environ.get("BENCH_SKIP_IMPORTS") != "1":
        print("\nExcel import benchmark (bench/imports.py):")
        imports_ok = subprocess.run([sys.executable, str(imports)], cwd=ROOT, env=original_env, check=False)
        ok = ok and imports_ok.returncode == 0
    books = ROOT / "bench" / "books.py"
    if books.exists() and os.environ.get("BENCH_SKIP_BOOKS") != "1":
        print("\nBook of models benchmark (bench/books.py):")
        books_ok = subprocess.run([sys.executable, str(books)], cwd=ROOT, env=original_env, check=False)
        ok = ok and books_ok.returncode == 0
    soak = ROOT / "bench" / "soak.py"
    if os.environ.get("BENCH_SKIP_SOAK") != "1":
        print("\nSoak (bench/soak.py):")
        soak_env = {**original_env, "BENCH_DATABASE_URL": url, "SOAK_SKIP_SEED": "1"}
        soak_ok = subprocess.run([sys.executable, str(soak)], cwd=ROOT, env=soak_env, check=False)
        ok = ok and soak_ok.returncode == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
