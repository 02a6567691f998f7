"""Load for the soak (bench/soak.py, not meant to be run by hand): a working day's mix of people.

Anonymous visitors browse the public showcase; commune officers open their lists, practices and notifications
and now and then save a draft; district reviewers work the review queue and the dashboard; provincial staff
watch the dashboard, search and open reports. Each simulated person waits between clicks as people do
(SOAK_WAIT_MIN..SOAK_WAIT_MAX seconds). Latencies are recorded exactly and written to the plan's ``out`` file.
"""

import json
import os
import random
import re
import time
from collections import defaultdict
from itertools import count

from locust import between, events, task
from locust.contrib.fasthttp import FastHttpUser

PLAN = json.loads(os.environ["SOAK_PLAN"])
WAIT = between(float(PLAN["wait_min"]), float(PLAN["wait_max"]))
TIMES = defaultdict(list)  # kind -> [(started_at, ms)]
ERRORS = defaultdict(list)  # kind -> ["status path"]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TOKEN = re.compile(r'name="submission_token" value="([^"]+)"')
_seats = defaultdict(count)


@events.quitting.add_listener
def _write(environment, **kwargs):
    with open(PLAN["out"], "w", encoding="utf-8") as out:
        json.dump({"times": TIMES, "errors": ERRORS}, out)


class Person(FastHttpUser):
    abstract = True
    kind = ""
    wait_time = WAIT
    network_timeout = 60.0
    connection_timeout = 10.0

    def on_start(self):
        people = PLAN["people"][self.kind]
        self.person = people[next(_seats[self.kind]) % len(people)] if people else {}

    def headers(self):
        session = self.person.get("session")
        return {"Cookie": f"sessionid={session}; csrftoken={self.person.get('csrf', '')}"} if session else {}

    def get(self, path, name):
        return self.request("GET", path, name)

    def request(self, method, path, name, data=None, expect=(200,)):
        started = time.perf_counter()
        headers = self.headers()
        if data is not None:
            headers["Referer"] = self.host + path
        with self.client.request(
            method,
            path,
            data=data,
            headers=headers,
            name=f"{self.kind}: {name}",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            elapsed = (time.perf_counter() - started) * 1000
            # A redirect to the login or code page would be a lost session: counted as an error.
            if response.status_code not in expect:
                response.failure(f"HTTP {response.status_code}")
                ERRORS[self.kind].append(f"{response.status_code} {method} {path}")
            else:
                TIMES[self.kind].append((time.time(), elapsed))
        # Each person's cookies are the ones the plan gave it; what the server sets must not pile up.
        self.client.cookiejar.clear()
        return response

    def pick(self, key):
        return random.choice(self.person[key])


class Anonymous(Person):
    kind = "anonymous"
    weight = PLAN["weights"]["anonymous"]

    @task(6)
    def showcase(self):
        self.get("/public/", "showcase")

    @task(3)
    def search(self):
        self.get(f"/public/?q={random.choice(PLAN['words'])}", "showcase search")

    @task(4)
    def detail(self):
        self.get(f"/public/{random.choice(PLAN['public_ids'])}/", "showcase detail")

    @task(1)
    def later_page(self):
        self.get(f"/public/?page={random.randint(2, 8)}", "showcase page")

    @task(1)
    def login_page(self):
        self.get("/accounts/login/", "login page")


class Officer(Person):
    kind = "officer"
    weight = PLAN["weights"]["officer"]

    @task(4)
    def home(self):
        self.get("/", "home")

    @task(5)
    def practices(self):
        self.get("/practices/", "list")

    @task(5)
    def detail(self):
        self.get(f"/practices/{self.pick('practice_ids')}/", "detail")

    @task(2)
    def notifications(self):
        self.get("/notifications/", "notifications")

    @task(2)
    def similar(self):
        self.get(f"/practices/similar/?q={random.choice(PLAN['words'])}", "similar")

    @task(1)
    def save_draft(self):
        form = self.get("/practices/new/", "new form")
        csrf, token = CSRF.search(form.text or ""), TOKEN.search(form.text or "")
        if not (csrf and token):
            return
        data = {
            "csrfmiddlewaretoken": csrf.group(1),
            "submission_token": token.group(1),
            "title": f"Mô hình thử tải {random.randint(1, 10**9)}",
            "kind": "model",
            "subject": "collective",
            "field": self.person["field"],
            "phase": self.person["phase"],
            "unit": self.person["unit"],
            "summary": "Vận động nhân dân hiến đất làm đường.",
            "budget_vnd": "1000000",
            "workdays": "10",
            "socialized_funding_vnd": "0",
        }
        self.request("POST", "/practices/new/", "save draft", data=data, expect=(302,))


class Reviewer(Person):
    kind = "reviewer"
    weight = PLAN["weights"]["reviewer"]

    @task(3)
    def home(self):
        self.get("/", "home")

    @task(5)
    def queue(self):
        self.get("/review/", "review queue")

    @task(4)
    def practices(self):
        self.get("/practices/", "list")

    @task(4)
    def detail(self):
        self.get(f"/practices/{self.pick('practice_ids')}/", "detail")

    @task(2)
    def dashboard(self):
        self.get("/dashboard/", "dashboard")

    @task(1)
    def decisions(self):
        self.get("/decisions/", "decisions")


class Provincial(Person):
    kind = "provincial"
    weight = PLAN["weights"]["provincial"]

    @task(3)
    def dashboard(self):
        self.get("/dashboard/", "dashboard")

    @task(3)
    def practices(self):
        self.get("/practices/", "list")

    @task(2)
    def search(self):
        self.get(f"/practices/?q={random.choice(PLAN['words'])}", "search")

    @task(2)
    def detail(self):
        self.get(f"/practices/{self.pick('practice_ids')}/", "detail")

    @task(1)
    def reports(self):
        self.get("/reports/", "reports")

    @task(1)
    def decisions(self):
        self.get("/decisions/", "decisions")
