"""The public showcase: recognized practices only, searchable without diacritics, never personal contact data."""

import pytest
from django.urls import reverse

from models_registry.models import Field, PracticeState
from models_registry.services import commendation_record
from tests.factories import UserFactory

from ..review_fixtures import proposed, recognized

pytestmark = pytest.mark.django_db

CONTACT = {
    "contact_name": "Nguyễn Văn Liên Hệ",
    "contact_phone": "0912 345 678",
    "contact_email": "lienhe.anluu@example.vn",
}


def page(response):
    return response.content.decode()


def test_list_shows_only_recognized_practices_without_login(client, demo):
    shown = recognized(demo.an_luu, title="Đường hoa khu dân cư An Lưu")
    others = [proposed(demo.an_luu, title=f"Chưa công nhận {state}") for state in ("a", "b", "c")]
    for practice, state in zip(
        others, (PracticeState.PROPOSED, PracticeState.DISCONTINUED, PracticeState.NOT_RECOGNIZED), strict=True
    ):
        type(practice).objects.filter(pk=practice.pk).update(state=state)
    response = client.get(reverse("public_list"))
    assert response.status_code == 200
    html = page(response)
    assert shown.title in html
    assert not any(p.title in html for p in others)
    decision = shown.recognitions.get().decision
    assert decision.number in html and decision.date.strftime("%d/%m/%Y") in html


def test_contact_data_and_creator_never_appear(client, demo):
    creator = UserFactory(username="nguoitao", first_name="Tạo", last_name="Người Tạo Hồ Sơ", email="tao@danvan.test")
    practice = recognized(demo.an_luu, created_by=creator, results="Vận động 300 hộ hiến đất.", **CONTACT)
    for url in (reverse("public_list"), reverse("public_detail", args=[practice.pk])):
        html = page(client.get(url))
        assert practice.title in html
        for value in [*CONTACT.values(), creator.email, creator.last_name, "0912345678"]:
            assert value not in html, (url, value)
    detail = page(client.get(reverse("public_detail", args=[practice.pk])))
    assert "Vận động 300 hộ hiến đất." in detail
    assert practice.summary in detail


def test_public_queryset_does_not_load_contact_fields(demo):
    from models_registry.selectors.public import public_practices

    practice = recognized(demo.an_luu, **CONTACT)
    loaded = public_practices().get(pk=practice.pk)
    deferred = loaded.get_deferred_fields()
    assert {"contact_name", "contact_phone", "contact_email", "created_by_id"} <= deferred


def test_detail_of_a_practice_that_is_not_recognized_is_404(client, demo):
    for state in (PracticeState.PROPOSED, PracticeState.DISCONTINUED, PracticeState.DRAFT):
        practice = proposed(demo.an_luu)
        type(practice).objects.filter(pk=practice.pk).update(state=state)
        assert client.get(reverse("public_detail", args=[practice.pk])).status_code == 404
    assert client.get(reverse("public_detail", args=[999999999])).status_code == 404


def test_detail_shows_decisions_outstanding_and_commendations(client, demo):
    practice = recognized(demo.an_luu, outstanding=True)
    commendation_record(
        actor=demo.reviewer,
        practice=practice,
        form="Giấy khen",
        issuer="UBND thị xã Kinh Môn",
        date=practice.recognitions.get().decision.date,
    )
    html = page(client.get(reverse("public_detail", args=[practice.pk])))
    assert practice.recognitions.get().decision.number in html
    assert "Tiêu biểu" in html
    assert "Giấy khen — UBND thị xã Kinh Môn" in html
    assert demo.an_luu.name in html and "Thị xã Kinh Môn" in html


@pytest.mark.parametrize("query", ["dan van kheo", "DÂN VẬN KHÉO", "kheo dan", "Dan Van Kheo"])
def test_search_ignores_diacritics_and_case(client, demo, query):
    hit = recognized(demo.an_luu, title="Mô hình “Dân vận khéo” trong xây dựng nông thôn mới", summary="")
    miss = recognized(demo.an_luu, title="Đường hoa khu dân cư", summary="Trồng hoa hai bên đường.")
    hidden = proposed(demo.an_luu, title="Dân vận khéo chưa công nhận")
    response = client.get(reverse("public_list"), {"q": query})
    found = list(response.context["page"].object_list)
    assert found == [hit]
    html = page(response)
    assert miss.title not in html and hidden.title not in html


def test_filter_by_district_and_field(client, demo):
    economy = Field.objects.get(code="kinh-te")
    culture = Field.objects.get(code="van-hoa-xa-hoi")
    a = recognized(demo.an_luu, field=economy)
    b = recognized(demo.an_luu, field=culture)
    c = recognized(demo.thanh_an, field=economy)
    found = lambda **params: set(client.get(reverse("public_list"), params).context["page"].object_list)  # noqa: E731
    assert found(district=demo.kinh_mon.pk) == {a, b}
    assert found(district=demo.thanh_ha.pk) == {c}
    assert found(field=economy.pk) == {a, c}
    assert found(district=demo.kinh_mon.pk, field=culture.pk) == {b}
    assert found(district="not-a-number") == {a, b, c}


def test_pagination_keeps_the_filters(client, demo):
    for i in range(25):
        recognized(demo.an_luu, title=f"Dân vận khéo số {i}")
    response = client.get(reverse("public_list"), {"q": "dan van"})
    assert len(response.context["page"].object_list) == 20
    assert "25 mô hình, điển hình" in page(response)
    assert "?q=dan+van&amp;page=2" in page(response)
    response = client.get(reverse("public_list"), {"q": "dan van", "page": 2})
    assert len(response.context["page"].object_list) == 5
    assert "page=3" not in page(response) and "?q=dan+van&amp;page=1" in page(response)
    # Pages past the end are empty rather than an error; nonsense falls back to the first page.
    assert client.get(reverse("public_list"), {"page": 99}).context["page"].object_list == []
    assert client.get(reverse("public_list"), {"page": "abc"}).context["page"].number == 1


@pytest.mark.parametrize("rows", [3, 45])
def test_public_list_query_count_does_not_grow(client, demo, django_assert_max_num_queries, rows):
    communes = list(demo.kinh_mon.children.all()[:4])
    for i in range(rows):
        recognized(communes[i % len(communes)])
    # districts, fields, page, recognitions with decisions, public photos, the per-field counts (cached a while),
    # and a count bounded by COUNT_CAP when there is more than one page (anonymous: no session or user queries)
    with django_assert_max_num_queries(7):
        response = client.get(reverse("public_list"))
    assert len(response.context["page"].object_list) == min(rows, 20)
    assert f"{rows} mô hình, điển hình" in page(response)


def test_count_is_capped(client, demo, monkeypatch):
    monkeypatch.setattr("models_registry.views.public.COUNT_CAP", 4)
    monkeypatch.setattr("models_registry.views.public.PUBLIC_PAGE_SIZE", 2)
    for _ in range(6):
        recognized(demo.an_luu)
    response = client.get(reverse("public_list"))
    assert "Hơn 4 mô hình, điển hình" in page(response)
    assert len(response.context["page"].object_list) == 2


def test_login_page_and_navbar_link_to_the_showcase(client, demo):
    assert reverse("public_list") in page(client.get(reverse("login")))
    assert reverse("public_list") in page(client.get(reverse("public_list")))


def test_district_select_marks_the_chosen_board_and_escapes_names(client, demo):
    # The options are written in Python (widgets.select_options), not by the template: the choice and the
    # escaping must survive that.
    demo.thanh_ha.name = 'Huyện <Thanh> "Hà"'
    demo.thanh_ha.save(update_fields=["name"])
    html = page(client.get(reverse("public_list"), {"district": demo.kinh_mon.pk}))
    assert f'<option value="{demo.kinh_mon.pk}" selected>{demo.kinh_mon.name}</option>' in html
    assert f'<option value="{demo.thanh_ha.pk}">Huyện &lt;Thanh&gt; &quot;Hà&quot;</option>' in html
    assert html.count(" selected>") == 1  # the field select keeps "Tất cả"
