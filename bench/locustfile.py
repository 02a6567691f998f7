"""Load for the web benchmark, started by bench/run.py (not meant to be run by hand).

Every simulated user follows the same wall-clock schedule: after a warm-up, the run is cut into phases of
BENCH_PHASE_SECONDS and in each phase all users request one page, so each page is measured under the same
concurrency; the pages take turns for BENCH_ROUNDS rounds, so a disturbance on the machine (another process,
a checkpoint) is spread over all of them rather than landing on one. Latencies are recorded exactly (not
locust's rounded percentiles) and written to BENCH_OUT as JSON when the run stops.
"""

import json
import os
import time
from collections import defaultdict

import gevent
from locust import events, task
from locust.contrib.fasthttp import FastHttpUser

PLAN = json.loads(os.environ["BENCH_PLAN"])
PAGES = PLAN["pages"]  # [{"name", "path", "session"}]
PHASE_SECONDS = float(PLAN["phase_seconds"])
ROUNDS = int(PLAN["rounds"])
WARMUP_SECONDS = float(PLAN["warmup_seconds"])

START = {"at": None}
TIMES = defaultdict(list)  # page name -> latencies in ms
FAILURES = defaultdict(list)  # page name -> "status path" of each failed request


@events.test_start.add_listener
def _start(environment, **kwargs):
    START["at"] = time.time() + WARMUP_SECONDS


@events.quitting.add_listener
def _write(environment, **kwargs):
    with open(PLAN["out"], "w", encoding="utf-8") as out:
        json.dump({"times": TIMES, "failures": FAILURES}, out)


class PortalUser(FastHttpUser):
    # Closed loop without think time: ten users keep the server busy, as ten impatient officials would.
    network_timeout = 120.0
    connection_timeout = 10.0

    def _page(self):
        """The page of the current phase, whether to record it, or None when the schedule is over."""
        now = time.time()
        if now < START["at"]:
            return PAGES[int(now * 7) % len(PAGES)], False  # warm-up: every page, unrecorded
        phase = int((now - START["at"]) // PHASE_SECONDS)
        if phase >= ROUNDS * len(PAGES):
            return None, False
        return PAGES[phase % len(PAGES)], True

    @task
    def request_page(self):
        page, record = self._page()
        if page is None:
            gevent.sleep(1)
            return
        headers = {"Cookie": f"sessionid={page['session']}"} if page["session"] else {}
        started = time.perf_counter()
        with self.client.get(
            page["path"], headers=headers, name=page["name"], allow_redirects=False, catch_response=True
        ) as response:
            elapsed_ms = (time.perf_counter() - started) * 1000
            # A redirect here would be a lost session (a login page measured instead of the page): a failure.
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
                if record:
                    FAILURES[page["name"]].append(f"{response.status_code} {page['path']}")
            elif record:
                TIMES[page["name"]].append(elapsed_ms)
        # Each page keeps its own session cookie; what the server sets must not leak into the next request.
        self.client.cookiejar.clear()
