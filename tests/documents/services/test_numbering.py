"""The numbering register: numbers per issuer, type and term, taken at issue time, never reused or skipped."""

import datetime
import threading

import pytest
from django.db import connection, transaction

from documents.models import CommitteeTerm, RegisterEntry
from documents.services.numbering import number_peek, number_take, term_for
from models_registry import services
from models_registry.errors import DomainError
from tests.factories import DecisionFactory
from tests.models_registry.review_fixtures import other_commune, proposed

DAY = datetime.date(2026, 3, 2)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def issue(demo, practices, number="", day=DAY):
    return services.decision_issue(
        actor=demo.reviewer, board=demo.kinh_mon, practices=practices, number=number, date=day, signer="Phạm Quốc Khánh"
    )


@pytest.mark.django_db
def test_decisions_without_a_number_get_the_next_of_the_term(demo):
    first = issue(demo, [proposed(demo.an_luu)])
    second = issue(demo, [proposed(demo.an_luu)])
    assert (first.number, second.number) == ("01-QĐ/BDVTXU", "02-QĐ/BDVTXU")
    entries = list(RegisterEntry.objects.filter(issuer=demo.kinh_mon).order_by("seq"))
    assert [(e.seq, e.number, e.decision_id, e.issued_by) for e in entries] == [
        (1, "01-QĐ/BDVTXU", first.pk, demo.reviewer),
        (2, "02-QĐ/BDVTXU", second.pk, demo.reviewer),
    ]
    assert entries[0].term.name == "2025–2030" and entries[0].term.start == datetime.date(2025, 7, 1)
    assert number_peek(issuer=demo.kinh_mon, doc_type="QĐ", on=DAY) == "03-QĐ/BDVTXU"


def take(demo, issuer, doc_type="QĐ", day=DAY):
    with transaction.atomic():
        return number_take(issuer=issuer, doc_type=doc_type, on=day, subject="Trích yếu", actor=demo.reviewer).number


@pytest.mark.django_db
def test_numbers_restart_in_a_new_term_and_differ_per_issuer_and_type(demo):
    old_term = datetime.date(2025, 6, 10)  # the 2020–2025 district committee
    assert [take(demo, demo.kinh_mon, day=old_term) for _ in range(2)] == ["01-QĐ/BDVTXU", "02-QĐ/BDVTXU"]
    assert take(demo, demo.kinh_mon) == "01-QĐ/BDVTXU"
    assert take(demo, demo.kinh_mon, doc_type="BC") == "01-BC/BDVTXU"
    assert take(demo, demo.thanh_ha) == "01-QĐ/BDVHU"
    assert take(demo, demo.kinh_mon, day=old_term) == "03-QĐ/BDVTXU"


@pytest.mark.django_db
def test_a_recorded_term_decides_the_numbering(demo):
    CommitteeTerm.objects.create(unit=demo.kinh_mon, name="2026–2031", start=datetime.date(2026, 2, 1))
    assert term_for(issuer=demo.kinh_mon, on=DAY).name == "2026–2031"
    assert term_for(issuer=demo.kinh_mon, on=datetime.date(2026, 1, 5)).name == "2025–2030"  # assumed before it


@pytest.mark.django_db
def test_a_paper_number_is_recorded_and_the_register_continues_after_it(demo):
    paper = issue(demo, [proposed(demo.an_luu)], number="17-QĐ/BDVTXU")
    following = issue(demo, [proposed(demo.an_luu)])
    assert (paper.number, following.number) == ("17-QĐ/BDVTXU", "18-QĐ/BDVTXU")
    assert RegisterEntry.objects.get(decision=paper).manual
    with pytest.raises(DomainError, match="Số 18 của loại văn bản này đã được cấp"):
        issue(demo, [proposed(demo.an_luu)], number="18-QĐ/BDVTXU (bản giấy)")


@pytest.mark.django_db
def test_the_register_continues_after_decisions_recorded_before_it(demo):
    DecisionFactory(board=demo.kinh_mon, number="41-QĐ/BDVTXU", date=datetime.date(2026, 1, 10))
    assert issue(demo, [proposed(demo.an_luu)]).number == "42-QĐ/BDVTXU"


@pytest.mark.django_db
def test_a_failed_issue_gives_its_number_back(demo):
    with pytest.raises(RuntimeError), transaction.atomic():
        number_take(issuer=demo.kinh_mon, doc_type="QĐ", on=DAY, subject="x", actor=demo.reviewer)
        raise RuntimeError("the issue failed after the number was taken")
    assert issue(demo, [proposed(demo.an_luu)]).number == "01-QĐ/BDVTXU"
    assert RegisterEntry.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_decisions_issued_at_once_get_consecutive_numbers(demo):
    """Two reviewers' threads, each with its own PostgreSQL connection, issue at the same moment."""
    second_commune = other_commune(demo.kinh_mon, demo.an_luu)
    batches = [[proposed(demo.an_luu)], [proposed(second_commune)]]
    start = threading.Barrier(2)
    numbers, errors = [], []

    def run(practices):
        try:
            start.wait(timeout=10)
            numbers.append(issue(demo, practices).number)
        except Exception as error:  # reported below: a thread's exception would otherwise vanish
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(batch,)) for batch in batches]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert sorted(numbers) == ["01-QĐ/BDVTXU", "02-QĐ/BDVTXU"]
    assert sorted(RegisterEntry.objects.values_list("seq", flat=True)) == [1, 2]


@pytest.mark.django_db
def test_known_terms_are_recorded_and_decide_the_numbering(demo):
    from documents.seeding import ensure_committee_terms

    assert ensure_committee_terms() == 13  # the province and its 12 district boards, 2020–2025
    assert ensure_committee_terms() == 0  # idempotent
    term = term_for(issuer=demo.kinh_mon, on=datetime.date(2025, 6, 30))
    assert (term.name, term.start, term.end, term.assumed) == (
        "2020–2025",
        datetime.date(2020, 7, 1),
        datetime.date(2025, 6, 30),
        True,
    )


@pytest.mark.django_db
def test_an_assumed_term_stops_where_a_recorded_one_begins(demo):
    congress = CommitteeTerm.objects.create(unit=demo.province, name="2025–2030", start=datetime.date(2025, 9, 27))
    before = term_for(issuer=demo.province, on=datetime.date(2025, 8, 1))
    assert before.assumed and (before.start, before.end) == (datetime.date(2025, 7, 1), datetime.date(2025, 9, 26))
    assert term_for(issuer=demo.province, on=datetime.date(2025, 9, 27)) == congress
    assert term_for(issuer=demo.province, on=datetime.date(2029, 1, 1)) == congress


@pytest.mark.django_db
def test_a_decision_number_is_unique_per_term_not_for_ever(demo):
    """The board's "01-QĐ" of the 2020–2025 term and of the 2025–2030 term are two decisions; within one term the
    same number is refused with a clear message and nothing is written."""
    old = issue(demo, [proposed(demo.an_luu)], day=datetime.date(2024, 3, 1))
    new = issue(demo, [proposed(demo.an_luu)])
    assert old.number == new.number == "01-QĐ/BDVTXU"
    assert {e.term.name for e in RegisterEntry.objects.filter(issuer=demo.kinh_mon)} == {"2020–2025", "2025–2030"}
    typed = issue(demo, [proposed(demo.an_luu)], number="07-QĐ/BDVTXU", day=datetime.date(2024, 5, 1))
    assert typed.number == "07-QĐ/BDVTXU"
    practice = proposed(demo.an_luu)
    with pytest.raises(DomainError, match="đã được Thị xã Kinh Môn sử dụng trong nhiệm kỳ 2020–2025"):
        issue(demo, [practice], number="07-qđ/bdvtxu", day=datetime.date(2024, 9, 1))
    practice.refresh_from_db()
    assert practice.state == "proposed" and RegisterEntry.objects.count() == 3
    # The same typed number in the next term is that term's own.
    assert issue(demo, [practice], number="07-QĐ/BDVTXU").number == "07-QĐ/BDVTXU"


@pytest.mark.django_db
def test_a_typed_number_without_a_sequence_is_not_given_twice_in_a_term(demo):
    with transaction.atomic():
        number_take(issuer=demo.kinh_mon, doc_type="CV", on=DAY, subject="Công văn", actor=demo.reviewer, number="CV-A")
    with pytest.raises(DomainError, match="đã được cấp"), transaction.atomic():
        number_take(issuer=demo.kinh_mon, doc_type="CV", on=DAY, subject="Công văn", actor=demo.reviewer, number="cv-a")
    assert RegisterEntry.objects.filter(doc_type="CV").count() == 1
