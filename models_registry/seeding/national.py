"""National-scale synthetic data (DESIGN §7): every unit of the country and hundreds of thousands of practices.

Used by ``manage.py seed_scale`` and the web benchmark. Rows are written in bulk — PostgreSQL COPY, or
executemany elsewhere — so half a million practices take minutes, not hours. Going around the services is
deliberate here: nobody acts on these practices, the point is realistic table sizes and distributions. What
``Practice.save`` would derive (the reviewing board, the folded search text) is computed here instead.
"""

import csv
import datetime as dt
import io
import json
import random
import time
from bisect import bisect
from collections import defaultdict
from itertools import accumulate

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from ..models import (
    AuditEvent,
    Commendation,
    Decision,
    Field,
    Phase,
    Practice,
    PracticeState,
    Recognition,
    RecognitionLevel,
    Unit,
    UnitLevel,
)
from ..models.audit import PRACTICE_CREATED, practice_action
from ..models.practices import fold
from ..models.units import SYMBOL_BY_KIND
from ..units_import import NATIONAL_FILE, load_units
from .reference import ensure_reference_lists
from .texts import person, practice_body, practice_results, practice_title
from .timeline import DAY, plan_timeline

SYNTHETIC_USERNAME = "synthetic"
# Decisions of synthetic data are numbered from here, far above the demo's hand-written numbers.
DECISION_NUMBER_BASE = 10_000

S = PracticeState
STATE_WEIGHTS = {
    S.DRAFT: 5,
    S.REGISTERED: 25,
    S.PROPOSED: 8,
    S.RETURNED: 4,
    S.RECOGNIZED: 40,
    S.NOT_RECOGNIZED: 6,
    S.WITHDRAWN: 5,
    S.DISCONTINUED: 7,
}
_STATES = list(STATE_WEIGHTS)
_CUMULATIVE = list(accumulate(STATE_WEIGHTS.values()))

PRACTICE_COLUMNS = [f.attname for f in Practice._meta.concrete_fields]
DECISION_COLUMNS = [
    "id",
    "number",
    "date",
    "board_id",
    "signer",
    "level",
    "scanned_file",
    "created_by_id",
    "created_at",
]
RECOGNITION_COLUMNS = ["practice_id", "decision_id", "level", "outstanding", "created_at"]
COMMENDATION_COLUMNS = ["practice_id", "form", "issuer", "decision_number", "date", "created_by_id", "created_at"]
AUDIT_COLUMNS = ["actor_id", "action", "created_at", "practice_id", "object_type", "object_id", "changes", "note"]

BODY_VARIANTS = 30


def _synthetic_user():
    user, created = get_user_model().objects.get_or_create(
        username=SYNTHETIC_USERNAME, defaults={"is_active": False, "first_name": "Dữ liệu", "last_name": "tổng hợp"}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def registering_units():
    """(unit id, board id, province id, place name) for every current commune, and for districts without any.

    The board is the nearest reviewing ancestor, exactly as ``Unit.board`` computes it, but for all units at once.
    """
    units = list(Unit.objects.current().values_list("pk", "path", "level", "reviews", "name"))
    by_pk = {pk: (pk, level, reviews) for pk, _path, level, reviews, _name in units}
    with_children = {
        int(path.rsplit("/", 3)[-3]) for _pk, path, level, _r, _n in units if level == UnitLevel.COMMUNE and "/" in path
    }
    result = []
    for pk, path, level, _reviews, name in units:
        if level == UnitLevel.COMMUNE or (level == UnitLevel.DISTRICT and pk not in with_children):
            chain = [by_pk[int(part)] for part in path.strip("/").split("/")]
            board = next((u[0] for u in reversed(chain) if u[2]), pk)
            province = next((u[0] for u in chain if u[1] == UnitLevel.PROVINCE), chain[0][0])
            result.append((pk, board, province, name))
    return result


def _reserve_ids(model, count):
    """Primary keys for rows we insert ourselves, so that related rows can point at them in the same pass."""
    if count == 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, count]
            )
            return [row[0] for row in cursor.fetchall()]
        # Elsewhere (SQLite) the whole seeding runs in one transaction that holds the write lock.
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608 - table name from the model
        start = cursor.fetchone()[0] + 1
        return list(range(start, start + count))


def _insert(model, columns, rows, json_columns=()):
    """Insert raw rows: COPY on PostgreSQL, executemany elsewhere. Values are Python values."""
    if not rows:
        return
    table = model._meta.db_table
    json_at = [columns.index(name) for name in json_columns]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            for row in rows:
                row = [r"\N" if value is None else value for value in row]
                for index in json_at:
                    row[index] = json.dumps(row[index], ensure_ascii=False)
                writer.writerow(row)
            buffer.seek(0)
            # NULL '\N' keeps empty strings distinct from NULLs (csv writes both as an empty field otherwise).
            cursor.cursor.copy_expert(
                f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv, NULL '\\N')", buffer
            )
            return

        def plain(value):
            if isinstance(value, dt.datetime):
                return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(" ")
            if isinstance(value, dict | list):
                return json.dumps(value, ensure_ascii=False)
            return value

        placeholders = ", ".join(["%s"] * len(columns))
        cursor.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})",  # noqa: S608 - names from models
            [[plain(value) for value in row] for row in rows],
        )


class _Generator:
    """Builds one batch of practices with consistent timestamps, and the rows that hang off them."""

    def __init__(self, *, rng, units, fields, phase_id, user_id, now):
        self.rng = rng
        self.units = units
        self.fields = fields
        self.phase_id = phase_id
        self.user_id = user_id
        self.now = now
        self.district_first = {}
        for unit in units:  # one registering unit per board, so that the first rows cover every district
            self.district_first.setdefault(unit[1], unit)
        self.district_first = list(self.district_first.values())
        self.bodies = {
            code: [self._body(code) for _ in range(BODY_VARIANTS)] for _pk, code in fields
        }  # prose is shared between rows: generating and folding it per row would dominate the run time

    def _body(self, field_code):
        body = practice_body(self.rng, field_code=field_code, title="", place="xã")
        tail = body.pop("summary").removeprefix(". ")
        return body, tail, fold(tail)

    def practice(self, pk, index):
        rng = self.rng
        unit_id, board_id, _province_id, place = (
            self.district_first[index] if index < len(self.district_first) else rng.choice(self.units)
        )
        field_id, field_code = rng.choice(self.fields)
        kind = "model" if rng.random() < 0.7 else "exemplar"
        subject = (
            ("collective" if rng.random() < 0.85 else "individual")
            if kind == "model"
            else rng.choice(["collective", "individual"])
        )
        state = _STATES[bisect(_CUMULATIVE, rng.random() * _CUMULATIVE[-1])]
        title = practice_title(rng, field_code=field_code, kind=kind, subject=subject, place=place)
        body, tail, folded_tail = rng.choice(self.bodies[field_code])
        t = plan_timeline(rng, state, self.now)
        proposed = t["proposed_at"] is not None
        results = practice_results(rng) if proposed else {}
        folded_title = fold(title)
        start_date = t["created_at"].date() + dt.timedelta(days=rng.randrange(0, 60))
        _honorific, contact = person(rng)
        reason = ""
        if state == S.RETURNED:
            reason = "Đề nghị bổ sung số liệu kết quả và hình ảnh minh chứng."
        elif state == S.NOT_RECOGNIZED:
            reason = "Mô hình chưa đạt tiêu chí về tính bền vững và khả năng nhân rộng."
        values = {
            "id": pk,
            "title": title,
            "kind": kind,
            "subject": subject,
            "field_id": field_id,
            "unit_id": unit_id,
            "board_id": board_id,
            "phase_id": self.phase_id,
            "replicated_from_id": None,
            "summary": f"{title}. {tail}",
            **body,
            "budget_vnd": rng.randrange(0, 500) * 1_000_000,
            "workdays": rng.randrange(0, 2000),
            "socialized_funding_vnd": rng.randrange(0, 300) * 1_000_000,
            "start_date": start_date,
            "evaluation_date": start_date + dt.timedelta(days=365),
            "contact_name": contact,
            "contact_phone": f"09{rng.randrange(10**8):08d}",
            "contact_email": "",
            "people_reached": results.get("people_reached", 0),
            "money_mobilized_vnd": results.get("money_mobilized_vnd", 0),
            "workdays_mobilized": results.get("workdays_mobilized", 0),
            "land_donated_m2": results.get("land_donated_m2", 0),
            "results": results.get("results", ""),
            "state": state,
            "last_reason": reason,
            "version": 1 + sum(1 for name, value in t.items() if value and name not in ("created_at", "updated_at")),
            "created_by_id": self.user_id,
            **t,
            # What Practice.save() would store: fold(f"{title} {summary}"), with summary = f"{title}. {tail}".
            "search_text": f"{folded_title} {folded_title}. {folded_tail}",
        }
        return values


def _audit_rows(values, user_id):
    """The timeline of one practice as audit events (only for a sample: a full log would triple the run time)."""
    steps = [(PRACTICE_CREATED, values["created_at"], None, "draft")]
    order = [
        ("submitted_at", S.REGISTERED, S.DRAFT),
        ("proposed_at", S.PROPOSED, S.REGISTERED),
        ("returned_at", S.RETURNED, S.PROPOSED),
        ("recognized_at", S.RECOGNIZED, S.PROPOSED),
        ("rejected_at", S.NOT_RECOGNIZED, S.PROPOSED),
        ("withdrawn_at", S.WITHDRAWN, S.REGISTERED),
        ("discontinued_at", S.DISCONTINUED, S.RECOGNIZED),
    ]
    for stamp, state, previous in order:
        if values[stamp]:
            steps.append((practice_action(state), values[stamp], previous, str(state)))
    rows = []
    for action, when, old, new in steps:
        changes = {"state": [old, new]} if old else {"title": [None, values["title"]]}
        rows.append([user_id, action, when, values["id"], "models_registry.practice", str(values["id"]), changes, ""])
    return rows


def seed_scale(target, *, path=NATIONAL_FILE, seed=2021, batch_size=50_000, audit_share=0.02, log=print):
    """Top up the synthetic practices to ``target`` (and load the national units). Returns counts and timings."""
    started = time.monotonic()
    unit_counts = load_units(path)
    ensure_reference_lists()
    log("Units: {created} created, {updated} updated, {unchanged} unchanged.".format(**unit_counts))
    log(f"  units loaded in {time.monotonic() - started:.1f} s")
    user = _synthetic_user()
    existing = Practice.objects.filter(created_by=user).count()
    missing = max(target - existing, 0)
    summary = {"existing": existing, "created": 0, "decisions": 0, "recognitions": 0, "audit_events": 0}
    if not missing:
        log(f"Synthetic practices: {existing} already, nothing to add.")
        summary["seconds"] = time.monotonic() - started
        return summary

    units = registering_units()
    fields = list(Field.objects.filter(active=True).values_list("pk", "code"))
    phase = Phase.objects.filter(is_current=True).first() or Phase.objects.first()
    board_kind = dict(Unit.objects.filter(reviews=True).values_list("pk", "kind"))
    province_of = {board: province for _unit, board, province, _place in units}
    decision_seq = DECISION_NUMBER_BASE + Decision.objects.filter(created_by=user).count()
    now = timezone.now()
    generator = _Generator(
        rng=random.Random(seed + existing),
        units=units,
        fields=fields,
        phase_id=phase.pk,
        user_id=user.pk,
        now=now,
    )
    rng = generator.rng
    for offset in range(0, missing, batch_size):
        batch_started = time.monotonic()
        count = min(batch_size, missing - offset)
        ids = _reserve_ids(Practice, count)
        practices = [generator.practice(pk, existing + offset + i) for i, pk in enumerate(ids)]

        # District decisions: a board's recognitions of one quarter go into one decision dated on the last of them.
        groups = defaultdict(list)
        for values in practices:
            if values["recognized_at"]:
                when = values["recognized_at"]
                groups[(values["board_id"], when.year, (when.month - 1) // 3)].append(values)
        decision_ids = iter(_reserve_ids(Decision, len(groups)))
        decisions, recognitions, provincial = [], [], defaultdict(list)
        for (board_id, _year, _quarter), members in groups.items():
            decision_id = next(decision_ids)
            when = max(values["recognized_at"] for values in members)
            decision_seq += 1
            symbol = SYMBOL_BY_KIND.get(board_kind.get(board_id), "BDV")
            decisions.append(
                [
                    decision_id,
                    f"{decision_seq}-QĐ/{symbol}",
                    timezone.localtime(when).date(),
                    board_id,
                    person(rng)[1],
                    RecognitionLevel.DISTRICT,
                    "",
                    user.pk,
                    when,
                ]
            )
            for values in members:
                values["recognized_at"] = when
                outstanding = rng.random() < 0.1
                recognitions.append([values["id"], decision_id, RecognitionLevel.DISTRICT, outstanding, when])
                if outstanding and rng.random() < 0.3:
                    provincial[(province_of[board_id], when.year)].append(values)
        # Provincial decisions: a province's yearly batch of outstanding district recognitions.
        provincial_ids = iter(_reserve_ids(Decision, len(provincial)))
        for (province_id, _year), members in provincial.items():
            decision_id = next(provincial_ids)
            when = min(max(values["recognized_at"] for values in members) + 30 * DAY, now)
            decision_seq += 1
            decisions.append(
                [
                    decision_id,
                    f"{decision_seq}-QĐ/BDVTU",
                    timezone.localtime(when).date(),
                    province_id,
                    person(rng)[1],
                    RecognitionLevel.PROVINCIAL,
                    "",
                    user.pk,
                    when,
                ]
            )
            recognitions.extend(
                [values["id"], decision_id, RecognitionLevel.PROVINCIAL, False, when] for values in members
            )
        commendations = [
            [
                values["id"],
                rng.choice(["Giấy khen", "Bằng khen", "Giấy chứng nhận"]),
                "Ban Thường vụ cấp ủy",
                f"{rng.randrange(1, 300)}-QĐ/KT",
                min(values["recognized_at"] + dt.timedelta(days=rng.uniform(30, 365)), now).date(),
                user.pk,
                values["recognized_at"],
            ]
            for values in practices
            if values["recognized_at"] and rng.random() < 0.03
        ]
        audit_rows = [row for values in practices if rng.random() < audit_share for row in _audit_rows(values, user.pk)]
        with transaction.atomic():
            _insert(Practice, PRACTICE_COLUMNS, [[values[name] for name in PRACTICE_COLUMNS] for values in practices])
            _insert(Decision, DECISION_COLUMNS, decisions)
            _insert(Recognition, RECOGNITION_COLUMNS, recognitions)
            _insert(Commendation, COMMENDATION_COLUMNS, commendations)
            _insert(AuditEvent, AUDIT_COLUMNS, audit_rows, json_columns=["changes"])
        summary["created"] += count
        summary["decisions"] += len(decisions)
        summary["recognitions"] += len(recognitions)
        summary["audit_events"] += len(audit_rows)
        log(
            f"  {existing + offset + count:>9,} practices ({count:,} in {time.monotonic() - batch_started:.1f} s, "
            f"{len(decisions):,} decisions, {len(recognitions):,} recognitions)"
        )
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # Fresh statistics, or the planner keeps estimating the empty tables it saw before; and the visibility
        # map, without which COUNT(*) cannot use an index-only scan until autovacuum comes by.
        with connection.cursor() as cursor:
            for model in (Practice, Decision, Recognition, Commendation, AuditEvent, Unit):
                cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")
    summary["seconds"] = time.monotonic() - started
    return summary
