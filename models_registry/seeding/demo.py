"""Demo practices for `make run` (issue 3 §8): about 200 practices of Hải Dương in every state, field and district.

Everything goes through the workflow services, so audit events, timelines, recognitions and notifications
are the real thing. The services stamp "now"; afterwards the story is moved back over 2021 – June 2025 (see
``seeding.backdating``), so that 6-month and annual reports of every year have content. The story of the district
boards ends before the reform of 1/7/2025 abolished them (``STORY_END``); Hải Phòng's story after it is in
``seeding.today``. Deterministic: the same seed gives the same practices, and a second run adds nothing.
"""

import datetime as dt
import random
import time
from collections import defaultdict

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from ..models import (
    AuditEvent,
    Commendation,
    Field,
    Membership,
    Phase,
    Practice,
    PracticeState,
    Recognition,
    Role,
    Unit,
    UnitLevel,
)
from ..services import (
    commendation_record,
    decision_issue,
    practice_create,
    practice_discontinue,
    practice_propose,
    practice_recognize_provincial,
    practice_reject,
    practice_return,
    practice_submit,
    practice_withdraw,
)
from ..services.notifications import notification_emails_muted
from ..units_import import load_units
from .backdating import backdate, backdate_notifications
from .demo_catalogue import (
    COMMITTEE_WORD,
    DISTRICT_STATES,
    FEATURED,
    MARKER_TITLE,
    OFFICER_UNIT_STATES,
    PROVINCIAL_DECISIONS,
    REASONS,
)
from .reference import ensure_reference_lists
from .reform import seed_demo_reform
from .texts import person, practice_body, practice_results, practice_title
from .timeline import DAY, STORY_END, plan_timeline
from .users import demo_unit, ensure_demo_users

S = PracticeState


class _Plan:
    """One demo practice: where, what, which state, and when each step happened."""

    def __init__(self, *, unit, field, kind, subject, state, title, times):
        self.unit, self.field, self.kind, self.subject = unit, field, kind, subject
        self.state, self.title, self.times = state, title, times
        self.returned_once = None  # (first proposal, return) times when the board sent it back once
        self.replicated_from = None
        self.practice = None


class _Seeder:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.now = min(timezone.now().replace(microsecond=0), STORY_END)
        self.users = ensure_demo_users()
        self.fields = {field.code: field for field in Field.objects.all()}
        self.phases = list(Phase.objects.order_by("start_year"))
        self.titles = set()
        self.province = demo_unit("Tỉnh Hải Dương")
        self.officers = {
            demo_unit("Phường An Lưu", "Thị xã Kinh Môn").pk: self.users["officer"],
            demo_unit("Xã Thanh An", "Huyện Thanh Hà").pk: self.users["officer2"],
        }
        self.reviewers = {
            demo_unit("Thị xã Kinh Môn").pk: self.users["reviewer"],
            demo_unit("Huyện Thanh Hà").pk: self.users["reviewer2"],
        }
        self.event_times = []  # (audit event id, when): applied in one pass at the end
        self.last_event_id = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        self.counts = defaultdict(int)

    # People -------------------------------------------------------------------------------------------------

    def _user(self, username, unit, role):
        """A generated officer or board member, without a usable password (only the demo logins sign in)."""
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            _honorific, name = person(self.rng)
            surname, _space, given = name.rpartition(" ")
            user = get_user_model()(username=username, first_name=given, last_name=surname)
            user.set_unusable_password()
            user.save()
        Membership.objects.get_or_create(user=user, unit=unit, role=role)
        return user

    def officer(self, unit):
        if unit.pk not in self.officers:
            self.officers[unit.pk] = self._user(f"cb.{unit.code}", unit, Role.OFFICER)
        return self.officers[unit.pk]

    def reviewer(self, board):
        if board.pk not in self.reviewers:
            self.reviewers[board.pk] = self._user(f"bdv.{board.code}", board, Role.REVIEWER)
        return self.reviewers[board.pk]

    # Planning -----------------------------------------------------------------------------------------------

    def plan(self):
        rng = self.rng
        featured_units = {
            "an_luu": demo_unit("Phường An Lưu", "Thị xã Kinh Môn"),
            "thanh_an": demo_unit("Xã Thanh An", "Huyện Thanh Hà"),
        }
        plans = []
        for key, field, kind, subject, state, title in FEATURED:
            unit = featured_units[key]
            plans.append(self._plan(unit, state, field=field, kind=kind, subject=subject, title=title))
        for key, unit in featured_units.items():
            states = list(OFFICER_UNIT_STATES)
            for featured in FEATURED:
                if featured[0] == key:
                    states.remove(featured[4])
            plans.extend(self._plan(unit, state) for state in states)
        districts = Unit.objects.filter(parent=self.province, level=UnitLevel.DISTRICT).order_by("code")
        communes = defaultdict(list)
        for commune in Unit.objects.filter(parent__in=districts).order_by("code"):
            communes[commune.parent_id].append(commune)
        for district in districts:
            for state in DISTRICT_STATES:
                plans.append(self._plan(rng.choice(communes[district.pk] or [district]), state))
        # A few practices copy a model recognized earlier in the province (nhân rộng).
        recognized = [p for p in plans if p.times["recognized_at"]]
        for plan in plans:
            if plan.title != MARKER_TITLE and rng.random() < 0.08:
                sources = [p for p in recognized if p.times["recognized_at"] < plan.times["created_at"]]
                if sources:
                    plan.replicated_from = rng.choice(sources)
        return plans

    def _plan(self, unit, state, *, field=None, kind=None, subject=None, title=None):
        rng = self.rng
        field = field or rng.choice(sorted(self.fields))
        kind = kind or ("model" if rng.random() < 0.7 else "exemplar")
        subject = subject or (
            ("collective" if rng.random() < 0.8 else "individual")
            if kind == "model"
            else rng.choice(["collective", "individual"])
        )
        title = title or practice_title(rng, field_code=field, kind=kind, subject=subject, place=unit.name)
        # Unit and title identify a practice (the Excel import's key): a second draw of the same title gets a number.
        base, count = title, 1
        while (unit.pk, title.casefold()) in self.titles:
            count += 1
            title = f"{base} ({count})"
        self.titles.add((unit.pk, title.casefold()))
        plan = _Plan(
            unit=unit,
            field=field,
            kind=kind,
            subject=subject,
            state=state,
            title=title,
            times=self.timeline(state),
        )
        proposed_at = plan.times["proposed_at"]
        if proposed_at and state in (S.RECOGNIZED, S.DISCONTINUED) and rng.random() < 0.25:
            returned = proposed_at - dt.timedelta(days=rng.uniform(10, 30))
            plan.returned_once = (returned - dt.timedelta(days=rng.uniform(5, 20)), returned)
            plan.times["returned_at"] = returned
        return plan

    def timeline(self, state):
        return plan_timeline(self.rng, state, self.now)

    def phase_for(self, when):
        """The phase a practice registered on ``when`` belongs to (2021–2025 before 2026)."""
        year = timezone.localtime(when).year
        phases = [p for p in self.phases if p.start_year <= year <= p.end_year] or self.phases[-1:]
        return phases[0] if phases else None

    # Acting -------------------------------------------------------------------------------------------------

    def at(self, when, action, **kwargs):
        """Run a service and remember when its audit events should say it happened."""
        result = action(**kwargs)
        new_ids = list(AuditEvent.objects.filter(pk__gt=self.last_event_id).values_list("pk", flat=True))
        self.event_times.extend((pk, when) for pk in new_ids)
        if new_ids:
            self.last_event_id = max(new_ids)
        return result

    def registration(self, plan):
        rng = self.rng
        body = practice_body(rng, field_code=plan.field, title=plan.title, place=plan.unit.name)
        start = plan.times["created_at"].date() + dt.timedelta(days=rng.randrange(0, 45))
        _honorific, contact = person(rng)
        return {
            "title": plan.title,
            "kind": plan.kind,
            "subject": plan.subject,
            "field": self.fields[plan.field],
            "phase": self.phase_for(plan.times["created_at"]),
            "replicated_from": plan.replicated_from.practice if plan.replicated_from else None,
            **body,
            "budget_vnd": rng.randrange(0, 300) * 1_000_000,
            "workdays": rng.randrange(0, 1500),
            "socialized_funding_vnd": rng.randrange(0, 500) * 1_000_000,
            "start_date": start,
            "evaluation_date": start + dt.timedelta(days=365),
            "contact_name": contact,
            "contact_phone": f"09{rng.randrange(10**8):08d}",
        }

    def live(self, plan):
        """Create the practice and take it through every step up to its state (decisions come later)."""
        t, rng = plan.times, self.rng
        officer, reviewer = self.officer(plan.unit), None
        practice = self.at(
            t["created_at"], practice_create, actor=officer, unit=plan.unit, data=self.registration(plan)
        )
        plan.practice = practice
        if plan.state == S.DRAFT:
            return
        practice = self.at(t["submitted_at"], practice_submit, practice=practice, actor=officer)
        if t["proposed_at"] is None:
            if plan.state == S.WITHDRAWN:
                self.at(t["withdrawn_at"], practice_withdraw, practice=practice, actor=officer)
            return
        reviewer = self.reviewer(practice.board)
        results = practice_results(rng)
        if plan.returned_once:
            first, returned = plan.returned_once
            practice = self.at(first, practice_propose, practice=practice, actor=officer, results=results)
            practice = self.at(
                returned, practice_return, practice=practice, actor=reviewer, reason=rng.choice(REASONS[S.RETURNED])
            )
            results = {**results, "people_reached": results["people_reached"] + rng.randrange(10, 200)}
        practice = self.at(t["proposed_at"], practice_propose, practice=practice, actor=officer, results=results)
        if plan.state == S.RETURNED:
            reason = rng.choice(REASONS[S.RETURNED])
            self.at(t["returned_at"], practice_return, practice=practice, actor=reviewer, reason=reason)
        elif plan.state == S.NOT_RECOGNIZED:
            reason = rng.choice(REASONS[S.NOT_RECOGNIZED])
            self.at(t["rejected_at"], practice_reject, practice=practice, actor=reviewer, reason=reason)

    def decisions(self, plans):
        """Each board recognizes its proposals in decisions of a few practices, numbered in date order."""
        rng = self.rng
        by_board = defaultdict(list)
        for plan in plans:
            if plan.times["recognized_at"]:
                by_board[plan.practice.board].append(plan)
        decisions = []
        for board, members in sorted(by_board.items(), key=lambda item: item[0].code):
            members.sort(key=lambda plan: plan.times["recognized_at"])
            number = rng.randrange(5, 20)
            signer = person(rng)[1]
            group = []
            for index, plan in enumerate(members):
                group.append(plan)
                last = index == len(members) - 1
                # A decision gathers proposals of about one quarter, so recognition moves by weeks at most.
                span = None if last else members[index + 1].times["recognized_at"] - group[0].times["recognized_at"]
                if last or len(group) >= rng.randrange(2, 6) or span > 90 * DAY:
                    when = max(p.times["recognized_at"] for p in group)
                    for p in group:
                        p.times["recognized_at"] = when
                    outstanding = [p.practice.pk for p in group if rng.random() < 0.3]
                    decision = self.at(
                        when,
                        decision_issue,
                        actor=self.reviewer(board),
                        board=board,
                        practices=[p.practice for p in group],
                        number=f"{number}-QĐ/{board.symbol}",
                        date=timezone.localtime(when).date(),
                        signer=signer,
                        outstanding_ids=outstanding,
                    )
                    decisions.append((decision, when))
                    number += rng.randrange(3, 15)
                    group = []
        return decisions

    def after_recognition(self, plans):
        rng = self.rng
        recognized = [plan for plan in plans if plan.times["recognized_at"]]
        for plan in recognized:
            practice = Practice.objects.get(pk=plan.practice.pk)
            board = practice.board
            if plan.state == S.DISCONTINUED:
                reason = "Kiểm tra hằng năm: mô hình không còn duy trì hoạt động."
                self.at(
                    plan.times["discontinued_at"],
                    practice_discontinue,
                    practice=practice,
                    actor=self.reviewer(board),
                    reason=reason,
                )
            elif rng.random() < 0.15:
                when = min(plan.times["recognized_at"] + dt.timedelta(days=rng.uniform(30, 200)), self.now)
                commendation = self.at(
                    when,
                    commendation_record,
                    actor=self.reviewer(board),
                    practice=practice,
                    form=rng.choice(["Giấy khen", "Bằng khen"]),
                    issuer=f"Ban Thường vụ {COMMITTEE_WORD.get(board.kind, 'Huyện ủy')} {board.short_name}",
                    date=timezone.localtime(when).date(),
                    decision_number=f"{rng.randrange(100, 900)}-QĐ/KT",
                )
                Commendation.objects.filter(pk=commendation.pk).update(created_at=when)
        # The provincial board recognizes a few outstanding district models at the end of 2023 and before the reform.
        outstanding = [
            plan
            for plan in recognized
            if plan.state == S.RECOGNIZED
            and Recognition.objects.filter(practice=plan.practice, outstanding=True).exists()
        ]
        decisions = []
        for date, number in PROVINCIAL_DECISIONS:
            end = dt.datetime(date.year, date.month, date.day, 2, 0, tzinfo=dt.UTC)
            chosen = [plan for plan in outstanding if plan.times["recognized_at"] < end - 30 * DAY][:4]
            outstanding = [plan for plan in outstanding if plan not in chosen]
            if not chosen or end > self.now:
                continue
            decision = self.at(
                end,
                practice_recognize_provincial,
                actor=self.users["provincial"],
                province=self.province,
                practices=[plan.practice for plan in chosen],
                number=f"{number:02d}-QĐ/BDVTU",
                date=end.date(),
                signer="Vũ Đức Thắng",
            )
            decisions.append((decision, end))
        return decisions

    # The whole story ----------------------------------------------------------------------------------------

    def run(self):
        plans = self.plan()
        # In date order, so that a replication's source exists before the copy is registered.
        for plan in sorted(plans, key=lambda plan: plan.times["created_at"]):
            self.live(plan)
        decisions = self.decisions(plans)
        decisions += self.after_recognition(plans)
        backdate(plans, decisions, self.event_times)
        for plan in plans:
            self.counts[plan.state] += 1
        return plans, decisions


def seed_demo_practices(seed=2021):
    """Create the demo practices once; returns summary lines for `seed_demo`."""
    if Practice.objects.filter(title=MARKER_TITLE).exists():
        return ["Demo practices: already present, nothing added."]
    started = time.monotonic()
    # Seeding writes a few hundred notifications of past years; the in-app rows stay, their e-mails are not sent.
    with notification_emails_muted():
        seeder = _Seeder(seed)
        with transaction.atomic():
            plans, decisions = seeder.run()
    # After the notifications themselves, which are created once the seeding commits (at once in `make run`).
    ids = [plan.practice.pk for plan in plans]
    transaction.on_commit(lambda: backdate_notifications(ids, timezone.now()))
    states = ", ".join(f"{seeder.counts[state]} {state}" for state in S.values)
    return [
        f"Demo practices: {len(plans)} ({states}); {len(decisions)} decisions in {time.monotonic() - started:.1f} s.",
    ]


def seed_demo():
    """Units of Hải Dương, reference lists, demo logins and demo practices (idempotent); summary lines."""
    counts = load_units()
    ensure_reference_lists()
    ensure_demo_users()
    lines = ["Units: {created} created, {updated} updated, {unchanged} unchanged.".format(**counts)]
    lines.extend(seed_demo_practices())
    # Hải Phòng today: the reform applied on top of the 2021–2025 story (its practices: ``seeding.today``).
    lines.extend(seed_demo_reform())
    return lines
