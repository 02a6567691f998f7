"""Importing practices from Excel: the sample file, the preview's problems, all or nothing, re-import and round trip."""

import datetime
import io

import pytest
from django.utils import timezone

from models_registry.exports import practices_xlsx
from models_registry.imports.check import title_key
from models_registry.imports.sample import SAMPLE_FILE, generate, sample_xlsx
from models_registry.imports.units import unit_matcher
from models_registry.models import (
    AuditEvent,
    Commendation,
    Decision,
    Field,
    ImportStatus,
    Notification,
    Phase,
    Practice,
    PracticeState,
    Recognition,
    RecognitionLevel,
    Unit,
)
from models_registry.services import practice_create, practice_propose, practice_submit
from models_registry.services.decisions import (
    commendation_record,
    decision_issue,
    practice_recognize_provincial,
    recognition_mark_outstanding,
)

from .helpers import FIRST_ROW, column_letter, confirm, good_row, problems, upload, xlsx

pytestmark = pytest.mark.django_db


def local_day(moment):
    return timezone.localtime(moment).date() if moment else None


# --- The sample file ----------------------------------------------------------------------------------------------


def test_the_committed_sample_is_the_generators_output():
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(SAMPLE_FILE.read_bytes()), read_only=True).worksheets[0]
    titles = [row[1] for row in sheet.iter_rows(min_row=FIRST_ROW, values_only=True)]
    assert titles == [row.cells["title"] for row in generate()]
    assert 300 <= len(titles) <= 320


def test_the_sample_preview_points_at_every_mistake(demo):
    batch = upload(demo.provincial, demo.province, SAMPLE_FILE.read_bytes())
    assert batch.status == ImportStatus.CHECKED
    rows = generate()
    mistakes = {FIRST_ROW + index: row.mistake for index, row in enumerate(rows) if row.mistake}
    assert batch.counts["errors"] == len(mistakes) == 13
    assert batch.counts["create"] == len(rows) - len(mistakes)
    errors = {}
    for number, letter, level, message in problems(batch):
        if level == "error":
            errors.setdefault(number, []).append((letter, message))
    assert set(errors) == set(mistakes)
    for number, (key, words) in mistakes.items():
        assert any(letter == column_letter(key) and words in message for letter, message in errors[number]), (
            number,
            key,
            errors[number],
        )
    # Written as officials write them, and still understood: thousands separators are only a note.
    notes = [message for _n, _l, level, message in problems(batch) if level == "warning"]
    assert notes and all("dấu phân cách hàng nghìn" in message for message in notes)
    # Nothing is written by a check, and a file with errors cannot be confirmed.
    assert not Practice.objects.exists() and not batch.can_confirm


def test_the_sample_without_its_mistakes_imports_every_practice_decision_and_event(demo):
    rows = generate(mistakes=False)
    batch = upload(demo.provincial, demo.province, sample_xlsx(rows))
    assert batch.status == ImportStatus.CHECKED and batch.counts["errors"] == 0
    batch = confirm(demo.provincial, batch)
    assert batch.status == ImportStatus.IMPORTED, batch.error
    assert batch.counts["created"] == len(rows) == Practice.objects.count()

    matcher = unit_matcher(demo.province)
    decisions = set()
    for row in rows:
        expected = row.expected
        unit = Unit.objects.get(name=expected["unit"], parent__name=expected["district"])
        practice = Practice.objects.get(unit=unit, title=expected["title"])
        assert matcher.match(row.cells["unit"], expected["submitted_on"]).unit == unit
        assert practice.board == Unit.objects.get(name=expected["district"])
        assert practice.state == expected["state"]
        assert (practice.kind, practice.subject, practice.field.code) == (
            expected["kind"],
            expected["subject"],
            expected["field"],
        )
        assert practice.phase == Phase.objects.get(name="2021–2025")
        assert local_day(practice.submitted_at) == expected["submitted_on"]
        assert practice.budget_vnd == expected["budget_vnd"]
        assert practice.created_by == demo.provincial
        if "proposed_on" in expected:
            assert local_day(practice.proposed_at) == expected["proposed_on"]
            assert practice.people_reached == expected["people_reached"]
            assert practice.money_mobilized_vnd == expected["money_mobilized_vnd"]
        recognitions = list(practice.recognitions.select_related("decision"))
        if "decision_number" in expected:
            assert [(r.decision.number, r.decision.date, r.level) for r in recognitions] == [
                (expected["decision_number"], expected["decision_date"], RecognitionLevel.DISTRICT)
            ]
            assert recognitions[0].decision.board == practice.board
            assert recognitions[0].outstanding == expected.get("outstanding", False)
            assert local_day(practice.recognized_at) == expected["decision_date"]
            decisions.add(recognitions[0].decision_id)
        else:
            assert recognitions == [] and practice.recognized_at is None
        if expected["state"] in ("returned", "not_recognized", "withdrawn", "discontinued"):
            stamp = {
                "returned": "returned_at",
                "not_recognized": "rejected_at",
                "withdrawn": "withdrawn_at",
                "discontinued": "discontinued_at",
            }[expected["state"]]
            assert local_day(getattr(practice, stamp)) == expected["state_on"]
        if expected["state"] in ("returned", "not_recognized"):
            assert practice.last_reason
        assert practice.commendations.count() == expected.get("commendations", 0)
        if "replicated_from" in expected:
            assert practice.replicated_from.title == expected["replicated_from"]
        else:
            assert practice.replicated_from is None
        events = list(AuditEvent.objects.filter(practice=practice))
        assert [(e.action, e.actor) for e in events] == [("practice.imported", demo.provincial)]
        assert events[0].changes["title"] == [None, expected["title"]]
        assert events[0].changes["unit"] == [None, unit.name]
    assert Decision.objects.count() == len(decisions) == batch.counts["new_decisions"]
    assert AuditEvent.objects.filter(action="decision.imported").count() == len(decisions)
    assert AuditEvent.objects.filter(action__startswith="practice.").count() == len(rows)
    assert Recognition.objects.count() == sum(1 for r in rows if "decision_number" in r.expected)
    assert Commendation.objects.count() == sum(r.expected.get("commendations", 0) for r in rows)
    # History is recorded, not replayed: nobody is notified about events years old.
    assert not Notification.objects.exists()

    # The same file again changes nothing.
    again = upload(demo.provincial, demo.province, sample_xlsx(rows))
    assert again.counts["unchanged"] == len(rows)
    assert again.counts["create"] == again.counts["update"] == again.counts["errors"] == 0
    assert not again.can_confirm


# --- Round trip ---------------------------------------------------------------------------------------------------


def _portal_practices(demo):
    """Practices made on the portal itself: draft, proposed, recognized (outstanding, commended, provincial)."""
    field = Field.objects.get(code="kinh-te")
    phase = Phase.objects.get(name="2021–2025")

    def proposed(title, **data):
        practice = practice_create(
            actor=demo.officer,
            unit=demo.an_luu,
            data={"title": title, "field": field, "phase": phase, "summary": "=1+1 không phải công thức", **data},
        )
        practice_submit(practice=practice, actor=demo.officer)
        return practice_propose(practice=practice, actor=demo.officer, results={"results": "Lắp 300 bóng đèn."})

    practice_create(
        actor=demo.officer,
        unit=demo.an_luu,
        data={"title": "Bản nháp", "field": field, "phase": phase, "budget_vnd": 5_000_000},
    )
    proposed("Đang đề nghị", contact_email="an.luu@danvan.local", start_date=datetime.date(2024, 2, 3))
    first = proposed("Được công nhận", materials="Xi măng\nCát")
    second = proposed("Cũng được công nhận")
    decision_issue(
        actor=demo.reviewer,
        board=demo.kinh_mon,
        practices=[first, second],
        number="12-QĐ/BDVTXU",
        date=datetime.date(2025, 3, 1),
        signer="Phạm Quốc Khánh",
        outstanding_ids=[first.pk],
    )
    recognition_mark_outstanding(actor=demo.reviewer, practice=second)
    commendation_record(
        actor=demo.reviewer, practice=first, form="Giấy khen", issuer="UBND thị xã", date=datetime.date(2025, 4, 1)
    )
    practice_recognize_provincial(
        actor=demo.provincial,
        province=demo.province,
        practices=[first],
        number="3-QĐ/BDVTU",
        date=datetime.date(2025, 6, 1),
        signer="Vũ Đức Thắng",
    )


def test_an_export_imports_back_with_zero_changes(demo):
    _portal_practices(demo)
    imported = upload(demo.provincial, demo.province, sample_xlsx(generate(mistakes=False)))
    confirm(demo.provincial, imported)
    before = (Practice.objects.count(), Decision.objects.count(), AuditEvent.objects.count())

    _name, _type, content = practices_xlsx(Practice.objects.visible_to(demo.provincial))
    batch = upload(demo.provincial, demo.province, content)
    assert batch.status == ImportStatus.CHECKED
    assert batch.counts["errors"] == 0, problems(batch)[:5]
    assert batch.counts["unchanged"] == before[0]
    assert batch.counts["create"] == batch.counts["update"] == 0
    assert problems(batch) == []
    assert (Practice.objects.count(), Decision.objects.count()) == before[:2]

    # A reviewer's export of the board's list imports back into the board's scope unchanged as well.
    _name, _type, content = practices_xlsx(Practice.objects.visible_to(demo.reviewer))
    batch = upload(demo.reviewer, demo.kinh_mon, content)
    assert (
        batch.counts["errors"] == 0 and batch.counts["unchanged"] == Practice.objects.visible_to(demo.reviewer).count()
    )


# --- What a row may change ----------------------------------------------------------------------------------------


def test_an_editable_practice_is_updated_and_a_recognized_one_is_frozen(demo):
    returned = good_row(
        title="Trả lại",
        state="Trả lại để bổ sung",
        proposed_on="01/06/2022",
        state_on="15/06/2022",
        reason="Bổ sung biên bản.",
        summary="Cũ",
        budget_vnd=1000,
    )
    recognized = good_row(
        title="Đã công nhận", state="Đã công nhận", decision_number="7-QĐ/BDVTXU", decision_date="20/12/2022"
    )
    confirm(demo.reviewer, upload(demo.reviewer, demo.kinh_mon, xlsx([returned, recognized])))
    practice = Practice.objects.get(title="Trả lại")
    version = practice.version

    batch = upload(
        demo.reviewer,
        demo.kinh_mon,
        xlsx([dict(returned, summary="Mới", budget_vnd="2.000"), dict(recognized, budget_vnd=5)]),
    )
    rows = {row["title"]: row for row in batch.preview}
    assert rows["Trả lại"]["action"] == "update"
    assert rows["Trả lại"]["changes"] == [["Tóm tắt", "Cũ", "Mới"], ["Kinh phí (đồng)", "1000", "2000"]]
    frozen = rows["Đã công nhận"]
    assert frozen["action"] == "error"
    assert frozen["problems"][0]["message"] == (
        "Mô hình này đã có trên cổng ở trạng thái “Đã công nhận” nên không sửa được bằng tệp nhập "
        "(khác ở cột “Kinh phí (đồng)”)."
    )

    batch = confirm(demo.reviewer, upload(demo.reviewer, demo.kinh_mon, xlsx([dict(returned, summary="Mới")])))
    assert batch.counts["updated"] == 1
    practice.refresh_from_db()
    assert practice.summary == "Mới" and practice.version == version + 1
    event = AuditEvent.objects.filter(practice=practice).last()
    assert event.action == "practice.imported" and event.changes["summary"] == ["Cũ", "Mới"]


def test_a_changed_history_is_not_rewritten(demo):
    row = good_row(title="Một", state="Đề nghị công nhận", proposed_on="01/06/2022")
    confirm(demo.provincial, upload(demo.provincial, demo.province, xlsx([row])))
    batch = upload(
        demo.provincial, demo.province, xlsx([dict(row, state="Không công nhận", state_on="01/07/2022", reason="x")])
    )
    message = batch.preview[0]["problems"][0]["message"]
    assert message.startswith("Mô hình này đã có trên cổng; lịch sử xét duyệt (“Trạng thái”")


def test_a_decision_number_already_used_for_other_practices(demo):
    proposed = good_row(title="Có sẵn", state="Đề nghị công nhận", proposed_on="01/06/2022")
    confirm(demo.reviewer, upload(demo.reviewer, demo.kinh_mon, xlsx([proposed])))
    decision_issue(
        actor=demo.reviewer,
        board=demo.kinh_mon,
        practices=[Practice.objects.get(title="Có sẵn")],
        number="45-QĐ/BDVTXU",
        date=datetime.date(2022, 12, 20),
        signer="Phạm Quốc Khánh",
    )
    other_day = good_row(title="Mới", state="Đã công nhận", decision_number="45-qđ/bdvtxu", decision_date="21/12/2022")
    batch = upload(demo.reviewer, demo.kinh_mon, xlsx([other_day]))
    assert problems(batch) == [
        (
            FIRST_ROW,
            column_letter("decision_number"),
            "error",
            "Số quyết định 45-QĐ/BDVTXU của Thị xã Kinh Môn đã có trên cổng (ngày 20/12/2022, công nhận “Có sẵn”). "
            "Kiểm tra lại số quyết định.",
        )
    ]
    same_day = dict(other_day, decision_date="20/12/2022")
    batch = upload(demo.reviewer, demo.kinh_mon, xlsx([same_day]))
    assert [p[2] for p in problems(batch)] == ["warning"]
    confirm(demo.reviewer, batch)
    decision = Decision.objects.get(number="45-QĐ/BDVTXU")
    assert sorted(decision.recognitions.values_list("practice__title", flat=True)) == ["Có sẵn", "Mới"]
    assert Decision.objects.count() == 1


def test_rows_of_one_decision_must_agree(demo):
    rows = [
        good_row(title="A", state="Đã công nhận", decision_number="9-QĐ/BDVTXU", decision_date="20/12/2022"),
        good_row(title="B", state="Đã công nhận", decision_number="9-QĐ/BDVTXU", decision_date="21/12/2022"),
    ]
    batch = upload(demo.reviewer, demo.kinh_mon, xlsx(rows))
    assert problems(batch) == [
        (
            FIRST_ROW + 1,
            column_letter("decision_number"),
            "error",
            "Quyết định số 9-QĐ/BDVTXU đã ghi ở dòng 4 với ngày 20/12/2022; hai dòng phải khớp nhau.",
        )
    ]


def test_a_duplicate_title_in_the_same_unit(demo):
    rows = [
        good_row(title="Đường hoa"),
        good_row(title="  đường   HOA ", unit="P. An Lưu"),
        good_row(title="Đường hoa", unit="Xã Lê Ninh"),
    ]
    batch = upload(demo.reviewer, demo.kinh_mon, xlsx(rows))
    assert problems(batch) == [
        (
            FIRST_ROW + 1,
            "B",
            "error",
            "Trùng tên với dòng 4 của cùng đơn vị Phường An Lưu (mỗi đơn vị chỉ có một mô hình cùng tên).",
        )
    ]


def test_units_outside_the_importers_scope_are_unknown(demo):
    batch = upload(demo.reviewer, demo.kinh_mon, xlsx([good_row(unit="Xã Thanh An")]))
    ((_row, letter, level, message),) = problems(batch)
    assert (letter, level) == ("F", "error")
    assert message.startswith("Không tìm thấy đơn vị “Xã Thanh An” trong phạm vi của bạn.")


def test_dates_in_every_written_form_and_the_states_dates(demo):
    rows = [
        good_row(title="Chữ", submitted_on="15/03/2022"),
        good_row(title="Số Excel", submitted_on=44635),
        good_row(title="Ô ngày", submitted_on=datetime.datetime(2022, 3, 15)),
        good_row(title="Đảo", submitted_on="03/15/2022"),
        good_row(title="Thiếu ngày", submitted_on=None),
        good_row(title="Rút", state="Đã rút"),
    ]
    batch = upload(demo.provincial, demo.province, xlsx(rows))
    assert [(p[0], p[1], p[3]) for p in problems(batch)] == [
        (
            FIRST_ROW + 3,
            "I",
            "Ngày “03/15/2022” không có thật. Có thể tháng và ngày bị đảo (cổng đọc theo ngày/tháng/năm).",
        ),
        (FIRST_ROW + 4, "I", "Thiếu ngày đăng ký (bắt buộc với mọi trạng thái trừ bản nháp)."),
        (FIRST_ROW + 5, "K", "Thiếu ngày của trạng thái “Đã rút”."),
    ]
    confirm_rows = rows[:3]
    batch = confirm(demo.provincial, upload(demo.provincial, demo.province, xlsx(confirm_rows)))
    assert batch.status == ImportStatus.IMPORTED
    assert {local_day(p.submitted_at) for p in Practice.objects.all()} == {datetime.date(2022, 3, 15)}


# --- All or nothing -----------------------------------------------------------------------------------------------


def test_nothing_is_written_when_the_portal_changed_since_the_preview(demo):
    batch = upload(demo.reviewer, demo.kinh_mon, xlsx([good_row(title="Một"), good_row(title="Hai", budget_vnd=5)]))
    assert batch.can_confirm
    # Meanwhile the officer registers "Hai" with other figures and the board recognizes it.
    field, phase = Field.objects.get(code="kinh-te"), Phase.objects.get(name="2021–2025")
    practice = practice_create(
        actor=demo.officer, unit=demo.an_luu, data={"title": "Hai", "field": field, "phase": phase}
    )
    practice_submit(practice=practice, actor=demo.officer)
    batch = confirm(demo.reviewer, batch)
    assert batch.status == ImportStatus.FAILED
    assert batch.error.startswith(
        "Dữ liệu trên cổng đã thay đổi từ lúc kiểm tra: 1 dòng nay có lỗi. Không dòng nào được nhập"
    )
    assert [row["action"] for row in batch.preview] == ["create", "error"]
    assert list(Practice.objects.values_list("title", flat=True)) == ["Hai"]
    assert not AuditEvent.objects.filter(action="practice.imported").exists()


def test_nothing_is_written_when_the_database_fails_halfway(demo, monkeypatch):
    rows = [
        good_row(
            title="Một",
            state="Đã công nhận",
            decision_number="1-QĐ/BDVTXU",
            decision_date="20/12/2022",
            commendations="Giấy khen; UBND; 1/QĐ; 01/01/2023",
        )
    ]
    batch = upload(demo.reviewer, demo.kinh_mon, xlsx(rows))

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Commendation.objects, "bulk_create", broken)
    batch = confirm(demo.reviewer, batch)
    assert batch.status == ImportStatus.FAILED
    assert batch.error == "Lỗi không mong đợi khi ghi dữ liệu; không dòng nào được nhập. Vui lòng thử lại."
    assert not Practice.objects.exists() and not Decision.objects.exists()
    assert not AuditEvent.objects.filter(action__in=["practice.imported", "decision.imported"]).exists()


def test_a_confirmed_batch_cannot_be_confirmed_twice(demo):
    batch = confirm(demo.reviewer, upload(demo.reviewer, demo.kinh_mon, xlsx([good_row()])))
    from models_registry.errors import DomainError
    from models_registry.services.imports import import_batch_confirm

    with pytest.raises(DomainError, match="đang ở trạng thái “Đã nhập”"):
        import_batch_confirm(batch=batch, actor=demo.reviewer)
    assert Practice.objects.count() == 1
    assert title_key("  A  b ") == "a b"
    assert Practice.objects.get().state == PracticeState.REGISTERED
