"""What keeps list pages cheap at national scale: the capped count and the fast unit select."""

from django import forms
from django.urls import reverse

from models_registry.models import Practice, Unit
from models_registry.web.paginators import CappedCountPaginator
from models_registry.web.widgets import FastSelect
from tests.factories import PracticeFactory


def test_capped_count_is_exact_below_the_cap_and_stops_at_it(demo):
    PracticeFactory.create_batch(5, unit=demo.an_luu)
    practices = Practice.objects.filter(unit=demo.an_luu).order_by("-created_at", "-id")

    class Three(CappedCountPaginator):
        count_cap = 3

    capped = Three(practices, 2)
    assert (capped.count, capped.capped, capped.num_pages) == (3, True, 2)
    assert len(capped.page(2).object_list) == 1
    exact = CappedCountPaginator(practices, 2)
    assert (exact.count, exact.capped, exact.num_pages) == (5, False, 3)
    assert [p.pk for p in exact.page(3).object_list] == [practices.last().pk]
    # Pages are read ids first, then rows: same rows, same order, related objects still joined.
    pages = [p for number in exact.page_range for p in exact.page(number).object_list]
    assert [p.pk for p in pages] == [p.pk for p in practices]
    assert exact.page(1).object_list[0].unit == demo.an_luu


def test_practice_list_says_more_than_when_capped(demo, client, monkeypatch):
    PracticeFactory.create_batch(3, unit=demo.an_luu)
    client.force_login(demo.officer)
    assert "3 mô hình, điển hình" in client.get(reverse("practice_list")).content.decode()
    monkeypatch.setattr(CappedCountPaginator, "count_cap", 2)
    assert "Hơn 2 mô hình, điển hình" in client.get(reverse("practice_list")).content.decode()


def test_fast_select_renders_like_djangos_select(demo):
    class UnitForm(forms.Form):
        slow = forms.ModelChoiceField(Unit.objects.filter(parent=demo.kinh_mon), empty_label="Tất cả")
        fast = forms.ModelChoiceField(
            Unit.objects.filter(parent=demo.kinh_mon), empty_label="Tất cả", widget=FastSelect
        )

    form = UnitForm(initial={"slow": demo.an_luu.pk, "fast": demo.an_luu.pk})
    slow, fast = str(form["slow"]), str(form["fast"])
    assert fast.count("<option") == slow.count("<option") == Unit.objects.filter(parent=demo.kinh_mon).count() + 1
    assert f'<option value="{demo.an_luu.pk}" selected>Phường An Lưu</option>' in fast
    assert 'name="fast" id="id_fast"' in fast
    assert '<option value="">Tất cả</option>' in fast
    # Labels are escaped like Django's.
    form = UnitForm()
    form.fields["fast"].label_from_instance = lambda unit: f"<b>{unit.name}</b>"
    assert "&lt;b&gt;Phường An Lưu&lt;/b&gt;" in str(form["fast"])


def test_dashboard_counts_provincial_recognitions_for_every_scope(demo):
    """The dashboard finds this year's recognitions from the decisions in scope; each role sees its own."""
    from django.utils import timezone

    from models_registry.models import Field, Phase
    from models_registry.selectors.dashboard import dashboard
    from models_registry.services import (
        decision_issue,
        practice_create,
        practice_propose,
        practice_recognize_provincial,
        practice_submit,
    )

    today = timezone.localdate()
    data = {"title": "Mô hình “Dân vận khéo” thử", "field": Field.objects.first(), "phase": Phase.objects.first()}
    practice = practice_create(actor=demo.officer, unit=demo.an_luu, data=data)
    practice_submit(practice=practice, actor=demo.officer)
    practice_propose(practice=practice, actor=demo.officer, results={"results": "Vận động 120 hộ."})
    decision_issue(
        actor=demo.reviewer, board=demo.kinh_mon, practices=[practice], number="9-QĐ/BDVTXU", date=today, signer="A"
    )
    practice_recognize_provincial(
        actor=demo.provincial, province=demo.province, practices=[practice], number="3-QĐ/BDVTU", date=today, signer="B"
    )

    def counts(user, board=None):
        stats = dashboard(user=user, board=board)
        return stats.recognized_this_year, stats.provincial_this_year

    assert counts(demo.provincial) == (1, 1)
    assert counts(demo.reviewer) == (1, 1)
    assert counts(demo.reviewer2) == (0, 0)
    assert counts(demo.provincial, board=demo.kinh_mon) == (1, 1)
    assert counts(demo.provincial, board=demo.thanh_ha) == (0, 0)
    assert counts(demo.admin) == (1, 1)
