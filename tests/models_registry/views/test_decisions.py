"""Recognition decisions through the views: one decision for many practices, all or nothing."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from models_registry import services
from models_registry.errors import DomainError
from models_registry.models import (
    AuditEvent,
    Decision,
    Notification,
    PracticeState,
    Recognition,
    RecognitionLevel,
)
from models_registry.selectors.decisions import next_decision_number
from tests.factories import DecisionFactory

from ..review_fixtures import PDF_BYTES, other_commune, proposed, recognized

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Scanned decisions written by these tests go to a throwaway directory."""
    settings.MEDIA_ROOT = tmp_path


def page(response):
    return response.content.decode()


def decision_data(practices, **overrides):
    data = {
        "ids": ",".join(str(p.pk) for p in practices),
        "number": "45-QĐ/BDVHU",
        "date": "20/05/2024",
        "signer": "Phạm Quốc Khánh",
    }
    data.update(overrides)
    return data


@pytest.fixture
def three(demo):
    other = other_commune(demo.kinh_mon, demo.an_luu)
    return [proposed(demo.an_luu), proposed(other), proposed(demo.an_luu)]


def test_form_suggests_the_next_number_of_the_board(client, demo, three):
    """Numbers run per committee term (documents.services.numbering): decisions recorded by hand in the term
    count, those of the previous term (the 2020–2025 district committee, until 30/6/2025) do not."""
    year = timezone.localdate().year
    DecisionFactory(board=demo.kinh_mon, number="44-QĐ/BDVTXU", date=date(year, 1, 5))
    DecisionFactory(board=demo.kinh_mon, number="9-QĐ/BDVTXU", date=date(year, 2, 5))
    DecisionFactory(board=demo.kinh_mon, number="120-QĐ/BDVTXU", date=date(2025, 6, 20))  # previous term
    DecisionFactory(board=demo.thanh_ha, number="300-QĐ/BDVHU", date=date(year, 3, 1))  # another board
    client.force_login(demo.reviewer)
    response = client.get(reverse("decision_create"), {"ids": ",".join(str(p.pk) for p in three)})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["number"] == "45-QĐ/BDVTXU"
    # The signer is the board's (Quản trị › Cơ quan), not the reviewer filling in the form; none configured yet.
    assert form.initial["signer"] == ""
    assert "Ban Dân vận Thị ủy Kinh Môn chưa cấu hình người ký" in response.content.decode()
    assert response.context["practices"] == three
    assert next_decision_number(board=demo.thanh_ha) == "301-QĐ/BDVHU"


def test_one_decision_recognizes_many_practices(client, demo, three, mailoutbox, django_capture_on_commit_callbacks):
    client.force_login(demo.reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("decision_create"),
            {
                **decision_data(three),
                "outstanding": [str(three[1].pk)],
                "scanned_file": SimpleUploadedFile("scan.pdf", PDF_BYTES, content_type="application/pdf"),
            },
        )
    decision = Decision.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("decision_detail", args=[decision.pk])
    assert (decision.number, decision.date, decision.board, decision.level, decision.created_by) == (
        "45-QĐ/BDVHU",
        date(2024, 5, 20),
        demo.kinh_mon,
        RecognitionLevel.DISTRICT,
        demo.reviewer,
    )
    for practice in three:
        practice.refresh_from_db()
        assert practice.state == PracticeState.RECOGNIZED
        assert practice.recognized_at is not None
    recognitions = Recognition.objects.filter(decision=decision)
    assert {r.practice_id for r in recognitions} == {p.pk for p in three}
    assert {r.practice_id for r in recognitions if r.outstanding} == {three[1].pk}
    # Audit: one decision.issued, one practice.recognized per practice.
    assert AuditEvent.objects.filter(action="decision.issued", object_id=str(decision.pk)).count() == 1
    assert set(AuditEvent.objects.filter(action="practice.recognized").values_list("practice_id", flat=True)) == {
        p.pk for p in three
    }
    # Officers of An Lưu hear about their two practices, in the app and by e-mail.
    assert set(
        Notification.objects.filter(recipient=demo.officer, action="practice.recognized").values_list(
            "practice_id", flat=True
        )
    ) == {three[0].pk, three[2].pk}
    officer_mails = [m for m in mailoutbox if "officer@danvan.local" in m.to]
    assert len(officer_mails) == 2
    assert "45-QĐ/BDVHU" in officer_mails[0].body
    # The scanned decision is stored under our name and served back.
    assert decision.scanned_file.name.endswith(".pdf") and "scan" not in decision.scanned_file.name
    download = client.get(reverse("decision_file", args=[decision.pk]))
    assert b"".join(download.streaming_content) == PDF_BYTES
    detail = page(client.get(reverse("decision_detail", args=[decision.pk])))
    assert all(p.title in detail for p in three)


def test_decision_when_one_practice_was_returned_meanwhile_saves_nothing(client, demo, three):
    """The form was opened with three proposals; another reviewer returned one before it was sent."""
    client.force_login(demo.reviewer)
    services.practice_return(practice=three[1], actor=demo.reviewer, reason="Bổ sung số liệu.")
    response = client.post(reverse("decision_create"), decision_data(three))
    assert response.status_code == 200
    assert "không còn ở trạng thái chờ công nhận" in page(response)
    assert "Không có gì được lưu" in page(response)
    assert not Decision.objects.exists()
    assert not Recognition.objects.exists()
    states = {p.pk: p.state for p in type(three[0]).objects.filter(pk__in=[p.pk for p in three])}
    assert states == {
        three[0].pk: PracticeState.PROPOSED,
        three[1].pk: PracticeState.RETURNED,
        three[2].pk: PracticeState.PROPOSED,
    }


def test_service_refuses_a_decision_with_a_practice_no_longer_proposed(demo, three):
    """The same race decided under the lock: the service itself is all or nothing."""
    services.practice_return(practice=three[2], actor=demo.reviewer, reason="Bổ sung.")
    with pytest.raises(DomainError, match="người khác vừa xử lý"):
        services.decision_issue(
            actor=demo.reviewer,
            board=demo.kinh_mon,
            practices=three,
            number="46-QĐ/BDVHU",
            date=date(2024, 5, 1),
            signer="Phạm Quốc Khánh",
            scanned_file=SimpleUploadedFile("q.pdf", PDF_BYTES),
        )
    assert not Decision.objects.exists()
    assert not AuditEvent.objects.filter(action__in=["decision.issued", "practice.recognized"]).exists()
    three[0].refresh_from_db()
    assert three[0].state == PracticeState.PROPOSED


def test_duplicate_decision_number_gives_a_clear_message(client, demo, three):
    DecisionFactory(board=demo.kinh_mon, number="45-QĐ/BDVHU", date=date(2024, 1, 2))
    client.force_login(demo.reviewer)
    response = client.post(reverse("decision_create"), decision_data(three))
    assert response.status_code == 200
    assert "Số quyết định 45-QĐ/BDVHU đã được Thị xã Kinh Môn sử dụng" in page(response)
    assert Decision.objects.count() == 1
    for practice in three:
        practice.refresh_from_db()
        assert practice.state == PracticeState.PROPOSED


def test_same_number_in_another_board_is_allowed(client, demo):
    DecisionFactory(board=demo.thanh_ha, number="45-QĐ/BDVHU", date=date(2024, 1, 2))
    practice = proposed(demo.an_luu)
    client.force_login(demo.reviewer)
    response = client.post(reverse("decision_create"), decision_data([practice]))
    assert response.status_code == 302
    assert Decision.objects.filter(number="45-QĐ/BDVHU").count() == 2


@pytest.mark.parametrize(
    "upload, message",
    [
        (SimpleUploadedFile("scan.pdf", b"MZ\x90\x00 not a pdf at all", content_type="application/pdf"), "định dạng"),
        (SimpleUploadedFile("scan.pdf", b"", content_type="application/pdf"), ""),
    ],
)
def test_scanned_file_is_checked_by_content(client, demo, upload, message):
    practice = proposed(demo.an_luu)
    client.force_login(demo.reviewer)
    response = client.post(reverse("decision_create"), {**decision_data([practice]), "scanned_file": upload})
    assert response.status_code == 200
    assert "scanned_file" in response.context["form"].errors
    assert message in page(response)
    assert not Decision.objects.exists()


def test_oversized_scanned_file_is_refused(client, demo, settings):
    settings.UPLOAD_MAX_BYTES = 50
    practice = proposed(demo.an_luu)
    client.force_login(demo.reviewer)
    upload = SimpleUploadedFile("scan.pdf", PDF_BYTES + b"%" * 100, content_type="application/pdf")
    response = client.post(reverse("decision_create"), {**decision_data([practice]), "scanned_file": upload})
    assert "Tệp quá lớn" in page(response)
    assert not Decision.objects.exists()


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"date": "2024/31/12"}, "Ngày ký"),
        ({"signer": ""}, "Người ký"),
    ],
)
def test_decision_form_validation(client, demo, overrides, message):
    practice = proposed(demo.an_luu)
    client.force_login(demo.reviewer)
    response = client.post(reverse("decision_create"), decision_data([practice], **overrides))
    assert response.status_code == 200
    assert response.context["form"].errors
    assert message in page(response)
    assert not Decision.objects.exists()


def test_empty_selection_goes_back_to_the_queue(client, demo):
    client.force_login(demo.reviewer)
    response = client.get(reverse("decision_create"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("review_queue")
    assert "Vui lòng chọn ít nhất một mô hình" in page(response)


def test_foreign_ids_are_dropped_from_a_selection(client, demo):
    mine, foreign = proposed(demo.an_luu), proposed(demo.thanh_an)
    client.force_login(demo.reviewer)
    response = client.post(reverse("decision_create"), decision_data([mine, foreign]))
    # The foreign id counts as "no longer waiting": nothing is issued and the reviewer is told.
    assert response.status_code == 200
    assert not Decision.objects.exists()
    foreign.refresh_from_db()
    assert foreign.state == PracticeState.PROPOSED


def test_decision_list_shows_decisions_of_the_users_boards(client, demo, django_assert_max_num_queries):
    for _ in range(3):
        recognized(demo.an_luu)
    foreign = recognized(demo.thanh_an).recognitions.get().decision
    client.force_login(demo.reviewer)
    # 10 (was 9): one query for the issuing bodies' names of the whole page (bodies.body_names), none per row.
    with django_assert_max_num_queries(10):
        response = client.get(reverse("decision_list"))
    numbers = [d.number for d in response.context["page"].object_list]
    assert len(numbers) == 3 and foreign.number not in numbers
    assert all(d.practice_count == 1 for d in response.context["page"].object_list)
    client.force_login(demo.provincial)
    response = client.get(reverse("decision_list"))
    assert foreign.number in [d.number for d in response.context["page"].object_list]


def test_decision_file_without_scan_is_404(client, demo):
    decision = recognized(demo.an_luu).recognitions.get().decision
    client.force_login(demo.reviewer)
    assert client.get(reverse("decision_file", args=[decision.pk])).status_code == 404


# --- Provincial recognition ------------------------------------------------------------------------------------


def test_provincial_form_lists_district_recognized_practices_without_provincial_recognition(client, demo):
    candidate = recognized(demo.an_luu, title="Ứng viên cấp tỉnh")
    already = recognized(demo.thanh_an, title="Đã công nhận cấp tỉnh")
    services.practice_recognize_provincial(
        actor=demo.provincial,
        province=demo.province,
        practices=[already],
        number="1-QĐ/BDVTU",
        date=timezone.localdate(),
        signer="Vũ Đức Thắng",
    )
    waiting = proposed(demo.an_luu, title="Còn chờ cấp huyện")
    client.force_login(demo.provincial)
    response = client.get(reverse("decision_provincial_create"))
    rows = response.context["rows"]
    assert candidate in rows and already not in rows and waiting not in rows
    assert response.context["form"].initial["number"] == "02-QĐ/BDVTU"  # Party numbers have two digits at least
    # Filter by district.
    response = client.get(reverse("decision_provincial_create"), {"district": demo.thanh_ha.pk})
    assert candidate not in response.context["rows"]


def test_provincial_decision_through_the_view(client, demo, django_capture_on_commit_callbacks):
    practices = [recognized(demo.an_luu), recognized(demo.thanh_an)]
    client.force_login(demo.provincial)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("decision_provincial_create"),
            {
                "practices": [p.pk for p in practices],
                "number": "12-QĐ/BDVTU",
                "date": "01/07/2024",
                "signer": "Vũ Đức Thắng",
            },
        )
    decision = Decision.objects.get(level=RecognitionLevel.PROVINCIAL)
    assert response.url == reverse("decision_detail", args=[decision.pk])
    assert decision.board == demo.province
    assert set(decision.recognitions.values_list("practice_id", flat=True)) == {p.pk for p in practices}
    for practice in practices:
        practice.refresh_from_db()
        assert practice.state == PracticeState.RECOGNIZED  # still recognized; now at both levels
        assert set(practice.recognitions.values_list("level", flat=True)) == {"district", "provincial"}
    assert Notification.objects.filter(recipient=demo.officer2, action="practice.recognized_provincial").exists()
    # Recognizing the same practice again is refused with a message, nothing saved.
    response = client.post(
        reverse("decision_provincial_create"),
        {"practices": [practices[0].pk], "number": "13-QĐ/BDVTU", "date": "02/07/2024", "signer": "Vũ Đức Thắng"},
    )
    assert response.status_code == 200
    assert not Decision.objects.filter(number="13-QĐ/BDVTU").exists()


def test_provincial_duplicate_number_message(client, demo):
    DecisionFactory(board=demo.province, number="12-QĐ/BDVTU", date=date(2024, 1, 1), level="provincial")
    practice = recognized(demo.an_luu)
    client.force_login(demo.provincial)
    response = client.post(
        reverse("decision_provincial_create"),
        {"practices": [practice.pk], "number": "12-QĐ/BDVTU", "date": "01/07/2024", "signer": "Vũ Đức Thắng"},
    )
    assert "Số quyết định 12-QĐ/BDVTU đã được Tỉnh Hải Dương sử dụng" in page(response)
    assert not practice.recognitions.filter(level=RecognitionLevel.PROVINCIAL).exists()


def test_provincial_form_requires_a_selection(client, demo):
    recognized(demo.an_luu)
    client.force_login(demo.provincial)
    response = client.post(
        reverse("decision_provincial_create"),
        {"number": "12-QĐ/BDVTU", "date": "01/07/2024", "signer": "Vũ Đức Thắng"},
    )
    assert "Vui lòng chọn ít nhất một mô hình để công nhận." in page(response)
    assert not Decision.objects.filter(level=RecognitionLevel.PROVINCIAL).exists()


def test_mark_outstanding_uses_the_locked_state(demo):
    """A stale copy that still says "recognized" cannot mark a practice discontinued meanwhile."""
    practice = recognized(demo.an_luu)
    stale = type(practice).objects.get(pk=practice.pk)
    services.practice_discontinue(practice=practice, actor=demo.reviewer)
    with pytest.raises(DomainError):
        services.recognition_mark_outstanding(actor=demo.reviewer, practice=stale, outstanding=True)
    assert Recognition.objects.get(practice=practice).outstanding is False


def test_rolled_back_decision_leaves_no_scanned_file(demo, monkeypatch, settings, tmp_path):
    """Two reviewers racing for one number: the register refuses the loser before its scan reaches storage."""
    settings.MEDIA_ROOT = tmp_path
    services.decision_issue(
        actor=demo.reviewer,
        board=demo.kinh_mon,
        practices=[proposed(demo.an_luu)],
        number="45-QĐ/BDVHU",
        date=date(2024, 1, 2),
        signer="Phạm Quốc Khánh",
    )
    practice = proposed(demo.an_luu)
    # Skip the friendly pre-check so that the numbering register decides, as in a real race.
    monkeypatch.setattr("models_registry.services.decisions._check_number_free", lambda *args: None)
    with pytest.raises(DomainError, match="đã được cấp"):
        services.decision_issue(
            actor=demo.reviewer,
            board=demo.kinh_mon,
            practices=[practice],
            number="45-QĐ/BDVHU",
            date=date(2024, 5, 1),
            signer="Phạm Quốc Khánh",
            scanned_file=SimpleUploadedFile("q.pdf", PDF_BYTES),
        )
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []
    practice.refresh_from_db()
    assert practice.state == PracticeState.PROPOSED
    assert Decision.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_decisions_over_the_same_practices_at_once_only_one_is_issued(demo):
    """Two reviewers select overlapping proposals and issue at the same moment: one decision, no deadlock."""
    import threading

    from django.db import connection

    from models_registry.models import Membership, Role
    from tests.factories import UserFactory

    practices = [proposed(demo.an_luu) for _ in range(4)]
    second = UserFactory(username="reviewer_c")
    Membership.objects.create(user=second, unit=demo.kinh_mon, role=Role.REVIEWER)
    barrier = threading.Barrier(2)
    outcome = {}

    def issue(user, number, chosen):
        try:
            barrier.wait(timeout=10)
            services.decision_issue(
                actor=user,
                board=demo.kinh_mon,
                practices=chosen,
                number=number,
                date=date(2024, 5, 1),
                signer=user.username,
            )
            outcome[number] = "issued"
        except DomainError as error:
            outcome[number] = error.message
        finally:
            connection.close()

    # Opposite orders of selection: locks are taken in id order, so neither waits for the other forever.
    threads = [
        threading.Thread(target=issue, args=(demo.reviewer, "50-QĐ/BDVHU", practices[:3])),
        threading.Thread(target=issue, args=(second, "51-QĐ/BDVHU", list(reversed(practices[1:])))),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert list(outcome.values()).count("issued") == 1
    loser = next(message for message in outcome.values() if message != "issued")
    assert "người khác vừa xử lý" in loser
    decision = Decision.objects.get()
    recognized_ids = set(decision.recognitions.values_list("practice_id", flat=True))
    assert Recognition.objects.count() == len(recognized_ids) == 3
    for practice in practices:
        practice.refresh_from_db()
        assert (practice.state == PracticeState.RECOGNIZED) == (practice.pk in recognized_ids)


def test_form_suggests_the_signer_configured_for_the_board(client, demo, three):
    from models_registry.models import Body

    body = Body.objects.filter(unit=demo.kinh_mon).first() or Body(unit=demo.kinh_mon, symbol="BDVTXU")
    body.name, body.signer_name, body.signer_title = "Ban Dân vận Thị ủy Kinh Môn", "Trần Văn Bình", "TRƯỞNG BAN"
    body.header_upper, body.header_body, body.head_title = "THỊ ỦY KINH MÔN", "BAN DÂN VẬN", "TRƯỞNG BAN"
    body.place, body.level_name = "Kinh Môn", "cấp huyện"
    body.save()
    client.force_login(demo.reviewer)
    response = client.get(reverse("decision_create"), {"ids": ",".join(str(p.pk) for p in three)})
    assert response.context["form"].initial["signer"] == "Trần Văn Bình"
    page = response.content.decode()
    assert "Người ký theo cấu hình của Ban Dân vận Thị ủy Kinh Môn (trưởng ban)" in page
    assert "Ban Dân vận Thị ủy Kinh Môn công nhận 3 mô hình, điển hình bằng một quyết định." in page
