"""The dashboard: numbers equal to the database, in a number of queries that does not grow with the data."""

import itertools
from collections import Counter
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from models_registry.models import Field, Practice, PracticeState, Recognition
from models_registry.models.practices import PracticeKind, PracticeSubject

from ..review_fixtures import proposed, recognized

pytestmark = pytest.mark.django_db

STATES = [s for s, _label in PracticeState.choices]


def populate(demo, n):
    """``n`` practices spread over states, fields, kinds, subjects and two districts' communes."""
    fields = list(Field.objects.all())
    communes = list(demo.kinh_mon.children.order_by("code")[:4]) + list(demo.thanh_ha.children.order_by("code")[:3])
    kinds = [k for k, _ in PracticeKind.choices]
    subjects = [s for s, _ in PracticeSubject.choices]
    cycle = zip(
        range(n),
        itertools.cycle(STATES),
        itertools.cycle(fields),
        itertools.cycle(communes),
        itertools.cycle(kinds),
        itertools.cycle(subjects + subjects[:1]),
        strict=False,
    )
    for i, state, field, unit, kind, subject in cycle:
        if state == PracticeState.RECOGNIZED:
            recognized(unit, field=field, kind=kind, subject=subject, outstanding=i % 2 == 0)
        elif state == PracticeState.PROPOSED:
            proposed(unit, field=field, kind=kind, subject=subject, days_ago=5 + 10 * i)
        else:
            practice = proposed(unit, field=field, kind=kind, subject=subject)
            Practice.objects.filter(pk=practice.pk).update(state=state)


def bars(stats_list):
    return {bar.key: bar.value for bar in stats_list}


def scope_counts(queryset):
    return {
        "state": Counter(queryset.values_list("state", flat=True)),
        "field": Counter(str(pk) for pk in queryset.values_list("field_id", flat=True)),
        "kind": Counter(queryset.values_list("kind", flat=True)),
        "subject": Counter(queryset.values_list("subject", flat=True)),
    }


def assert_numbers_match(stats, queryset):
    expected = scope_counts(queryset)
    assert stats.total == queryset.count()
    assert {k: v for k, v in bars(stats.by_state).items() if v} == dict(expected["state"])
    assert bars(stats.by_field) == dict(expected["field"])
    assert {k: v for k, v in bars(stats.by_kind).items() if v} == dict(expected["kind"])
    assert {k: v for k, v in bars(stats.by_subject).items() if v} == dict(expected["subject"])
    assert stats.waiting == queryset.filter(state=PracticeState.PROPOSED).count()
    late = timezone.now() - timedelta(days=30)
    assert stats.waiting_late == queryset.filter(state=PracticeState.PROPOSED, proposed_at__lt=late).count()
    year = timezone.localdate().year
    in_year = Recognition.objects.filter(practice__in=queryset, decision__date__year=year)
    assert stats.recognized_this_year == in_year.filter(level="district").count()
    assert stats.outstanding_this_year == in_year.filter(level="district", outstanding=True).count()
    assert sum(row["total"] for row in stats.units) == stats.total


def test_reviewer_dashboard_counts_its_district(client, demo):
    populate(demo, 40)
    client.force_login(demo.reviewer)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    stats = response.context["stats"]
    district = Practice.objects.filter(unit__path__startswith=demo.kinh_mon.path)
    assert_numbers_match(stats, district)
    assert 0 < stats.total < Practice.objects.count()
    assert not stats.provincial
    # One line per commune of the district, with the commune's own numbers.
    for row in stats.units:
        commune = demo.kinh_mon.children.get(code=row["code"])
        in_commune = district.filter(unit__path__startswith=commune.path)
        assert row["name"] == commune.name
        assert row["total"] == in_commune.count()
        assert row["recognized"] == in_commune.filter(state=PracticeState.RECOGNIZED).count()
        assert row["proposed"] == in_commune.filter(state=PracticeState.PROPOSED).count()


def test_provincial_dashboard_has_a_line_per_district(client, demo):
    populate(demo, 40)
    client.force_login(demo.provincial)
    response = client.get(reverse("dashboard"))
    stats = response.context["stats"]
    assert stats.provincial
    assert_numbers_match(stats, Practice.objects.filter(unit__path__startswith=demo.province.path))
    lines = {row["name"]: row for row in stats.units}
    assert set(lines) == {"Thị xã Kinh Môn", "Huyện Thanh Hà"}
    for board in (demo.kinh_mon, demo.thanh_ha):
        in_district = Practice.objects.filter(board=board)
        assert lines[board.name]["total"] == in_district.count()
        assert lines[board.name]["proposed"] == in_district.filter(state=PracticeState.PROPOSED).count()
        late = in_district.filter(state=PracticeState.PROPOSED, proposed_at__lt=timezone.now() - timedelta(days=30))
        assert lines[board.name]["late"] == late.count()
    html = response.content.decode()
    assert f'href="?district={demo.kinh_mon.pk}"' in html
    # Drilling into one district gives that district's communes.
    response = client.get(reverse("dashboard"), {"district": demo.thanh_ha.pk})
    stats = response.context["stats"]
    assert_numbers_match(stats, Practice.objects.filter(unit__path__startswith=demo.thanh_ha.path))
    assert {row["code"] for row in stats.units} <= set(demo.thanh_ha.children.values_list("code", flat=True))


def test_reviewer_cannot_drill_into_another_district(client, demo):
    populate(demo, 14)
    client.force_login(demo.reviewer)
    response = client.get(reverse("dashboard"), {"district": demo.thanh_ha.pk})
    # The parameter is for provincial staff; the reviewer still sees only Kinh Môn.
    assert response.context["board"] is None
    assert response.context["stats"].total == Practice.objects.filter(board=demo.kinh_mon).count()


def test_waiting_and_late_proposals(client, demo):
    proposed(demo.an_luu, days_ago=3)
    proposed(demo.an_luu, days_ago=31)
    proposed(demo.an_luu, days_ago=90)
    client.force_login(demo.reviewer)
    response = client.get(reverse("dashboard"))
    stats = response.context["stats"]
    assert (stats.waiting, stats.waiting_late) == (3, 2)
    assert "2 hồ sơ chờ quá 30 ngày" in response.content.decode()


def test_recognitions_this_year_only(client, demo):
    this_year = timezone.localdate().replace(month=1, day=2)
    recognized(demo.an_luu, decision_date=this_year, outstanding=True)
    recognized(demo.an_luu, decision_date=this_year)
    recognized(demo.an_luu, decision_date=date(this_year.year - 1, 6, 1))
    client.force_login(demo.reviewer)
    stats = client.get(reverse("dashboard")).context["stats"]
    assert (stats.recognized_this_year, stats.outstanding_this_year) == (2, 1)


def test_provincial_recognitions_this_year_in_each_scope(client, demo):
    from models_registry import services

    this_year = timezone.localdate().replace(month=1, day=2)
    kinh_mon = [recognized(demo.an_luu), recognized(demo.an_luu)]
    thanh_ha = recognized(demo.thanh_an)
    for number, day, practices in [
        ("1-QĐ/BDVTU", this_year, [kinh_mon[0], thanh_ha]),
        ("2-QĐ/BDVTU", date(this_year.year - 1, 6, 1), [kinh_mon[1]]),
    ]:
        services.practice_recognize_provincial(
            actor=demo.provincial, province=demo.province, practices=practices, number=number, date=day, signer="X"
        )
    counts = {}
    for username in ("reviewer", "reviewer2", "provincial"):
        client.force_login(demo.users[username])
        counts[username] = client.get(reverse("dashboard")).context["stats"].provincial_this_year
    assert counts == {"reviewer": 1, "reviewer2": 1, "provincial": 2}


def test_bars_are_sized_by_data_attributes_not_inline_styles(client, demo):
    populate(demo, 14)
    client.force_login(demo.reviewer)
    html = client.get(reverse("dashboard")).content.decode()
    assert 'data-percent="100"' in html
    assert "style=" not in html
    assert "/static/js/bars.js" in html


@pytest.mark.parametrize("username", ["reviewer", "provincial"])
def test_dashboard_query_count_is_the_same_for_5_and_50_practices(
    client, demo, django_assert_max_num_queries, username
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(getattr(demo, username))
    counts = []
    for n in (5, 45):  # 5 practices, then 50
        populate(demo, n)
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("dashboard"))
        counts.append(len(queries))
    assert counts[0] == counts[1]
    # session, user, memberships; state, field names, fields, kind × subject, waiting, units (+ names for a
    # reviewer), recognitions; yearly checks; over time: phases, registrations, recognitions, field names;
    # unread notifications; session save (3)
    with django_assert_max_num_queries(20):
        client.get(reverse("dashboard"))
