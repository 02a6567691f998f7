"""Figures count events in the period (issue 11): repeated proposals and returns across a cut-off, later outstanding
marks and late commendations, each figure checked against the event records; a closed period rebuilt after new
events gives the same figures and the same text.

The story runs through the real services at chosen moments (``on(day)`` sets the clock), around the annual cut-off
of 2022 (15/12/2021 – 14/12/2022; 2023 runs 15/12/2022 – 14/12/2023).
"""

import contextlib
import datetime
from unittest import mock

import pytest
from django.utils import timezone

from models_registry.models import AuditEvent, Commendation, Field, Practice, Recognition
from models_registry.models.practices import PracticeKind, PracticeSubject
from models_registry.services.decisions import commendation_record, decision_issue, recognition_mark_outstanding
from models_registry.services.practices import (
    practice_create,
    practice_discontinue,
    practice_propose,
    practice_reject,
    practice_return,
    practice_submit,
)
from reporting.builders.document import ReportDocument
from reporting.builders.pdf import build_report_pdf
from reporting.events import Window, outstanding_in, period_events
from reporting.selectors import practice_scope, report_statistics
from tests.factories import PhaseFactory

from .builders.test_documents import pdf_text

pytestmark = pytest.mark.django_db
YEAR_2022 = Window(datetime.date(2021, 12, 15), datetime.date(2022, 12, 14))
YEAR_2023 = Window(datetime.date(2022, 12, 15), datetime.date(2023, 12, 14))


@contextlib.contextmanager
def on(day):
    """Run the services as if it were noon (local time) on ``day``."""
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def _day(y, m, d):
    return datetime.date(y, m, d)


class Story:
    """Practices of Phường An Lưu (Thị xã Kinh Môn) and what happens to them, day by day."""

    def __init__(self, demo):
        self.demo = demo
        self.officer, self.reviewer = demo.officer, demo.reviewer
        self.field = Field.objects.get(code="kinh-te")
        self.phase = PhaseFactory()
        self.decisions = 0

    def register(self, day, title, **data):
        with on(day):
            practice = practice_create(
                actor=self.officer,
                unit=self.demo.an_luu,
                data={"title": title, "field": self.field, "phase": self.phase, **data},
            )
            return practice_submit(practice=practice, actor=self.officer)

    def propose(self, day, practice, **results):
        with on(day):
            return practice_propose(
                practice=practice, actor=self.officer, results={"results": "Vận động 120 hộ.", **results}
            )

    def give_back(self, day, practice):
        with on(day):
            return practice_return(practice=practice, actor=self.reviewer, reason="Bổ sung minh chứng.")

    def reject(self, day, practice):
        with on(day):
            return practice_reject(practice=practice, actor=self.reviewer, reason="Chưa đạt tiêu chí.")

    def recognize(self, day, practices, outstanding=()):
        self.decisions += 1
        with on(day):
            return decision_issue(
                actor=self.reviewer,
                board=self.demo.kinh_mon,
                practices=practices,
                number=f"{self.decisions}-QĐ/BDVTXU",
                date=day,
                signer="Phạm Quốc Khánh",
                outstanding_ids=[p.pk for p in outstanding],
            )

    def mark(self, day, practice, outstanding=True):
        with on(day):
            recognition_mark_outstanding(actor=self.reviewer, practice=practice, outstanding=outstanding)

    def commend(self, day, practice, form="Giấy khen", issuer="Ban Thường vụ Thị ủy Kinh Môn"):
        with on(day):
            commendation_record(actor=self.reviewer, practice=practice, form=form, issuer=issuer, date=day)

    def discontinue(self, day, practice):
        with on(day):
            practice_discontinue(practice=practice, actor=self.reviewer, reason="Không còn duy trì.")


@pytest.fixture
def story(demo, media):
    """2022 as it happened, up to a week after the cut-off; ``story.later()`` adds what happened in 2023."""
    s = Story(demo)
    # A: proposed in November, returned in December, proposed again after the cut-off, recognized in January.
    s.a = s.register(_day(2022, 10, 1), "A — đề nghị lại sau mốc chốt")
    s.propose(_day(2022, 11, 10), s.a)
    s.give_back(_day(2022, 12, 5), s.a)
    # B: recognized in June, marked outstanding only in 2023, commended in 2023.
    s.b = s.register(_day(2022, 3, 1), "B — tiêu biểu sau", subject=PracticeSubject.INDIVIDUAL)
    s.propose(_day(2022, 5, 1), s.b, money_mobilized_vnd=2_500_000)
    # C: outstanding from its recognition, unmarked and discontinued in 2023; commended in 2022.
    s.c = s.register(_day(2022, 2, 1), "C — tiêu biểu từ đầu", kind=PracticeKind.EXEMPLAR, budget_vnd=9_000_000)
    s.propose(_day(2022, 4, 1), s.c, money_mobilized_vnd=1_000_000, people_reached=300)
    s.recognize(_day(2022, 6, 1), [s.b, s.c], outstanding=[s.c])
    s.commend(_day(2022, 9, 1), s.c, form="Bằng khen", issuer="Ban Thường vụ Tỉnh ủy Hải Dương")
    # D: proposed twice in 2022 (returned in between), then not recognized.
    s.d = s.register(_day(2022, 1, 5), "D — không công nhận")
    s.propose(_day(2022, 2, 1), s.d)
    s.give_back(_day(2022, 2, 20), s.d)
    s.propose(_day(2022, 3, 1), s.d)
    s.reject(_day(2022, 7, 1), s.d)
    # E: registered before the period (14/12/2021), proposed in it.
    s.e = s.register(_day(2021, 12, 14), "E — đăng ký trước kỳ")
    s.propose(_day(2022, 12, 14), s.e)

    def later():
        s.propose(_day(2022, 12, 20), Practice.objects.get(pk=s.a.pk))
        s.recognize(_day(2023, 1, 10), [Practice.objects.get(pk=s.a.pk), Practice.objects.get(pk=s.e.pk)])
        s.mark(_day(2023, 2, 1), s.b)
        s.commend(_day(2023, 1, 15), s.b)
        s.mark(_day(2023, 3, 1), s.c, outstanding=False)
        s.discontinue(_day(2023, 4, 1), Practice.objects.get(pk=s.c.pk))

    s.later = later
    return s


def counted_from_records(board, window):
    """The figures of ``window`` counted straight from the event records (audit log, decisions, commendations)."""
    events = AuditEvent.objects.filter(
        practice__board=board, created_at__gte=window.start_at, created_at__lt=window.end_before
    )
    recognitions = Recognition.objects.filter(
        practice__board=board, level="district", decision__date__gte=window.start, decision__date__lte=window.end
    )
    return {
        "registered": events.filter(action="practice.registered").count(),
        "proposed": events.filter(action="practice.proposed").count(),
        "returned": events.filter(action="practice.returned").count(),
        "not_recognized": events.filter(action="practice.not_recognized").count(),
        "discontinued": events.filter(action="practice.discontinued").count(),
        "recognized": recognitions.count(),
        "commended": Commendation.objects.filter(
            practice__board=board, date__gte=window.start, date__lte=window.end
        ).count(),
    }


def test_each_figure_counts_the_events_of_its_period(story):
    kinh_mon = story.demo.kinh_mon
    with on(_day(2022, 12, 21)):
        story.later()
    with on(_day(2024, 1, 5)):
        y2022 = report_statistics(unit=kinh_mon, period_kind="year", year=2022)["totals"]
        y2023 = report_statistics(unit=kinh_mon, period_kind="year", year=2023)
    for window, totals in ((YEAR_2022, y2022), (YEAR_2023, y2023["totals"])):
        for key, value in counted_from_records(kinh_mon, window).items():
            assert totals[key] == value, (window, key)
    # A was proposed in 2022 and again in 2023: each period keeps its proposal; D's two proposals both count.
    assert y2022["proposed"] == 6 and y2022["returned"] == 2 and y2022["not_recognized"] == 1
    assert y2022["registered"] == 4  # E registered on 14/12/2021, in the period before
    assert y2022["registered_individual"] == 1 and y2022["registered_exemplar"] == 1
    assert y2022["recognized"] == 2 and y2022["recognized_individual"] == 1 and y2022["recognized_exemplar"] == 1
    # C was outstanding from its recognition in 2022; B's mark in 2023 does not rewrite 2022.
    assert y2022["outstanding"] == 1 and y2022["commended"] == 1
    assert y2022["money_mobilized_vnd"] == 3_500_000 and y2022["budget_vnd"] == 9_000_000
    totals = y2023["totals"]
    assert totals["proposed"] == 1 and totals["recognized"] == 2 and totals["outstanding"] == 1
    assert totals["commended"] == 1 and totals["discontinued"] == 1
    assert [item["title"] for item in y2023["typical"]] == ["B — tiêu biểu sau"]
    # The comparison with the previous year and the totals since the phase began come from the same events.
    assert y2023["previous"]["proposed"] == 6 and y2023["previous"]["outstanding"] == 1
    assert y2023["phase_totals"]["recognized"] == 4 and y2023["phase_totals"]["proposed"] == 7


def test_a_closed_period_rebuilt_after_new_events_is_the_same(story):
    kinh_mon = story.demo.kinh_mon

    def build():
        statistics = report_statistics(unit=kinh_mon, period_kind="year", year=2022)
        document = ReportDocument(unit=kinh_mon, period_kind="year", year=2022, statistics=statistics, number="07")
        return statistics, pdf_text(build_report_pdf(document)[2])[1]

    with on(_day(2022, 12, 21)):
        before, before_text = build()
        story.later()
    with on(_day(2024, 1, 5)):
        after, after_text = build()
    for key in ("totals", "groups", "by_field", "by_sector", "commendations", "typical", "annex", "previous"):
        assert after[key] == before[key], key
    assert after_text == before_text
    assert "C — tiêu biểu từ đầu" in after_text and "Bằng khen Ban Thường vụ Tỉnh ủy Hải Dương 1" in after_text


def test_outstanding_marks_need_the_state_at_the_period_end(story):
    """A mark counts in the period it was made, unless it was taken back before that period ended."""
    with on(_day(2022, 12, 21)):
        story.later()
        story.mark(_day(2023, 5, 2), story.b, outstanding=False)  # B unmarked within 2023 as well
    events = period_events(
        scope=lambda prefix: practice_scope(unit=story.demo.kinh_mon, user=None, prefix=prefix),
        window=Window(YEAR_2022.start, YEAR_2023.end),
    )
    assert set(outstanding_in(events, YEAR_2022)) == {story.c.pk}
    assert outstanding_in(events, YEAR_2023) == {}


def test_a_report_before_the_cut_off_is_dated_at_the_period_end_and_marked_provisional(story):
    kinh_mon = story.demo.kinh_mon
    with on(_day(2022, 12, 1)):
        statistics = report_statistics(unit=kinh_mon, period_kind="year", year=2022)
        document = ReportDocument(unit=kinh_mon, period_kind="year", year=2022, statistics=statistics)
        _reader, text = pdf_text(build_report_pdf(document)[2])
    assert statistics["provisional_until"] == "2022-12-01"
    assert "Kinh Môn, ngày 14 tháng 12 năm 2022" in text
    assert "(Số liệu tạm tính đến ngày 01/12/2022)" in text
    with on(_day(2022, 12, 15)):
        assert report_statistics(unit=kinh_mon, period_kind="year", year=2022)["provisional_until"] is None
