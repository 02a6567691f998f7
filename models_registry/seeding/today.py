"""Hải Phòng today in the demo: practices of new communes and wards between the reform (1/7/2025) and now.

After ``seed_demo_reform`` has applied the reform, a modest, fixed set of practices of ten communes and wards that
succeeded Hải Dương's communes goes through the real services, in every state: officers register and propose, the
commune's Party committee (Đảng ủy) returns, rejects, recognizes in decisions numbered by the register (…-QĐ/ĐU)
and discontinues at the yearly check; the city board recognizes two of them at city level (…-QĐ/BTGDVTU).
The story is then moved back between the reform and today like the 2021–2025 one (``seeding.backdating``), so
the dashboards, review queues, showcase and 2025–2026 reports of the new units have content. Phường Kinh Môn
(the ``commune`` login) gets open practices only: its own first decision is the one ``seeding.reform`` issues
today. Deterministic and idempotent (a second run adds nothing).
"""

import datetime as dt
import time
from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from ..models import Membership, Practice, PracticeState, Recognition, Role
from ..services import decision_issue, practice_discontinue, practice_recognize_provincial
from ..services.notifications import notification_emails_muted
from ..services.practices import STATE_TIMESTAMP
from .backdating import backdate_notifications
from .demo import _Seeder
from .reform import REFORM_DATE, new_unit
from .texts import person
from .timeline import DAY

S = PracticeState
# The first practice of Hải Phòng today; its presence means they are already there.
TODAY_MARKER = "Mô hình “Dân vận khéo” trong xây dựng khu phố văn minh, không rác thải nhựa tại Phường Hải Dương"
WARD_CODE = "10675"  # Phường Kinh Môn: the ``commune`` login's queue gets open practices only
# New communes and wards (official codes from 1/7/2025) that took in Hải Dương's communes.
COMMUNE_CODES = ["10525", "10546", "10843", "10606", "10888", "10966", "10999", "11074", "11203"]
# Round-robin over COMMUNE_CODES: each commune gets three practices.
STATES = [S.RECOGNIZED, S.PROPOSED, S.REGISTERED, S.RETURNED, S.RECOGNIZED, S.DRAFT, S.NOT_RECOGNIZED]
STATES += [S.RECOGNIZED, S.WITHDRAWN, S.PROPOSED, S.DISCONTINUED, S.RECOGNIZED, S.REGISTERED, S.RECOGNIZED]
STATES += [S.PROPOSED, S.RETURNED, S.RECOGNIZED, S.REGISTERED, S.PROPOSED, S.DRAFT, S.RECOGNIZED, S.REGISTERED]
STATES += [S.NOT_RECOGNIZED, S.RECOGNIZED, S.PROPOSED, S.RECOGNIZED, S.REGISTERED]
WARD_STATES = [S.PROPOSED, S.PROPOSED, S.RETURNED, S.REGISTERED]
CITY_SIGNER = "Hoàng Minh Tuấn"
CITY_RECOGNITIONS = 2


def today_timeline(rng, state, start, now):
    """Timestamps of one practice in ``state`` between ``start`` (the reform) and ``now``, like ``plan_timeline``."""

    def between(low, high):
        return low + (max(high, low) - low) * rng.random()

    def days(low, high):
        return dt.timedelta(days=rng.uniform(low, high))

    t = dict.fromkeys(STATE_TIMESTAMP.values())
    if state == S.DRAFT:
        created = between(now - 120 * DAY, now - DAY)
    else:
        if state == S.REGISTERED:
            t["submitted_at"] = between(start + 30 * DAY, now - 2 * DAY)
        elif state == S.WITHDRAWN:
            t["withdrawn_at"] = between(start + 90 * DAY, now - 2 * DAY)
            t["submitted_at"] = t["withdrawn_at"] - days(5, 40)
        else:
            if state == S.PROPOSED:
                t["proposed_at"] = between(now - 100 * DAY, now - DAY)
            elif state == S.RETURNED:
                t["returned_at"] = between(now - 150 * DAY, now - 2 * DAY)
                t["proposed_at"] = t["returned_at"] - days(5, 30)
            elif state == S.NOT_RECOGNIZED:
                t["rejected_at"] = between(start + 180 * DAY, now - 5 * DAY)
                t["proposed_at"] = t["rejected_at"] - days(10, 45)
            elif state == S.DISCONTINUED:
                t["recognized_at"] = between(start + 200 * DAY, start + 260 * DAY)
                t["discontinued_at"] = between(t["recognized_at"] + 200 * DAY, now - DAY)
                t["proposed_at"] = t["recognized_at"] - days(10, 40)
            else:
                t["recognized_at"] = between(start + 200 * DAY, now - 3 * DAY)
                t["proposed_at"] = t["recognized_at"] - days(10, 40)
            t["submitted_at"] = t["proposed_at"] - days(60, 110)
        created = t["submitted_at"] - days(1, 20)
    if created < start:  # only when ``now`` is close to the reform: squeeze the story after it, keeping its last step
        last = max([created, *(value for value in t.values() if value)])
        first = start + days(2, 15)
        scale = (last - first) / (last - created)
        t = {name: value and first + (value - created) * scale for name, value in t.items()}
        created = first
    t["created_at"] = created
    t["updated_at"] = max(value for value in t.values() if value)
    return t


class _TodaySeeder(_Seeder):
    """The demo seeder's machinery (services, audit times, backdating) over the new communes after the reform."""

    def __init__(self, seed):
        super().__init__(seed)
        self.now = timezone.now().replace(microsecond=0)
        self.start = timezone.make_aware(dt.datetime.combine(REFORM_DATE, dt.time(8)))
        self.officers, self.reviewers = {}, {}

    def timeline(self, state):
        return today_timeline(self.rng, state, self.start, self.now)

    def _member(self, unit, role, username):
        membership = Membership.objects.filter(unit=unit, role=role).select_related("user").order_by("pk").first()
        return membership.user if membership else self._user(username, unit, role)

    def officer(self, unit):
        if unit.pk not in self.officers:
            self.officers[unit.pk] = self._member(unit, Role.OFFICER, f"cb.{unit.code}.{REFORM_DATE.year}")
        return self.officers[unit.pk]

    def reviewer(self, board):
        """A member of the commune's Party committee (``commune`` for Phường Kinh Môn)."""
        if board.pk not in self.reviewers:
            self.reviewers[board.pk] = self._member(board, Role.REVIEWER, f"du.{board.code}")
        return self.reviewers[board.pk]

    def plan(self):
        units = [new_unit(code) for code in COMMUNE_CODES]
        plans = [
            self._plan(units[index % len(units)], state, title=TODAY_MARKER if index == 0 else None)
            for index, state in enumerate(STATES)
        ]
        ward = new_unit(WARD_CODE)
        plans.extend(self._plan(ward, state) for state in WARD_STATES)
        return plans

    def decisions(self, plans):
        """Each Party committee recognizes in date order; the register numbers its decisions (01-QĐ/ĐU, …)."""
        by_board = defaultdict(list)
        for plan in plans:
            if plan.times["recognized_at"]:
                by_board[plan.practice.board].append(plan)
        decisions = []
        for board, members in sorted(by_board.items(), key=lambda item: item[0].code):
            members.sort(key=lambda plan: plan.times["recognized_at"])
            signer = person(self.rng)[1]
            while members:
                # Proposals within about two months go into one decision, dated at the latest recognition.
                group = [p for p in members if p.times["recognized_at"] - members[0].times["recognized_at"] < 60 * DAY]
                members = members[len(group) :]
                when = max(p.times["recognized_at"] for p in group)
                for p in group:
                    p.times["recognized_at"] = when
                decision = self.at(
                    when,
                    decision_issue,
                    actor=self.reviewer(board),
                    board=board,
                    practices=[p.practice for p in group],
                    number="",
                    date=timezone.localtime(when).date(),
                    signer=signer,
                    outstanding_ids=[p.practice.pk for p in group if self.rng.random() < 0.4],
                )
                decisions.append((decision, when))
        return decisions

    def after_recognition(self, plans):
        recognized = [plan for plan in plans if plan.times["recognized_at"]]
        for plan in recognized:
            if plan.state == S.DISCONTINUED:
                practice = Practice.objects.get(pk=plan.practice.pk)
                self.at(
                    plan.times["discontinued_at"],
                    practice_discontinue,
                    practice=practice,
                    actor=self.reviewer(practice.board),
                    reason="Kiểm tra hằng năm: mô hình không còn duy trì hoạt động.",
                )
        # The city board recognizes at city level the earliest outstanding models of two communes.
        chosen, boards = [], set()
        for plan in sorted(recognized, key=lambda plan: plan.times["recognized_at"]):
            outstanding = Recognition.objects.filter(practice=plan.practice, outstanding=True).exists()
            if plan.state == S.RECOGNIZED and outstanding and plan.unit.pk not in boards:
                chosen.append(plan)
                boards.add(plan.unit.pk)
        chosen = chosen[:CITY_RECOGNITIONS]
        if not chosen:
            return []
        when = min(max(plan.times["recognized_at"] for plan in chosen) + 30 * DAY, self.now - DAY)
        city = new_unit("31")
        decision = self.at(
            when,
            practice_recognize_provincial,
            actor=self._member(city, Role.PROVINCIAL, "tgdv.31"),
            province=city,
            practices=[plan.practice for plan in chosen],
            number="",
            date=timezone.localtime(when).date(),
            signer=CITY_SIGNER,
        )
        return [(decision, when)]


def seed_demo_today(seed=2026):
    """Add Hải Phòng's practices after the reform once (after ``seed_demo``, which applies it); summary lines."""
    from documents.seeding import ensure_committee_terms

    # Terms first: the city's decision is numbered in its term from 27/9/2025, not in an assumed one.
    lines = [f"Committee terms recorded: {ensure_committee_terms()}"]
    if Practice.objects.filter(title=TODAY_MARKER).exists():
        return [*lines, "Hải Phòng after 1/7/2025: already present, nothing added."]
    started = time.monotonic()
    with notification_emails_muted():
        seeder = _TodaySeeder(seed)
        with transaction.atomic():
            plans, decisions = seeder.run()
    ids = [plan.practice.pk for plan in plans]
    transaction.on_commit(lambda: backdate_notifications(ids, seeder.now))  # once they exist, like seed_demo
    communes = len({plan.unit.pk for plan in plans})
    return [
        *lines,
        f"Hải Phòng after 1/7/2025: {len(plans)} practices in {communes} communes and wards, "
        f"{len(decisions)} decisions in {time.monotonic() - started:.1f} s.",
    ]
