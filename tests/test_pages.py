import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ROLE_HEADINGS = {
    "officer": "Đăng ký mô hình, điển hình",
    "officer2": "Đăng ký mô hình, điển hình",
    "reviewer": "Xét duyệt, công nhận",
    "reviewer2": "Xét duyệt, công nhận",
    "provincial": "Theo dõi toàn tỉnh",
}


def test_login_page_is_vietnamese(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "Đăng nhập Cổng Dân vận khéo" in response.content.decode()


def test_home_is_the_showcase_for_visitors_and_pages_require_login(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "Mô hình, điển hình “Dân vận khéo” được công nhận" in response.content.decode()
    response = client.get(reverse("practice_list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("username", sorted(ROLE_HEADINGS))
def test_each_demo_login_reaches_its_home_page(client, demo, username):
    response = client.post(reverse("login"), {"username": username, "password": "danvan2021"}, follow=True)
    page = response.content.decode()
    assert response.status_code == 200
    assert ROLE_HEADINGS[username] in page
    for other in set(ROLE_HEADINGS.values()) - {ROLE_HEADINGS[username]}:
        assert other not in page


def test_wrong_password_shows_vietnamese_error(client, demo):
    response = client.post(reverse("login"), {"username": "officer", "password": "sai"})
    assert response.status_code == 200
    assert "Vui lòng nhập đúng" in response.content.decode()


def test_logout_and_password_change(client, demo):
    client.force_login(demo.officer)
    assert client.get(reverse("password_change")).status_code == 200
    response = client.post(
        reverse("password_change"),
        {"old_password": "danvan2021", "new_password1": "Mat-khau-moi-2026", "new_password2": "Mat-khau-moi-2026"},
    )
    assert response.status_code == 302
    client.post(reverse("logout"))
    assert client.get(reverse("practice_list")).status_code == 302
    assert "showcase-filters" in client.get(reverse("home")).content.decode()


def test_language_switch_sticks_and_ignores_browser_language(client, demo):
    client.force_login(demo.reviewer)
    assert '<html lang="vi">' in client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": reverse("home")})
    assert '<html lang="en">' in client.get(reverse("home")).content.decode()


def test_dates_are_dd_mm_yyyy_in_vietnamese():
    import datetime

    from django import forms
    from django.utils import formats, translation

    with translation.override("vi"):
        assert formats.date_format(datetime.date(2022, 6, 14), "SHORT_DATE_FORMAT") == "14/06/2022"
        assert forms.DateField().clean("14/06/2022") == datetime.date(2022, 6, 14)


def test_home_shows_where_the_users_practices_stand(client, demo):
    from models_registry.models import PracticeState
    from tests.factories import PracticeFactory

    PracticeFactory(unit=demo.an_luu, state=PracticeState.RETURNED)
    PracticeFactory(unit=demo.an_luu, state=PracticeState.RETURNED)
    PracticeFactory(unit=demo.thanh_an, state=PracticeState.RETURNED)  # another district: not counted
    client.force_login(demo.officer)
    page = client.get(reverse("home")).content.decode()
    counts = page.split('id="state-counts"')[1].split("</div>")[0]
    assert (
        f'href="{reverse("practice_list")}?state=returned">Trả lại để bổ sung <span class="badge text-bg-light">2</span>'
        in (" ".join(counts.split()))
    )
    assert "btn-warning" in counts


def test_admin_edits_a_users_memberships_on_the_user_page(client, demo):
    client.force_login(demo.admin)
    page = client.get(reverse("admin:auth_user_change", args=[demo.reviewer.pk])).content.decode()
    assert 'name="memberships-0-unit"' in page
    assert client.get(reverse("admin:models_registry_unit_changelist") + "?q=An+L%C6%B0u").status_code == 200
    assert client.get(reverse("admin:models_registry_membership_changelist")).status_code == 200


def test_whole_number_error_reads_naturally_in_vietnamese():
    from django import forms
    from django.utils import translation

    with translation.override("vi"), pytest.raises(forms.ValidationError) as error:
        forms.IntegerField().clean("một trăm")
    assert error.value.messages == ["Vui lòng nhập một số nguyên."]


def test_provincial_pages_name_the_whole_territory_from_the_units(client, demo):
    """Hải Dương's staff follow "toàn tỉnh"; the board of a city under the central government (Hải Phòng after the
    reform) follows "toàn thành phố": the words come from the unit's kind, not from the date."""
    from models_registry.models import Membership, Role, UnitKind, UnitLevel
    from tests.factories import UnitFactory, UserFactory

    city_unit = UnitFactory(name="Thành phố Thử Nghiệm", level=UnitLevel.PROVINCE, kind=UnitKind.CENTRAL_CITY)
    city = UserFactory(username="city_board_test")
    Membership.objects.create(user=city, unit=city_unit, role=Role.PROVINCIAL)
    pages = {}
    for user in (demo.provincial, city):
        client.force_login(user)
        pages[user.username] = (
            client.get(reverse("home")).content.decode(),
            client.get(reverse("report_list")).content.decode(),
        )
    home, reports = pages["provincial"]
    assert "Theo dõi toàn tỉnh" in home and "toàn thành phố" not in home
    assert "Tỉnh Hải Dương — báo cáo tổng hợp toàn tỉnh" in reports
    client.force_login(demo.provincial)
    one_board = client.get(reverse("dashboard"), {"district": demo.kinh_mon.pk}).content.decode()
    assert ">Toàn tỉnh</a>" in one_board
    home, reports = pages["city_board_test"]
    assert "Theo dõi toàn thành phố" in home and "toàn tỉnh" not in home
    assert "Thành phố Thử Nghiệm — báo cáo tổng hợp toàn thành phố" in reports and "toàn tỉnh" not in reports
