"""The numbering register page and its Excel export: scope by role, filters, query count, formulas kept as text."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ..helpers import district_decision, provincial_decision

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def issued(demo):
    from models_registry import services
    from tests.models_registry.review_fixtures import proposed

    kinh_mon, practices = district_decision(demo)
    provincial = provincial_decision(demo, practices)
    thanh_ha = services.decision_issue(
        actor=demo.reviewer2,
        board=demo.thanh_ha,
        practices=[proposed(demo.thanh_an, title='=HYPERLINK("http://x")')],
        number="",
        date=kinh_mon.date,
        signer="Nguyễn Văn A",
    )
    return {"kinh_mon": kinh_mon, "provincial": provincial, "thanh_ha": thanh_ha}


# Which decisions' numbers each role reads in the register (Kinh Môn, the province's, Thanh Hà).
VISIBLE = {
    "reviewer": {"kinh_mon"},
    "reviewer2": {"thanh_ha"},
    "provincial": {"kinh_mon", "provincial", "thanh_ha"},
    "admin": {"kinh_mon", "provincial", "thanh_ha"},
}


@pytest.mark.parametrize("username", [*VISIBLE, "officer", "officer2", None])
@pytest.mark.parametrize("view", ["register", "register_export"])
def test_register_by_role(client, demo, issued, username, view):
    if username:
        client.force_login(demo.users[username])
    response = client.get(reverse(view))
    if username is None:
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
        return
    if username not in VISIBLE:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    if view == "register":
        page = response.content.decode()
        shown = {key for key, decision in issued.items() if f"/decisions/{decision.pk}/" in page}
    else:
        sheet = load_workbook(io.BytesIO(response.content)).active
        numbers = {row[0] for row in sheet.iter_rows(min_row=5, values_only=True)}
        issuers = {row[4] for row in sheet.iter_rows(min_row=5, values_only=True)}
        shown = {key for key, d in issued.items() if d.number in numbers and d.board.name in issuers}
    assert shown == VISIBLE[username]


def test_register_lines_say_number_date_type_subject_issuer_and_term(client, demo, issued):
    client.force_login(demo.provincial)
    response = client.get(reverse("register_export"), {"issuer": demo.kinh_mon.pk, "doc_type": "QĐ", "year": 2026})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=5, values_only=True))
    assert len(rows) == 1
    number, day, kind, subject, issuer, term, seq, manual, *_rest = rows[0]
    assert (number, day, kind, issuer, term, seq, manual) == (
        "01-QĐ/BDVTXU",
        "02/03/2026",
        "Quyết định",
        "Thị xã Kinh Môn",
        "2025–2030",
        1,
        None,  # an empty cell: the register gave the number
    )
    assert subject == "Về việc công nhận mô hình, điển hình “Dân vận khéo” (2 mô hình, điển hình)"
    page = client.get(reverse("register"), {"issuer": demo.thanh_ha.pk}).content.decode()
    assert "01-QĐ/BDVHU" in page and "01-QĐ/BDVTXU" not in page
    assert f"{reverse('register_export')}?issuer={demo.thanh_ha.pk}" in page


def test_a_subject_that_looks_like_a_formula_stays_text(client, demo, issued):
    from documents.models import RegisterEntry

    RegisterEntry.objects.filter(decision=issued["thanh_ha"]).update(subject='=HYPERLINK("http://x")')
    client.force_login(demo.reviewer2)
    sheet = load_workbook(io.BytesIO(client.get(reverse("register_export")).content)).active
    cell = sheet.cell(row=5, column=4)
    assert cell.value == '=HYPERLINK("http://x")' and cell.data_type == "s" and cell.quotePrefix


def test_register_page_query_count_does_not_grow_with_lines(client, demo, django_assert_max_num_queries):
    from django.db import transaction

    from documents.services.numbering import number_take

    from ..helpers import DAY

    with transaction.atomic():
        for _ in range(40):
            number_take(issuer=demo.kinh_mon, doc_type="CV", on=DAY, subject="Công văn", actor=demo.reviewer)
    client.force_login(demo.reviewer)
    with django_assert_max_num_queries(10):  # session, user, memberships, issuers of the filter, count, page
        response = client.get(reverse("register"))
    assert response.content.decode().count("-CV/BDVTXU") == 40


@pytest.mark.parametrize("value", ["99999999999999999999999", "-1", "abc", "1e5"])
def test_a_malformed_issuer_filter_is_ignored_not_an_error(client, demo, value):
    client.force_login(demo.provincial)
    assert client.get(reverse("register"), {"issuer": value}).status_code == 200
    assert client.get(reverse("register_export"), {"issuer": value, "year": value}).status_code == 200
