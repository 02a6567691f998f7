"""The officer's pages through the Django test client: list, search, form, actions, detail, similar, notifications."""

import json

import pytest
from django.urls import reverse

from models_registry import services
from models_registry.models import AuditEvent, Field, Notification, Phase, Practice, PracticeState
from tests.models_registry.practice_helpers import make_practice

pytestmark = pytest.mark.django_db


def page_text(response):
    return response.content.decode()


def listed_ids(response):
    return {p.pk for p in response.context["page"].object_list}


def registration_post(demo, **overrides):
    data = {
        "title": "Mô hình “Dân vận khéo” hiến đất mở đường",
        "kind": "model",
        "subject": "collective",
        "field": Field.objects.get(code="kinh-te").pk,
        "phase": Phase.objects.get(name="2021–2025").pk,
        "unit": demo.an_luu.pk,
        "summary": "Vận động nhân dân hiến đất mở rộng đường thôn.",
        "budget_vnd": "150000000",
        "workdays": "320",
        "socialized_funding_vnd": "0",
        "start_date": "15/03/2024",
        "evaluation_date": "15/12/2024",
        "contact_name": "Nguyễn Thị Hằng",
    }
    data.update(overrides)
    return data


# --- List --------------------------------------------------------------------------------------------------


def test_list_shows_only_the_users_scope(client, demo):
    mine = make_practice(demo.an_luu)
    neighbour = make_practice(demo.kinh_mon.children.exclude(pk=demo.an_luu.pk).first())
    other_district = make_practice(demo.thanh_an)
    expected = {
        "officer": {mine.pk},
        "officer2": {other_district.pk},
        "reviewer": {mine.pk, neighbour.pk},
        "reviewer2": {other_district.pk},
        "provincial": {mine.pk, neighbour.pk, other_district.pk},
    }
    for username, ids in expected.items():
        client.force_login(demo.users[username])
        response = client.get(reverse("practice_list"))
        assert response.status_code == 200
        assert listed_ids(response) == ids, username


def test_list_requires_login(client):
    response = client.get(reverse("practice_list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_search_ignores_diacritics_and_case(client, demo):
    found = make_practice(demo.an_luu, title="Phường An Lưu: “Dân vận khéo” trong xây dựng đô thị văn minh")
    make_practice(demo.an_luu, title="Đường hoa thanh niên", summary="Trồng hoa ven đường.")
    client.force_login(demo.reviewer)
    for query in ("dan van kheo", "DÂN VẬN KHÉO", "Dan Van  Kheo", "kheo dan van"):
        response = client.get(reverse("practice_list"), {"q": query})
        assert listed_ids(response) == {found.pk}, query


def test_search_does_not_leak_other_districts(client, demo):
    make_practice(demo.thanh_an, title="Dân vận khéo vùng vải thiều")
    client.force_login(demo.reviewer)
    assert listed_ids(client.get(reverse("practice_list"), {"q": "dan van kheo"})) == set()


def test_filters(client, demo):
    culture = Field.objects.get(code="van-hoa-xa-hoi")
    a = make_practice(demo.an_luu, state="proposed", kind="exemplar", subject="individual", field=culture)
    b = make_practice(demo.an_luu, state="draft")
    c = make_practice(demo.kinh_mon.children.exclude(pk=demo.an_luu.pk).first(), state="proposed")
    Practice.objects.filter(pk=c.pk).update(created_at="2022-06-01T03:00:00Z")
    client.force_login(demo.reviewer)
    url = reverse("practice_list")
    assert listed_ids(client.get(url, {"state": "proposed"})) == {a.pk, c.pk}
    assert listed_ids(client.get(url, {"kind": "exemplar"})) == {a.pk}
    assert listed_ids(client.get(url, {"subject": "individual"})) == {a.pk}
    assert listed_ids(client.get(url, {"field": culture.pk})) == {a.pk}
    assert listed_ids(client.get(url, {"unit": demo.an_luu.pk})) == {a.pk, b.pk}
    assert listed_ids(client.get(url, {"unit": demo.kinh_mon.pk})) == {a.pk, b.pk, c.pk}
    assert listed_ids(client.get(url, {"year": 2022})) == {c.pk}
    assert listed_ids(client.get(url, {"phase": Phase.objects.get(name="2021–2025").pk})) == {a.pk, b.pk, c.pk}


def test_unit_filter_offers_only_units_in_scope(client, demo):
    client.force_login(demo.reviewer)
    response = client.get(reverse("practice_list"))
    units = set(response.context["filter"].form.fields["unit"].queryset)
    assert demo.an_luu in units and demo.kinh_mon in units
    assert demo.thanh_an not in units and demo.thanh_ha not in units
    # Choosing a unit outside the scope is a form error, not a way around it.
    make_practice(demo.thanh_an)
    response = client.get(reverse("practice_list"), {"unit": demo.thanh_an.pk})
    assert listed_ids(response) == set() or all(
        p.unit.path.startswith(demo.kinh_mon.path) for p in response.context["page"].object_list
    )


def test_filter_form_marks_a_refused_choice_and_keeps_the_others(client, demo):
    # The filter form's markup is written in list.html (not crispy): a refused choice must still be shown as such.
    client.force_login(demo.reviewer)
    html = page_text(client.get(reverse("practice_list"), {"unit": demo.thanh_an.pk, "kind": "model"}))
    assert 'class="form-select is-invalid" id="id_unit"' in html
    assert '<div id="id_unit_error" class="invalid-feedback d-block">' in html
    assert 'class="form-select" id="id_kind"' in html and '<option value="model" selected>' in html
    assert f'<option value="{demo.an_luu.pk}">\u2003{demo.an_luu.name}</option>' in html


def test_sorting(client, demo):
    titles = ["Bình minh", "An cư", "Cầu nối"]
    for title in titles:
        make_practice(demo.an_luu, title=title)
    client.force_login(demo.officer)
    response = client.get(reverse("practice_list"), {"sort": "title"})
    assert [p.title for p in response.context["page"].object_list] == ["An cư", "Bình minh", "Cầu nối"]
    response = client.get(reverse("practice_list"), {"sort": "-title"})
    assert [p.title for p in response.context["page"].object_list] == ["Cầu nối", "Bình minh", "An cư"]
    response = client.get(reverse("practice_list"), {"sort": "unit"})
    assert response.status_code == 200


def test_pagination_25_per_page_keeps_filters(client, demo):
    for index in range(30):
        make_practice(demo.an_luu, title=f"Dân vận khéo {index}")
    client.force_login(demo.officer)
    first = client.get(reverse("practice_list"), {"q": "dan van"})
    assert len(first.context["page"].object_list) == 25
    assert "q=dan+van&amp;page=2" in page_text(first)
    second = client.get(reverse("practice_list"), {"q": "dan van", "page": 2})
    assert len(second.context["page"].object_list) == 5
    assert listed_ids(first).isdisjoint(listed_ids(second))


@pytest.mark.parametrize("username", ["officer", "reviewer", "provincial"])
def test_list_query_count_does_not_grow_with_rows(client, demo, django_assert_max_num_queries, username):
    neighbour = demo.kinh_mon.children.exclude(pk=demo.an_luu.pk).first()
    client.force_login(demo.users[username])
    for _index in range(5):
        make_practice(demo.an_luu)
    # Session, user, memberships, unread count, page count, page ids and page rows (CappedCountPaginator), the
    # three filter choice lists, and the session save (savepoint, update, release: SESSION_SAVE_EVERY_REQUEST).
    # Nothing per row.
    with django_assert_max_num_queries(13):
        response = client.get(reverse("practice_list"))
    assert len(response.context["page"].object_list) == 5
    for _index in range(55):
        make_practice(demo.an_luu if _index % 2 else neighbour)
    with django_assert_max_num_queries(13):
        response = client.get(reverse("practice_list"), {"sort": "unit"})
    assert len(response.context["page"].object_list) == 25


# --- Registration form ------------------------------------------------------------------------------------


def test_create_form_limits_units_and_shows_fieldsets(client, demo):
    client.force_login(demo.officer)
    response = client.get(reverse("practice_create"))
    assert response.status_code == 200
    page = page_text(response)
    for legend in ("Thông tin chung", "Nội dung mô hình", "Lực lượng thực hiện", "Nguồn lực", "Người liên hệ"):
        assert legend in page
    assert "Tên mô hình, điển hình" in page  # the model's Vietnamese label
    assert 'data-similar-url="/practices/similar/"' in page
    assert "js/similar.js" in page
    units = set(response.context["form"].fields["unit"].queryset)
    assert demo.an_luu in units
    assert all(unit.path.startswith(demo.an_luu.path) for unit in units)


def test_create_with_dd_mm_yyyy_dates(client, demo):
    client.force_login(demo.officer)
    response = client.post(reverse("practice_create"), registration_post(demo))
    practice = Practice.objects.get(title="Mô hình “Dân vận khéo” hiến đất mở đường")
    assert response.status_code == 302
    assert response.url == reverse("practice_detail", args=[practice.pk])
    assert practice.state == PracticeState.DRAFT
    assert str(practice.start_date) == "2024-03-15"
    assert practice.board == demo.kinh_mon
    assert practice.created_by == demo.officer
    assert AuditEvent.objects.filter(practice=practice, action="practice.created").exists()
    edit = client.get(reverse("practice_edit", args=[practice.pk]))
    assert 'value="15/03/2024"' in page_text(edit)


def test_create_refuses_a_unit_of_another_district(client, demo):
    client.force_login(demo.officer)
    response = client.post(reverse("practice_create"), registration_post(demo, unit=demo.thanh_an.pk))
    assert response.status_code == 200
    assert "unit" in response.context["form"].errors
    assert not Practice.objects.exists()


def test_create_is_for_officers_only(client, demo):
    client.force_login(demo.reviewer)
    response = client.get(reverse("practice_create"), follow=True)
    assert "Chỉ cán bộ của đơn vị mới đăng ký" in page_text(response)
    response = client.post(reverse("practice_create"), registration_post(demo))
    assert response.status_code == 302
    assert not Practice.objects.exists()


def test_edit_saves_and_bumps_version(client, demo):
    practice = make_practice(demo.an_luu, title="Tên cũ")
    client.force_login(demo.officer)
    response = client.post(
        reverse("practice_edit", args=[practice.pk]),
        registration_post(demo, title="Tên mới", expected_version=practice.version),
    )
    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.title == "Tên mới"
    assert practice.version == 2
    event = AuditEvent.objects.get(practice=practice, action="practice.updated")
    assert event.changes["title"] == ["Tên cũ", "Tên mới"]


def test_stale_edit_keeps_the_users_input_and_overwrites_nothing(client, demo):
    practice = make_practice(demo.an_luu, title="Tên ban đầu")
    client.force_login(demo.officer)
    form_page = client.get(reverse("practice_edit", args=[practice.pk]))
    seen_version = form_page.context["form"].initial["expected_version"]
    # Meanwhile a colleague saves from another tab.
    services.practice_update(
        practice=practice, actor=demo.officer, data={"title": "Sửa ở tab khác"}, expected_version=seen_version
    )
    response = client.post(
        reverse("practice_edit", args=[practice.pk]),
        registration_post(demo, title="Nội dung tôi vừa gõ", expected_version=seen_version),
    )
    assert response.status_code == 409
    page = page_text(response)
    assert "vừa được người khác thay đổi" in page
    assert 'value="Nội dung tôi vừa gõ"' in page
    practice.refresh_from_db()
    assert practice.title == "Sửa ở tab khác"
    assert practice.version == seen_version + 1


@pytest.mark.parametrize("state", ["registered", "proposed", "recognized", "withdrawn"])
def test_edit_outside_draft_or_returned_is_a_message(client, demo, state):
    practice = make_practice(demo.an_luu, state=state, title="Không sửa được")
    client.force_login(demo.officer)
    response = client.get(reverse("practice_edit", args=[practice.pk]), follow=True)
    assert "không thể sửa" in page_text(response)
    response = client.post(reverse("practice_edit", args=[practice.pk]), registration_post(demo, title="X"))
    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.title == "Không sửa được"


def test_returned_practice_is_editable_and_shows_the_reason(client, demo):
    practice = make_practice(demo.an_luu, state="returned")
    Practice.objects.filter(pk=practice.pk).update(last_reason="Bổ sung số liệu hộ hiến đất.")
    client.force_login(demo.officer)
    response = client.get(reverse("practice_edit", args=[practice.pk]))
    assert response.status_code == 200
    assert "Bổ sung số liệu hộ hiến đất." in page_text(response)
    detail = client.get(reverse("practice_detail", args=[practice.pk]))
    assert "Ban Dân vận Thị ủy Kinh Môn trả lại để bổ sung. Lý do:" in page_text(detail)


# --- Officer actions --------------------------------------------------------------------------------------


def test_submit_propose_through_views(client, demo, django_capture_on_commit_callbacks):
    practice = make_practice(demo.an_luu, results="")
    client.force_login(demo.officer)
    response = client.post(reverse("practice_submit", args=[practice.pk]), {"expected_version": practice.version})
    assert response.url == reverse("practice_detail", args=[practice.pk])
    practice.refresh_from_db()
    assert practice.state == PracticeState.REGISTERED

    # Missing results text: the form says so and the state does not move.
    response = client.post(
        reverse("practice_propose", args=[practice.pk]),
        {
            "expected_version": practice.version,
            "people_reached": 10,
            "money_mobilized_vnd": 0,
            "workdays_mobilized": 0,
            "land_donated_m2": 0,
            "results": "",
        },
    )
    assert response.status_code == 400
    assert "Vui lòng kiểm tra lại kết quả đạt được" in page_text(response)
    practice.refresh_from_db()
    assert practice.state == PracticeState.REGISTERED

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("practice_propose", args=[practice.pk]),
            {
                "expected_version": practice.version,
                "people_reached": 450,
                "money_mobilized_vnd": 1200000000,
                "workdays_mobilized": 900,
                "land_donated_m2": 3500,
                "results": "Mở rộng 2 km đường.",
            },
        )
    practice.refresh_from_db()
    assert practice.state == PracticeState.PROPOSED
    assert practice.people_reached == 450 and practice.land_donated_m2 == 3500
    assert Notification.objects.filter(recipient=demo.reviewer, practice=practice, action="practice.proposed").exists()


def test_action_with_stale_version_shows_message(client, demo):
    practice = make_practice(demo.an_luu)
    client.force_login(demo.officer)
    response = client.post(
        reverse("practice_submit", args=[practice.pk]), {"expected_version": practice.version + 5}, follow=True
    )
    assert "vừa được người khác thay đổi" in page_text(response)
    practice.refresh_from_db()
    assert practice.state == PracticeState.DRAFT


def test_illegal_action_is_a_message_not_a_crash(client, demo):
    practice = make_practice(demo.an_luu, state="recognized")
    client.force_login(demo.officer)
    response = client.post(
        reverse("practice_withdraw", args=[practice.pk]), {"expected_version": practice.version}, follow=True
    )
    assert response.status_code == 200
    assert "Không thể thực hiện thao tác này" in page_text(response)
    practice.refresh_from_db()
    assert practice.state == PracticeState.RECOGNIZED


def test_withdraw(client, demo):
    practice = make_practice(demo.an_luu, state="registered")
    client.force_login(demo.officer)
    client.post(reverse("practice_withdraw", args=[practice.pk]), {"expected_version": practice.version})
    practice.refresh_from_db()
    assert practice.state == PracticeState.WITHDRAWN


@pytest.mark.parametrize("name", ["practice_submit", "practice_propose", "practice_withdraw", "attachment_upload"])
def test_actions_are_post_only(client, demo, name):
    practice = make_practice(demo.an_luu)
    client.force_login(demo.officer)
    assert client.get(reverse(name, args=[practice.pk])).status_code == 405


def test_actions_need_csrf(demo):
    from django.test import Client

    practice = make_practice(demo.an_luu)
    client = Client(enforce_csrf_checks=True)
    client.force_login(demo.officer)
    assert client.post(reverse("practice_submit", args=[practice.pk])).status_code == 403
    practice.refresh_from_db()
    assert practice.state == PracticeState.DRAFT


# --- Detail -------------------------------------------------------------------------------------------------


def test_detail_shows_timeline_in_vietnamese_and_local_time(client, demo):
    practice = services.practice_create(
        actor=demo.officer,
        unit=demo.an_luu,
        data={"title": "Chợ 4.0", "field": Field.objects.get(code="kinh-te"), "phase": Phase.objects.first()},
    )
    services.practice_submit(practice=practice, actor=demo.officer)
    services.practice_propose(practice=practice, actor=demo.officer, results={"results": "Tăng thu nhập."})
    services.practice_return(practice=practice, actor=demo.reviewer, reason="Thiếu ảnh minh chứng.")
    client.force_login(demo.officer)
    response = client.get(reverse("practice_detail", args=[practice.pk]))
    page = page_text(response)
    for label in ("Tạo bản nháp", "Đăng ký mô hình", "Đề nghị công nhận", "Trả lại để bổ sung"):
        assert label in page
    assert "Thiếu ảnh minh chứng." in page
    assert "Phạm Quốc Khánh" in page  # the reviewer, by full name
    events = response.context["timeline"]
    assert [e.action for e in events] == [
        "practice.created",
        "practice.registered",
        "practice.proposed",
        "practice.returned",
    ]
    from django.utils import timezone

    local = timezone.localtime(events[-1].created_at).strftime("%d/%m/%Y %H:%M")
    assert local in page
    assert 'id="propose"' in page  # returned: the officer may propose again


def test_detail_shows_recognitions_commendations_and_replications(client, demo):
    from tests.factories import DecisionFactory

    source = make_practice(demo.an_luu, state="recognized", title="Mô hình gốc")
    decision = DecisionFactory(board=demo.kinh_mon, number="45-QĐ/BDVHU")
    source.recognitions.create(decision=decision, level="district", outstanding=True)
    source.commendations.create(form="Giấy khen", issuer="UBND thị xã Kinh Môn", date="2024-05-01")
    copy = make_practice(demo.an_luu, title="Bản nhân rộng", replicated_from=source)
    client.force_login(demo.officer)
    page = page_text(client.get(reverse("practice_detail", args=[source.pk])))
    assert "45-QĐ/BDVHU" in page and "Tiêu biểu" in page
    assert "Giấy khen" in page
    assert reverse("practice_detail", args=[copy.pk]) in page
    copy_page = page_text(client.get(reverse("practice_detail", args=[copy.pk])))
    assert reverse("practice_detail", args=[source.pk]) in copy_page


def test_detail_has_review_actions_block(client, demo):
    practice = make_practice(demo.an_luu, state="proposed")
    client.force_login(demo.reviewer)
    response = client.get(reverse("practice_detail", args=[practice.pk]))
    assert "models_registry/practices/_review_actions.html" in [t.name for t in response.templates]
    # The board reads but does not get the officer's buttons.
    assert reverse("practice_edit", args=[practice.pk]) not in page_text(response)
    assert not response.context["can_withdraw"]


# --- Similar titles ------------------------------------------------------------------------------------------


def test_similar_titles_in_the_same_board(client, demo):
    neighbour = demo.kinh_mon.children.exclude(pk=demo.an_luu.pk).first()
    recognized = make_practice(neighbour, state="recognized", title="Dân vận khéo trong hiến đất làm đường")
    make_practice(neighbour, state="draft", title="Dân vận khéo hiến đất (nháp của đơn vị khác)")
    make_practice(demo.thanh_an, state="recognized", title="Dân vận khéo hiến đất Thanh Hà")
    client.force_login(demo.officer)
    response = client.get(reverse("practice_similar"), {"q": "hien dat lam duong"})
    data = json.loads(response.content)
    assert data["hint"] == "Cân nhắc nhân rộng mô hình đã có thay vì đăng ký trùng"
    assert [row["id"] for row in data["results"]] == [recognized.pk]
    assert data["results"][0]["recognized"] is True
    # The officer cannot open the neighbour's page, so no link is offered.
    assert data["results"][0]["url"] is None
    client.force_login(demo.reviewer)
    data = json.loads(client.get(reverse("practice_similar"), {"q": "Hiến đất làm đường"}).content)
    assert recognized.pk in [row["id"] for row in data["results"]]
    assert all(row["url"] for row in data["results"])


def test_similar_needs_three_letters_and_caps_results(client, demo):
    for index in range(12):
        make_practice(demo.an_luu, title=f"Camera an ninh tổ {index}")
    client.force_login(demo.officer)
    assert json.loads(client.get(reverse("practice_similar"), {"q": "ca"}).content)["results"] == []
    assert len(json.loads(client.get(reverse("practice_similar"), {"q": "camera an ninh"}).content)["results"]) == 8


# --- Notifications and home --------------------------------------------------------------------------------


def test_notifications_list_count_and_mark_all_read(client, demo):
    for index in range(3):
        Notification.objects.create(recipient=demo.officer, action="practice.returned", message=f"Thông báo {index}")
    Notification.objects.create(recipient=demo.officer2, action="practice.returned", message="Của người khác")
    client.force_login(demo.officer)
    home = client.get(reverse("home"))
    assert 'title="Chưa đọc">3</span>' in page_text(home)
    page = page_text(client.get(reverse("notification_list")))
    assert "Thông báo 2" in page and "Của người khác" not in page
    assert client.get(reverse("notification_mark_all_read")).status_code == 405
    client.post(reverse("notification_mark_all_read"))
    assert not Notification.objects.filter(recipient=demo.officer, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=demo.officer2, read_at__isnull=True).count() == 1
    assert 'title="Chưa đọc"' not in page_text(client.get(reverse("home")))


def test_home_has_officer_links(client, demo):
    client.force_login(demo.officer)
    page = page_text(client.get(reverse("home")))
    assert reverse("practice_create") in page
    assert "Mô hình của đơn vị" in page
    assert reverse("notification_list") in page


def test_timeline_shows_changes_in_words(client, demo):
    practice = make_practice(demo.an_luu, title="Tên cũ", kind="model")
    services.practice_update(
        practice=practice,
        actor=demo.officer,
        data={"title": "Tên mới", "kind": "exemplar", "field": Field.objects.get(code="van-hoa-xa-hoi")},
    )
    client.force_login(demo.officer)
    response = client.get(reverse("practice_detail", args=[practice.pk]))
    rows = {row["label"]: row for row in response.context["timeline"][-1].change_rows}
    assert (rows["tên mô hình, điển hình"]["old"], rows["tên mô hình, điển hình"]["new"]) == ("Tên cũ", "Tên mới")
    assert (rows["loại"]["old"], rows["loại"]["new"]) == ("Mô hình", "Điển hình")
    assert rows["lĩnh vực"]["new"] == "đã thay đổi"
    assert "Cập nhật thông tin" in page_text(response)


def test_detail_query_count_does_not_grow_with_events_or_files(client, demo, django_assert_max_num_queries):
    from models_registry.models import Attachment

    practice = make_practice(demo.an_luu)
    client.force_login(demo.officer)

    def add_rows(count):
        for index in range(count):
            services.practice_update(practice=practice, actor=demo.officer, data={"title": f"Tên {index}"})
            Attachment.objects.create(
                practice=practice,
                file=f"evidence/x{index}.pdf",
                original_name="a.pdf",
                content_type="application/pdf",
                size=1,
            )

    add_rows(2)
    with django_assert_max_num_queries(20) as small:
        client.get(reverse("practice_detail", args=[practice.pk]))
    add_rows(15)
    with django_assert_max_num_queries(20) as large:
        response = client.get(reverse("practice_detail", args=[practice.pk]))
    assert len(response.context["timeline"]) == 17
    assert len(large.captured_queries) == len(small.captured_queries)


def test_opening_a_notification_marks_it_read_and_goes_to_the_practice(client, demo):
    practice = make_practice(demo.an_luu)
    url = reverse("practice_detail", args=[practice.pk])
    mine = Notification.objects.create(recipient=demo.officer, action="practice.returned", message="Trả lại", url=url)
    other = Notification.objects.create(recipient=demo.officer2, action="practice.returned", message="x", url=url)
    evil = Notification.objects.create(
        recipient=demo.officer, action="x", message="x", url="https://evil.example/phish"
    )
    client.force_login(demo.officer)
    assert client.get(reverse("notification_open", args=[mine.pk])).status_code == 405
    response = client.post(reverse("notification_open", args=[mine.pk]))
    assert response.status_code == 302 and response.url == url
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert client.post(reverse("notification_open", args=[other.pk])).status_code == 404
    other.refresh_from_db()
    assert other.read_at is None
    assert client.post(reverse("notification_open", args=[evil.pk])).url == reverse("notification_list")
