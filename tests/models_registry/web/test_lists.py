"""The list pages on a phone: active filters as removable chips, stacked rows (``table-stack``) with their labels."""

import html
import re

import pytest
from django.urls import reverse

from models_registry.models import Field, PracticeState
from tests.models_registry.practice_helpers import make_practice

pytestmark = pytest.mark.django_db


def chips(response):
    return {chip.name: chip for chip in response.context["chips"]}


def test_each_active_filter_is_a_chip_whose_link_drops_only_that_filter(client, demo):
    make_practice(demo.an_luu, PracticeState.REGISTERED, title="Dân vận khéo đường làng")
    field = Field.objects.get(code="kinh-te")
    client.force_login(demo.officer)
    response = client.get(
        reverse("practice_list"),
        {
            "q": "dan van",
            "state": "registered",
            "field": field.pk,
            "unit": demo.an_luu.pk,
            "page": "1",
            "sort": "-title",
        },
    )
    found = chips(response)
    assert set(found) == {"q", "state", "field", "unit", "sort"}  # the page number is no filter
    assert (found["state"].label, found["state"].value) == ("Trạng thái", "Đã đăng ký")
    assert (found["field"].label, found["field"].value) == ("Lĩnh vực", "Kinh tế")
    assert found["unit"].value == "Phường An Lưu"  # without the indentation of the select
    assert found["q"].value == "dan van"
    assert found["sort"].value == "Tên (Z–A)"
    # Each link keeps the other filters, drops its own and the page (back to page 1).
    assert found["state"].url == f"?q=dan+van&field={field.pk}&unit={demo.an_luu.pk}&sort=-title"
    page = response.content.decode()
    assert f'href="{html.escape(found["state"].url)}"' in page
    assert 'data-param="state"' in page and "Bỏ tất cả" in page
    # The folded "Lọc" panel says how many filters are active.
    assert re.search(r'data-bs-target="#filter-panel"[^>]*>Lọc <span class="badge[^"]*">5</span>', page)


def test_no_chip_without_filters_nor_for_a_refused_value(client, demo):
    client.force_login(demo.officer)
    assert chips(client.get(reverse("practice_list"))) == {}
    # Another district's commune is not a choice of this officer: the field shows its error, not a chip.
    response = client.get(reverse("practice_list"), {"unit": demo.thanh_an.pk, "kind": "model"})
    assert set(chips(response)) == {"kind"}
    assert 'class="collapse d-md-block show"' in response.content.decode()  # the panel opens to show the error


@pytest.mark.parametrize(
    ("username", "url_name", "labels"),
    [
        ("officer", "practice_list", ["Đơn vị", "Lĩnh vực", "Loại", "Ngày tạo"]),
        ("reviewer", "review_queue", ["Đơn vị", "Ngày đề nghị", "Số ngày chờ"]),
        ("reviewer", "decision_list", ["Ngày ký", "Cơ quan ban hành", "Người ký", "Số mô hình"]),
        ("reviewer", "dashboard", ["Tổng", "Chờ xét", "Đã công nhận"]),
        ("provincial", "dashboard", ["Tổng", "Chờ &gt; 30 ngày"]),
    ],
)
def test_list_rows_stack_with_their_column_names_on_a_phone(client, demo, username, url_name, labels):
    practice = make_practice(demo.an_luu, PracticeState.PROPOSED)
    if url_name == "decision_list":
        from models_registry.services import decision_issue

        decision_issue(
            actor=demo.reviewer,
            board=demo.kinh_mon,
            practices=[practice.__class__.objects.get(pk=practice.pk)],
            number="1-QĐ/BDVTXU",
            date=practice.created_at.date(),
            signer="Phạm Quốc Khánh",
        )
    client.force_login(demo.users[username])
    page = client.get(reverse(url_name)).content.decode()
    assert "table-stack" in page
    for label in labels:
        assert f'data-label="{label}"' in page
