"""Workflow services: every transition, every illegal transition, permissions, stale versions, concurrency."""

import datetime
import threading

import pytest
from django.db import connection, connections, transaction

from models_registry import services
from models_registry.errors import DomainError, IllegalTransition, StaleObject
from models_registry.models import AuditEvent, Field, Notification, Phase, Practice, PracticeState, Role, UnitLevel
from models_registry.models.practices import TRANSITIONS
from tests.factories import MembershipFactory, UnitFactory, UserFactory
from tests.models_registry.practice_helpers import make_practice

S = PracticeState
ALL_STATES = list(S)
_decision_numbers = iter(range(1, 10**6))


def do_submit(practice, demo, **kw):
    return services.practice_submit(practice=practice, actor=demo.officer, **kw)


def do_propose(practice, demo, **kw):
    return services.practice_propose(
        practice=practice, actor=demo.officer, results={"results": "Vận động 300 hộ.", "people_reached": 300}, **kw
    )


def do_return(practice, demo, **kw):
    return services.practice_return(practice=practice, actor=demo.reviewer, reason="Bổ sung ảnh.", **kw)


def do_reject(practice, demo, **kw):
    return services.practice_reject(practice=practice, actor=demo.reviewer, reason="Chưa đạt tiêu chí.", **kw)


def do_recognize(practice, demo, **kw):
    services.decision_issue(
        actor=demo.reviewer,
        board=demo.kinh_mon,
        practices=[practice],
        number=f"{next(_decision_numbers)}-QĐ/BDVHU",
        date=datetime.date(2024, 6, 1),
        signer="Phạm Quốc Khánh",
    )


def do_withdraw(practice, demo, **kw):
    return services.practice_withdraw(practice=practice, actor=demo.officer, **kw)


def do_discontinue(practice, demo, **kw):
    return services.practice_discontinue(practice=practice, actor=demo.reviewer, reason="Không còn duy trì.", **kw)


ACTIONS = {
    "submit": do_submit,
    "propose": do_propose,
    "return": do_return,
    "reject": do_reject,
    "recognize": do_recognize,
    "withdraw": do_withdraw,
    "discontinue": do_discontinue,
}
TIMESTAMPS = {
    S.REGISTERED: "submitted_at",
    S.PROPOSED: "proposed_at",
    S.RETURNED: "returned_at",
    S.RECOGNIZED: "recognized_at",
    S.NOT_RECOGNIZED: "rejected_at",
    S.WITHDRAWN: "withdrawn_at",
    S.DISCONTINUED: "discontinued_at",
}
LEGAL = [(action, state) for action, (sources, _target) in TRANSITIONS.items() for state in sources]
ILLEGAL = [
    (action, state)
    for action, (sources, _target) in TRANSITIONS.items()
    for state in ALL_STATES
    if state not in sources
]


def test_every_action_has_a_service():
    assert set(ACTIONS) == set(TRANSITIONS)


@pytest.mark.django_db
@pytest.mark.parametrize(("action", "state"), LEGAL)
def test_legal_transition(demo, action, state, django_capture_on_commit_callbacks):
    practice = make_practice(demo.an_luu, state=state)
    target = TRANSITIONS[action][1]
    with django_capture_on_commit_callbacks(execute=True):
        ACTIONS[action](practice, demo)
    practice.refresh_from_db()
    assert practice.state == target
    assert practice.version == 2
    assert getattr(practice, TIMESTAMPS[target]) is not None
    event = AuditEvent.objects.get(practice=practice, action=f"practice.{target}")
    assert event.changes["state"] == [state, target]
    assert event.actor in (demo.officer, demo.reviewer)


@pytest.mark.django_db
@pytest.mark.parametrize(("action", "state"), ILLEGAL)
def test_illegal_transition(demo, action, state):
    practice = make_practice(demo.an_luu, state=state)
    expected = DomainError if action == "recognize" else IllegalTransition
    with pytest.raises(expected) as error:
        ACTIONS[action](practice, demo)
    practice.refresh_from_db()
    assert practice.state == state
    assert practice.version == 1
    assert not AuditEvent.objects.filter(practice=practice).exists()
    assert str(error.value)  # a message for the user


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["submit", "propose", "return", "reject", "withdraw", "discontinue"])
def test_stale_version_is_refused(demo, action):
    state = next(iter(TRANSITIONS[action][0]))
    practice = make_practice(demo.an_luu, state=state)
    with pytest.raises(StaleObject):
        ACTIONS[action](practice, demo, expected_version=practice.version + 1)
    practice.refresh_from_db()
    assert practice.state == state


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("action", "state", "username"),
    [
        ("submit", "draft", "officer2"),
        ("submit", "draft", "reviewer"),
        ("propose", "registered", "reviewer"),
        ("propose", "registered", "provincial"),
        ("withdraw", "draft", "officer2"),
        ("return", "proposed", "officer"),
        ("return", "proposed", "reviewer2"),
        ("reject", "proposed", "provincial"),
        ("discontinue", "recognized", "officer"),
    ],
)
def test_wrong_actor_is_refused(demo, action, state, username):
    practice = make_practice(demo.an_luu, state=state)
    actor = demo.users[username]
    call = {
        "submit": lambda: services.practice_submit(practice=practice, actor=actor),
        "propose": lambda: services.practice_propose(practice=practice, actor=actor, results={"results": "x"}),
        "withdraw": lambda: services.practice_withdraw(practice=practice, actor=actor),
        "return": lambda: services.practice_return(practice=practice, actor=actor, reason="x"),
        "reject": lambda: services.practice_reject(practice=practice, actor=actor, reason="x"),
        "discontinue": lambda: services.practice_discontinue(practice=practice, actor=actor),
    }[action]
    with pytest.raises(DomainError):
        call()
    practice.refresh_from_db()
    assert practice.state == state


@pytest.mark.django_db
def test_decision_of_another_board_is_refused(demo):
    practice = make_practice(demo.an_luu, state="proposed")
    with pytest.raises(DomainError):
        services.decision_issue(
            actor=demo.reviewer2,
            board=demo.thanh_ha,
            practices=[practice],
            number="1-QĐ/BDVHU",
            date=datetime.date(2024, 1, 1),
            signer="Lê Thị Thu",
        )
    practice.refresh_from_db()
    assert practice.state == S.PROPOSED


@pytest.mark.django_db
def test_propose_needs_results_and_notifies_the_board(demo, django_capture_on_commit_callbacks):
    practice = make_practice(demo.an_luu, state="registered", results="")
    with pytest.raises(DomainError, match="kết quả"):
        services.practice_propose(practice=practice, actor=demo.officer, results={"people_reached": 10})
    with django_capture_on_commit_callbacks(execute=True):
        services.practice_propose(
            practice=practice,
            actor=demo.officer,
            results={"results": "Làm 2 km đường.", "people_reached": 120, "land_donated_m2": 900},
        )
    practice.refresh_from_db()
    assert (practice.people_reached, practice.land_donated_m2, practice.results) == (120, 900, "Làm 2 km đường.")
    assert set(Notification.objects.filter(practice=practice).values_list("recipient__username", flat=True)) == {
        "reviewer"
    }


@pytest.mark.django_db
def test_propose_with_an_empty_results_text_does_not_erase_and_pass(demo):
    """An empty "results" in the form would replace the old text: the check looks at what will be saved."""
    practice = make_practice(demo.an_luu, state="returned", results="Kết quả cũ")
    with pytest.raises(DomainError):
        services.practice_propose(practice=practice, actor=demo.officer, results={"results": "  "})
    practice.refresh_from_db()
    assert practice.results == "Kết quả cũ"
    assert practice.state == S.RETURNED


@pytest.mark.django_db
def test_propose_refuses_unknown_fields(demo):
    practice = make_practice(demo.an_luu, state="registered")
    with pytest.raises(ValueError):
        services.practice_propose(practice=practice, actor=demo.officer, results={"state": "recognized"})


@pytest.mark.django_db
def test_return_needs_a_reason_keeps_it_and_notifies_the_unit(demo, django_capture_on_commit_callbacks):
    practice = make_practice(demo.an_luu, state="proposed")
    with pytest.raises(DomainError, match="lý do"):
        services.practice_return(practice=practice, actor=demo.reviewer, reason="   ")
    with django_capture_on_commit_callbacks(execute=True):
        services.practice_return(practice=practice, actor=demo.reviewer, reason="Thiếu biên bản họp dân.")
    practice.refresh_from_db()
    assert practice.last_reason == "Thiếu biên bản họp dân."
    notification = Notification.objects.get(practice=practice)
    assert notification.recipient == demo.officer
    assert "Thiếu biên bản họp dân." in notification.message
    # Proposing again clears the reason.
    services.practice_propose(practice=practice, actor=demo.officer, results={"results": "Đã bổ sung."})
    practice.refresh_from_db()
    assert practice.last_reason == ""


@pytest.mark.django_db
def test_reject_records_reason(demo):
    practice = make_practice(demo.an_luu, state="proposed")
    services.practice_reject(practice=practice, actor=demo.reviewer, reason="Chưa đủ 12 tháng.")
    practice.refresh_from_db()
    assert practice.state == S.NOT_RECOGNIZED
    assert practice.last_reason == "Chưa đủ 12 tháng."
    assert AuditEvent.objects.get(practice=practice, action="practice.not_recognized").note == "Chưa đủ 12 tháng."


# --- Create and update ------------------------------------------------------------------------------------


def registration(**extra):
    return {"title": "Sân chơi cho trẻ em", "field": Field.objects.get(code="kinh-te"), "phase": Phase.objects.first()}


@pytest.mark.django_db
def test_create_sets_board_and_writes_audit(demo):
    practice = services.practice_create(actor=demo.officer, unit=demo.an_luu, data=registration())
    assert practice.state == S.DRAFT
    assert practice.board == demo.kinh_mon
    assert practice.search_text.startswith("san choi cho tre em")
    assert AuditEvent.objects.get(practice=practice).action == "practice.created"


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["officer2", "reviewer", "provincial"])
def test_create_for_a_unit_not_ones_own_is_refused(demo, username):
    with pytest.raises(DomainError):
        services.practice_create(actor=demo.users[username], unit=demo.an_luu, data=registration())


@pytest.mark.django_db
def test_create_refuses_workflow_fields(demo):
    with pytest.raises(ValueError):
        services.practice_create(actor=demo.officer, unit=demo.an_luu, data={**registration(), "state": "recognized"})


@pytest.mark.django_db
def test_update_only_in_draft_or_returned(demo):
    for state in ALL_STATES:
        practice = make_practice(demo.an_luu, state=state, title="Cũ")
        if state in (S.DRAFT, S.RETURNED):
            services.practice_update(practice=practice, actor=demo.officer, data={"title": "Mới"}, expected_version=1)
            practice.refresh_from_db()
            assert (practice.title, practice.version) == ("Mới", 2)
            assert practice.search_text.startswith("moi")
        else:
            with pytest.raises(IllegalTransition):
                services.practice_update(practice=practice, actor=demo.officer, data={"title": "Mới"})
            practice.refresh_from_db()
            assert practice.title == "Cũ"


@pytest.mark.django_db
def test_update_without_changes_writes_nothing(demo):
    practice = make_practice(demo.an_luu, title="Giữ nguyên")
    services.practice_update(practice=practice, actor=demo.officer, data={"title": "Giữ nguyên"})
    practice.refresh_from_db()
    assert practice.version == 1
    assert not AuditEvent.objects.filter(practice=practice, action="practice.updated").exists()


@pytest.mark.django_db
def test_update_refuses_workflow_fields(demo):
    practice = make_practice(demo.an_luu)
    for name, value in [("state", S.RECOGNIZED), ("version", 9), ("board", demo.thanh_ha)]:
        with pytest.raises(ValueError):
            services.practice_update(practice=practice, actor=demo.officer, data={name: value})
    practice.refresh_from_db()
    assert practice.state == S.DRAFT


@pytest.mark.django_db
def test_update_unit_moves_board_and_stays_in_scope(demo):
    organization = UnitFactory(parent=demo.an_luu, level=UnitLevel.ORGANIZATION, name="Chi hội Phụ nữ khu 3")
    practice = make_practice(demo.an_luu)
    services.practice_update(practice=practice, actor=demo.officer, data={"unit": organization})
    practice.refresh_from_db()
    assert practice.unit == organization and practice.board == demo.kinh_mon
    with pytest.raises(DomainError):
        services.practice_update(practice=practice, actor=demo.officer, data={"unit": demo.thanh_an})
    practice.refresh_from_db()
    assert practice.unit == organization


@pytest.mark.django_db
def test_update_moves_board_when_an_officer_has_two_districts(demo):
    officer = UserFactory()
    MembershipFactory(user=officer, unit=demo.an_luu, role=Role.OFFICER)
    MembershipFactory(user=officer, unit=demo.thanh_an, role=Role.OFFICER)
    practice = make_practice(demo.an_luu)
    services.practice_update(practice=practice, actor=officer, data={"unit": demo.thanh_an})
    practice.refresh_from_db()
    # Practice.save only resolves the board on creation; the service must move it with the unit.
    assert practice.board == demo.thanh_ha


@pytest.mark.django_db
def test_stale_update_overwrites_nothing(demo):
    practice = make_practice(demo.an_luu, title="A")
    services.practice_update(practice=practice, actor=demo.officer, data={"title": "B"}, expected_version=1)
    with pytest.raises(StaleObject):
        services.practice_update(practice=practice, actor=demo.officer, data={"title": "C"}, expected_version=1)
    practice.refresh_from_db()
    assert practice.title == "B"


@pytest.mark.django_db
def test_attachment_add_refuses_board_and_frozen_practices(demo):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.models_registry.practice_helpers import PDF_BYTES

    practice = make_practice(demo.an_luu)
    with pytest.raises(DomainError):
        services.attachment_add(practice=practice, actor=demo.reviewer, file=SimpleUploadedFile("a.pdf", PDF_BYTES))
    frozen = make_practice(demo.an_luu, state="recognized")
    with pytest.raises(IllegalTransition):
        services.attachment_add(practice=frozen, actor=demo.officer, file=SimpleUploadedFile("a.pdf", PDF_BYTES))


@pytest.mark.django_db
def test_audit_events_are_append_only(demo):
    practice = services.practice_create(actor=demo.officer, unit=demo.an_luu, data=registration())
    event = AuditEvent.objects.get(practice=practice)
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.filter(pk=event.pk).update(note="x")
    with pytest.raises(TypeError):
        AuditEvent.objects.filter(pk=event.pk).delete()


# --- Concurrency: real PostgreSQL transactions in two threads ------------------------------------------------


def waiting_on_a_lock():
    """Backends of this database blocked on a row lock right now (read from a separate connection)."""
    with connections["default"].cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def in_thread(function):
    outcome = {}

    def run():
        try:
            outcome["value"] = function()
        except Exception as error:  # the outcome is inspected by the test
            outcome["error"] = error
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def race(first, second):
    """Run ``first`` in a transaction that stays open until ``second`` is blocked on the row lock, then commit.

    This makes the overlap certain instead of hoping the scheduler interleaves the threads.
    """
    first_done, release = threading.Event(), threading.Event()

    def hold():
        with transaction.atomic():
            result = first()
            first_done.set()
            assert release.wait(30), "the second action never queued behind the lock"
        return result

    thread_one, outcome_one = in_thread(hold)
    assert first_done.wait(30)
    thread_two, outcome_two = in_thread(second)
    for _attempt in range(3000):  # wait for the condition, not for a duration
        if waiting_on_a_lock() >= 1 or not thread_two.is_alive():
            break
        threading.Event().wait(0.01)
    blocked = thread_two.is_alive()
    release.set()
    thread_one.join(30)
    thread_two.join(30)
    return outcome_one, outcome_two, blocked


@pytest.fixture
def second_reviewer(demo):
    user = UserFactory(username="reviewer_b")
    MembershipFactory(user=user, unit=demo.kinh_mon, role=Role.REVIEWER)
    return user


@pytest.mark.django_db(transaction=True)
def test_two_reviewers_return_and_reject_at_once(demo, second_reviewer):
    practice = make_practice(demo.an_luu, state="proposed")
    seen = practice.version  # both reviewers opened the same page
    first, second, blocked = race(
        lambda: services.practice_return(
            practice=practice, actor=demo.reviewer, reason="Bổ sung", expected_version=seen
        ),
        lambda: services.practice_reject(
            practice=practice, actor=second_reviewer, reason="Không đạt", expected_version=seen
        ),
    )
    assert blocked, "the second reviewer should have waited for the first one's row lock"
    assert "error" not in first
    assert isinstance(second["error"], StaleObject)
    assert "Trả lại để bổ sung" in str(second["error"])  # tells why: the current state
    practice.refresh_from_db()
    assert practice.state == S.RETURNED
    assert practice.version == seen + 1
    assert (
        AuditEvent.objects.filter(
            practice=practice, action__in=["practice.returned", "practice.not_recognized"]
        ).count()
        == 1
    )


@pytest.mark.django_db(transaction=True)
def test_decision_and_return_at_once(demo, second_reviewer):
    practice = make_practice(demo.an_luu, state="proposed")
    first, second, blocked = race(
        lambda: services.decision_issue(
            actor=demo.reviewer,
            board=demo.kinh_mon,
            practices=[practice],
            number="88-QĐ/BDVHU",
            date=datetime.date(2024, 6, 1),
            signer="Phạm Quốc Khánh",
        ),
        # No version from a form: the state check after the lock decides.
        lambda: services.practice_return(practice=practice, actor=second_reviewer, reason="Bổ sung"),
    )
    assert blocked
    assert "error" not in first
    assert isinstance(second["error"], IllegalTransition)
    practice.refresh_from_db()
    assert practice.state == S.RECOGNIZED
    assert practice.recognitions.count() == 1


@pytest.mark.django_db(transaction=True)
def test_officer_withdraws_while_board_returns(demo):
    practice = make_practice(demo.an_luu, state="proposed")
    first, second, blocked = race(
        lambda: services.practice_withdraw(practice=practice, actor=demo.officer, expected_version=1),
        lambda: services.practice_return(practice=practice, actor=demo.reviewer, reason="x", expected_version=1),
    )
    assert blocked
    assert "error" not in first and isinstance(second["error"], DomainError)
    practice.refresh_from_db()
    assert practice.state == S.WITHDRAWN


@pytest.mark.django_db(transaction=True)
def test_two_decisions_for_the_same_practice(demo, second_reviewer):
    practices = [make_practice(demo.an_luu, state="proposed") for _ in range(3)]

    def issue(actor, number, chosen):
        return lambda: services.decision_issue(
            actor=actor,
            board=demo.kinh_mon,
            practices=chosen,
            number=number,
            date=datetime.date(2024, 6, 1),
            signer="x",
        )

    first, second, blocked = race(
        issue(demo.reviewer, "10-QĐ/BDVHU", practices[:2]), issue(second_reviewer, "11-QĐ/BDVHU", practices[1:])
    )
    assert blocked
    assert "error" not in first and isinstance(second["error"], DomainError)
    states = {p.pk: Practice.objects.get(pk=p.pk).state for p in practices}
    # All or nothing: the second decision recognized neither of its practices, not even the free one.
    assert states == {practices[0].pk: S.RECOGNIZED, practices[1].pk: S.RECOGNIZED, practices[2].pk: S.PROPOSED}


@pytest.mark.django_db
def test_update_checks_the_stored_unit_not_the_callers_copy(demo):
    """A view's ModelForm copies the input onto the instance before the service runs; the lock re-reads it."""
    practice = make_practice(demo.thanh_an)
    practice.unit = demo.an_luu  # what a bound form would have done with a forged unit
    with pytest.raises(DomainError):
        services.practice_update(practice=practice, actor=demo.officer, data={"unit": demo.an_luu, "title": "Chiếm"})
    practice.refresh_from_db()
    assert practice.unit == demo.thanh_an and practice.title != "Chiếm"
