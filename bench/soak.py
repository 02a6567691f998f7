#!/usr/bin/env python
"""The soak (part of `make bench`, alone: `make soak`): 200 people for 10 minutes against gunicorn at national scale.

1. The bench database (as bench/run.py: BENCH_DATABASE_URL or danvan_bench on DATABASE_URL's server) is migrated
   and topped up to BENCH_PRACTICES synthetic practices (500,000 by default).
2. People of the busiest province get accounts and signed-in sessions: commune officers, district reviewers and
   provincial staff; the board accounts carry a confirmed authenticator and a session that passed it, so the
   second factor is in force as in production (danvan.settings.bench keeps SECOND_FACTOR_REQUIRED on).
3. gunicorn (SOAK_WORKERS workers) serves the portal; locust runs SOAK_USERS people (anonymous, officers,
   reviewers, provincial in the proportions of SOAK_MIX) for SOAK_SECONDS, each waiting SOAK_WAIT_MIN..MAX
   seconds between clicks (bench/soak_locustfile.py). Officers also save drafts (a write with CSRF and a form
   token).
4. Reported: requests, errors (target 0), p50/p95/p99 overall and per kind of person, requests per second,
   and the server's memory (gunicorn master + workers, RSS) after warm-up and at the end, sampled every
   SOAK_SAMPLE_SECONDS. Written to var/bench/soak.json.

Environment: SOAK_USERS (200), SOAK_SECONDS (600), SOAK_WORKERS (4), SOAK_WAIT_MIN (5), SOAK_WAIT_MAX (15),
SOAK_MIX ("anonymous=60,officer=90,reviewer=36,provincial=14"), SOAK_WARMUP_SECONDS (30), BENCH_PRACTICES.
"""

import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import BIN, OUT, ROOT, bench_database_url, ensure_database, env_int, free_port, manage, percentile  # noqa: E402

WORDS = ["dan+van+kheo", "hien+dat", "lam+duong", "ve+sinh+moi+truong", "an+ninh", "phu+nu", "thanh+nien"]


def prepare_people(env, counts):
    """Accounts and sessions for each kind of person, and the ids their clicks use."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.db.models import Count
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.second_factor import SESSION_ENROLLED_KEY
    from models_registry.models import Field, Membership, Phase, Practice, PracticeState, Role, Unit, UnitLevel

    User = get_user_model()
    province = (
        Unit.objects.filter(level=UnitLevel.PROVINCE, code=os.environ.get("BENCH_PROVINCE", "38")).first()
        or Unit.objects.filter(level=UnitLevel.PROVINCE).order_by("code").first()
    )
    in_province = Practice.objects.filter(unit__path__startswith=province.path)
    boards = [
        row["board"] for row in in_province.values("board").annotate(n=Count("id")).order_by("-n")[: counts["reviewer"]]
    ]
    communes = [
        row["unit"]
        for row in in_province.filter(unit__level=UnitLevel.COMMUNE)
        .values("unit")
        .annotate(n=Count("id"))
        .order_by("-n")[: counts["officer"]]
    ]
    field = Field.objects.filter(active=True).order_by("pk").first()
    phase = Phase.objects.filter(is_current=True).first() or Phase.objects.first()

    def person(username, *, role=None, unit_id=None, second_factor=False):
        user, _created = User.objects.get_or_create(username=username)
        if role:
            Membership.objects.get_or_create(user=user, unit_id=unit_id, role=role)
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session[SESSION_ENROLLED_KEY] = second_factor
        if second_factor:
            device, _created = TOTPDevice.objects.get_or_create(user=user, name="soak", defaults={"confirmed": True})
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.set_expiry(3 * 3600)
        session.save()
        return {"session": session.session_key, "csrf": secrets.token_hex(16)}

    def ids(queryset, n=40):
        return list(queryset.order_by("pk").values_list("pk", flat=True)[:n])

    people = {"anonymous": [{}], "officer": [], "reviewer": [], "provincial": []}
    for i, unit_id in enumerate(communes):
        entry = person(f"soak_officer_{i}", role=Role.OFFICER, unit_id=unit_id)
        entry.update(
            practice_ids=ids(Practice.objects.filter(unit_id=unit_id)),
            unit=unit_id,
            field=field.pk,
            phase=phase.pk,
        )
        people["officer"].append(entry)
    for i, board_id in enumerate(boards):
        entry = person(f"soak_reviewer_{i}", role=Role.REVIEWER, unit_id=board_id, second_factor=True)
        entry["practice_ids"] = ids(Practice.objects.filter(board_id=board_id))
        people["reviewer"].append(entry)
    for i in range(counts["provincial"]):
        entry = person(f"soak_provincial_{i}", role=Role.PROVINCIAL, unit_id=province.pk, second_factor=True)
        entry["practice_ids"] = ids(in_province, 200)[i :: max(counts["provincial"], 1)] or ids(in_province)
        people["provincial"].append(entry)
    public_ids = ids(in_province.filter(state=PracticeState.RECOGNIZED), 200)
    print(
        f"Province: {province.name} ({in_province.count():,} practices of {Practice.objects.count():,}); "
        f"{len(people['officer'])} officer, {len(people['reviewer'])} reviewer, "
        f"{len(people['provincial'])} provincial accounts"
    )
    return people, public_ids


def rss_mb(pid):
    """Resident memory of gunicorn's master and its workers, in MB."""
    import psutil

    try:
        master = psutil.Process(pid)
        return sum(p.memory_info().rss for p in [master, *master.children(recursive=True)]) / 2**20
    except psutil.NoSuchProcess:
        return None


def sample_memory(pid, samples, stop, every):
    while not stop.wait(every):
        value = rss_mb(pid)
        if value is not None:
            samples.append((time.time(), value))


def mix_counts(users):
    mix = dict(
        part.split("=")
        for part in os.environ.get("SOAK_MIX", "anonymous=60,officer=90,reviewer=36,provincial=14").split(",")
    )
    weights = {kind: int(value) for kind, value in mix.items()}
    total = sum(weights.values())
    return weights, {kind: max(1, round(users * w / total)) for kind, w in weights.items()}


def summarize(results, started_at, ended_at):
    rows = {}
    everything = []
    for kind, entries in results["times"].items():
        values = [ms for _at, ms in entries]
        everything.extend(values)
        rows[kind] = stats(values, len(results["errors"].get(kind, [])))
    errors = sum(len(v) for v in results["errors"].values())
    rows["all"] = stats(everything, errors)
    rows["all"]["requests_per_second"] = (len(everything) + errors) / max(ended_at - started_at, 1)
    return rows


def stats(values, errors):
    if not values:
        return {"requests": 0, "errors": errors}
    return {
        "requests": len(values) + errors,
        "errors": errors,
        "p50_ms": statistics.median(values),
        "p95_ms": percentile(values, 0.95),
        "p99_ms": percentile(values, 0.99),
        "max_ms": max(values),
    }


def main():
    users = env_int("SOAK_USERS", 200)
    seconds = env_int("SOAK_SECONDS", 600)
    workers = env_int("SOAK_WORKERS", 4)
    warmup = env_int("SOAK_WARMUP_SECONDS", 30)
    practices = env_int("BENCH_PRACTICES", 500_000)
    url = bench_database_url()
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "danvan.settings.bench"}
    env.pop("REDIS_URL", None)
    ensure_database(url)
    if os.environ.get("SOAK_SKIP_SEED") != "1":
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "seed_scale", "--practices", str(practices))
    weights, counts = mix_counts(users)
    people, public_ids = prepare_people(
        env, {"officer": min(counts["officer"], 60), "reviewer": min(counts["reviewer"], 12), "provincial": 3}
    )

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(  # noqa: S603
        [str(BIN / "gunicorn"), "danvan.wsgi", "-w", str(workers), "-b", f"127.0.0.1:{port}"]
        + ["--log-level", "warning", "--timeout", "120", "--backlog", "2048"],
        cwd=ROOT,
        env=env,
    )
    samples, stop = [], threading.Event()
    try:
        from run import wait_until_up

        wait_until_up(base + "/healthz", server)
        boot_mb = rss_mb(server.pid)
        sampler = threading.Thread(
            target=sample_memory, args=(server.pid, samples, stop, env_int("SOAK_SAMPLE_SECONDS", 15)), daemon=True
        )
        sampler.start()
        with tempfile.TemporaryDirectory() as tmp:
            plan = {
                "people": people,
                "public_ids": public_ids,
                "words": WORDS,
                "weights": weights,
                "wait_min": os.environ.get("SOAK_WAIT_MIN", "5"),
                "wait_max": os.environ.get("SOAK_WAIT_MAX", "15"),
                "out": str(Path(tmp) / "soak.json"),
            }
            print(
                f"Soak: {users} people ({', '.join(f'{k} {v}' for k, v in counts.items())}), {workers} gunicorn "
                f"workers, {seconds} s (+{warmup} s ramp-up), think time {plan['wait_min']}-{plan['wait_max']} s"
            )
            OUT.mkdir(parents=True, exist_ok=True)
            started_at = time.time()
            with open(OUT / "soak-locust.log", "w", encoding="utf-8") as log:
                subprocess.run(  # noqa: S603
                    [str(BIN / "locust"), "-f", str(ROOT / "bench" / "soak_locustfile.py"), "--headless"]
                    + ["-u", str(users), "-r", str(max(users / max(warmup, 1), 1)), "-t", f"{seconds + warmup}s"]
                    + ["--host", base, "--only-summary", "--loglevel", "WARNING", "--stop-timeout", "30"],
                    cwd=ROOT,
                    env={**env, "SOAK_PLAN": json.dumps(plan)},
                    check=False,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            ended_at = time.time()
            results = json.loads(Path(plan["out"]).read_text(encoding="utf-8"))
    finally:
        stop.set()
        end_mb = rss_mb(server.pid)
        server.terminate()
        server.wait(timeout=30)

    # Measured after the ramp-up: from then on every person is clicking.
    steady = [(at, ms) for kind in results["times"].values() for at, ms in kind if at >= started_at + warmup]
    rows = summarize(results, started_at, ended_at)
    after_warmup = next((mb for at, mb in samples if at >= started_at + warmup), boot_mb)
    memory = {
        "boot_mb": boot_mb,
        "after_rampup_mb": after_warmup,
        "end_mb": end_mb,
        "max_mb": max((mb for _at, mb in samples), default=None),
        "samples": [(round(at - started_at), round(mb, 1)) for at, mb in samples],
    }
    print(f"\n{'people':<12}{'requests':>10}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}")
    for kind, row in rows.items():
        if row.get("requests"):
            print(
                f"{kind:<12}{row['requests']:>10}{row['errors']:>8}{row.get('p50_ms', 0):>9.1f}"
                f"{row.get('p95_ms', 0):>9.1f}{row.get('p99_ms', 0):>9.1f}{row.get('max_ms', 0):>9.1f}"
            )
    print(
        f"\n{rows['all']['requests_per_second']:.1f} requests/s over {ended_at - started_at:.0f} s "
        f"({len(steady)} after the ramp-up). Server memory (gunicorn master + {workers} workers, RSS): "
        f"{boot_mb:.0f} MB at boot, {after_warmup:.0f} MB after the ramp-up, {end_mb or 0:.0f} MB at the end "
        f"(max {memory['max_mb'] or 0:.0f} MB)."
    )
    errors = results["errors"]
    if any(errors.values()):
        first = [e for kind in errors.values() for e in kind][:10]
        print("First errors: " + "; ".join(first))
    (OUT / "soak.json").write_text(
        json.dumps(
            {"users": users, "seconds": seconds, "workers": workers, "people": counts, "rows": rows, "memory": memory},
            indent=2,
        ),
        encoding="utf-8",
    )
    return 0 if rows["all"]["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
