"""Property-based fuzzing (hypothesis) of every form and query parameter: never a 500, never a partial write.

Each example runs in a savepoint that is rolled back, so examples do not see each other's writes. A response
that is not a redirect (the success answer of every form here) must leave the database as it was: the same
rows, the same practice. Examples are bounded (FUZZ_EXAMPLES, default 15 per target) so `make test` stays quick;
raise it for a longer hunt: FUZZ_EXAMPLES=500 pytest tests/security/test_fuzz.py.
"""

import os

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models_registry.models import AuditEvent, Commendation, Decision, Practice, PracticeState
from reporting.models import Report
from tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "15"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,  # the same examples on every run: a failure in CI is a failure on the developer's machine
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# What people and probes type: edges of numbers and dates, markup, right-to-left marks, long and odd text.
EDGES = [
    "",
    " ",
    "0",
    "-1",
    "1" + "0" * 30,
    str(2**31),
    str(2**63),
    "-" + str(2**63),
    "²",
    "١٢",
    "1e9",
    "NaN",
    "01/01/0001",
    "31/12/9999",
    "29/02/2023",
    "0001-01-01",
    "<script>alert(1)</script>",
    "'; DROP TABLE x; --",
    "\u202eabc",
    "\x00",
    "a\x00b",
    "ư" * 301,
    "x" * 20_001,
    "00000000-0000-0000-0000-000000000000",
    "not-a-uuid",
]
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=80)
VALUE = st.one_of(st.sampled_from(EDGES), TEXT, st.integers(min_value=-(2**70), max_value=2**70).map(str))


def params(names):
    return st.dictionaries(st.sampled_from(names), VALUE, max_size=len(names))


def snapshot(practice=None):
    counts = tuple(m.objects.count() for m in (Practice, AuditEvent, Decision, Report, Commendation))
    row = Practice.objects.filter(pk=practice.pk).values().first() if practice is not None else None
    return counts, row


def probe(client, method, url, data, *, watch=None, success=(302,)):
    """One request in a savepoint that is rolled back; the assertions of every target.

    ``success``: the statuses that answer a completed write (a redirect, except pages that show a result once).
    """
    with transaction.atomic():
        before = snapshot(watch)
        response = getattr(client, method)(url, data)
        assert response.status_code < 500, (url, data, response.status_code)
        if method == "post" and response.status_code not in success:
            assert snapshot(watch) == before, ("partial write", url, data)
        transaction.set_rollback(True)
    return response


@pytest.fixture
def officer(client, demo):
    client.force_login(demo.officer)
    return client


@pytest.fixture
def reviewer(client, demo):
    client.force_login(demo.reviewer)
    return client


@pytest.fixture
def provincial(client, demo):
    client.force_login(demo.provincial)
    return client


REGISTRATION = [
    "title",
    "kind",
    "subject",
    "field",
    "phase",
    "unit",
    "replicated_from",
    "summary",
    "content",
    "budget_vnd",
    "workdays",
    "socialized_funding_vnd",
    "start_date",
    "evaluation_date",
    "contact_email",
    "contact_phone",
    "expected_version",
    "submission_token",
]
RESULTS = [
    "expected_version",
    "people_reached",
    "money_mobilized_vnd",
    "workdays_mobilized",
    "land_donated_m2",
    "results",
]
LIST_PARAMS = ["q", "unit", "field", "kind", "subject", "state", "phase", "year", "sort", "page", "export"]


def base_registration(demo):
    from .test_mistakes import registration

    return registration(demo)


# --- Officer forms --------------------------------------------------------------------------------------------


@FUZZ
@given(data=params(REGISTRATION))
def test_fuzz_registration(officer, demo, data):
    probe(officer, "post", reverse("practice_create"), {**base_registration(demo), **data})


@FUZZ
@given(data=params(REGISTRATION))
def test_fuzz_edit(officer, demo, data):
    practice = Practice.objects.filter(title="Mô hình để thử sửa").first() or PracticeFactory(
        unit=demo.an_luu, title="Mô hình để thử sửa"
    )
    form = {**base_registration(demo), "expected_version": practice.version, **data}
    probe(officer, "post", reverse("practice_edit", args=[practice.pk]), form, watch=practice)


@FUZZ
@given(data=params(RESULTS))
def test_fuzz_propose(officer, demo, data):
    practice = Practice.objects.filter(title="Mô hình để thử đề nghị").first() or PracticeFactory(
        unit=demo.an_luu, title="Mô hình để thử đề nghị", state=PracticeState.REGISTERED
    )
    form = {"expected_version": practice.version, "people_reached": "1", "money_mobilized_vnd": "1", **data}
    probe(officer, "post", reverse("practice_propose", args=[practice.pk]), form, watch=practice)


@FUZZ
@given(action=st.sampled_from(["practice_submit", "practice_withdraw"]), data=params(["expected_version", "next"]))
def test_fuzz_one_click_actions(officer, demo, action, data):
    practice = Practice.objects.filter(title="Mô hình một nút").first() or PracticeFactory(
        unit=demo.an_luu, title="Mô hình một nút"
    )
    probe(officer, "post", reverse(action, args=[practice.pk]), data, watch=practice)


# --- Board forms ----------------------------------------------------------------------------------------------


@FUZZ
@given(
    action=st.sampled_from(["practice_return", "practice_reject", "practice_discontinue"]),
    data=params(["reason", "expected_version", "next"]),
)
def test_fuzz_board_reasons(reviewer, demo, action, data):
    practice = Practice.objects.filter(title="Mô hình chờ xét").first() or PracticeFactory(
        unit=demo.an_luu, title="Mô hình chờ xét", state=PracticeState.PROPOSED
    )
    probe(reviewer, "post", reverse(action, args=[practice.pk]), data, watch=practice)


@FUZZ
@given(data=params(["form", "issuer", "decision_number", "date", "outstanding", "next"]))
def test_fuzz_commendation_and_outstanding(reviewer, demo, data):
    practice = Practice.objects.filter(title="Mô hình chờ xét").first() or PracticeFactory(
        unit=demo.an_luu, title="Mô hình chờ xét", state=PracticeState.PROPOSED
    )
    probe(reviewer, "post", reverse("commendation_record", args=[practice.pk]), data)
    probe(reviewer, "post", reverse("recognition_mark_outstanding", args=[practice.pk]), data)


@FUZZ
@given(data=params(["ids", "number", "date", "signer", "outstanding"]))
def test_fuzz_decision(reviewer, demo, data):
    practice = Practice.objects.filter(title="Mô hình chờ quyết định").first() or PracticeFactory(
        unit=demo.an_luu, title="Mô hình chờ quyết định", state=PracticeState.PROPOSED
    )
    form = {"ids": str(practice.pk), "number": "1-QĐ/BDVTXU", "date": "01/03/2025", "signer": "A", **data}
    probe(reviewer, "post", reverse("decision_create"), form, watch=practice)
    probe(reviewer, "get", reverse("decision_create"), data)


@FUZZ
@given(data=params(["practices", "number", "date", "signer", "district", "q"]))
def test_fuzz_provincial_decision(provincial, demo, data):
    probe(provincial, "post", reverse("decision_provincial_create"), data)


@FUZZ
@given(data=params(["unit", "period", "year", "number", "strengths", "directions", "submission_token"]))
def test_fuzz_report_request(provincial, demo, data):
    form = {"unit": demo.province.pk, "period": "h1", "year": "2024", **data}
    probe(provincial, "post", reverse("report_list"), form)


# --- Accounts -------------------------------------------------------------------------------------------------


@FUZZ
@given(data=params(["username", "password", "next"]))
def test_fuzz_login(client, demo, data):
    probe(client, "post", reverse("login"), data)


@FUZZ
@given(data=params(["old_password", "new_password1", "new_password2"]))
def test_fuzz_password_change(officer, demo, data):
    probe(officer, "post", reverse("password_change"), data)


@FUZZ
@given(data=params(["token", "next"]))
def test_fuzz_second_factor_pages(reviewer, demo, data):
    probe(reviewer, "post", reverse("second_factor_verify"), data)
    probe(reviewer, "post", reverse("second_factor_enrol"), data)


@FUZZ
@given(data=params(["q", "page", "clear_second_factor"]))
def test_fuzz_officer_pages(reviewer, demo, data):
    probe(reviewer, "get", reverse("officer_list"), data)
    # A reset answers 200 with the new password shown once; the audit event and the password go together.
    with transaction.atomic():
        response = probe(
            reviewer, "post", reverse("officer_password_reset", args=[demo.officer.pk]), data, success=(200,)
        )
        # Shown once, or refused whole (a NUL character is a 400 before the view).
        assert response.status_code in (200, 400)
        transaction.set_rollback(True)


# --- Query parameters of every list ---------------------------------------------------------------------------


@FUZZ
@given(
    name=st.sampled_from(
        [
            "practice_list",
            "practice_export",
            "public_list",
            "practice_similar",
            "review_queue",
            "decision_list",
            "decision_provincial_create",
            "dashboard",
            "report_list",
            "notification_list",
            "home",
        ]
    ),
    data=params([*LIST_PARAMS, "district", "exclude", "ids", "inline", "next"]),
)
def test_fuzz_query_parameters(provincial, reviewer, demo, name, data):
    probe(reviewer, "get", reverse(name), data)
