"""Document downloads: every view for every role, in and out of scope (out of scope is a 404)."""

import pytest
from django.urls import reverse

from ..helpers import district_decision, pdf_reader, pdf_text

pytestmark = pytest.mark.django_db

# Kinh Môn's decision and An Lưu's practice: who gets what (None = anonymous, sent to the login page).
DECISION_ACCESS = {
    "reviewer": 200,
    "provincial": 200,
    "admin": 200,
    "reviewer2": 404,
    "officer": 404,
    "officer2": 404,
    None: 302,
}
SHEET_ACCESS = {**DECISION_ACCESS, "officer": 200}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def issued(demo):
    return district_decision(demo)


def get(client, demo, username, url):
    if username:
        client.force_login(demo.users[username])
    return client.get(url)


@pytest.mark.parametrize("username, status", DECISION_ACCESS.items())
def test_decision_document_by_role(client, demo, issued, username, status):
    decision, _practices = issued
    response = get(client, demo, username, reverse("decision_document", args=[decision.pk]))
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "application/pdf"
        assert "attachment" in response["Content-Disposition"] and "01-Q" in response["Content-Disposition"]
        assert "Số 01-QĐ/BDVTXU" in pdf_text(response.content)
    elif status == 302:
        assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("username, status", DECISION_ACCESS.items())
def test_decision_certificates_by_role(client, demo, issued, username, status):
    decision, practices = issued
    url = reverse("decision_certificates", args=[decision.pk])
    response = get(client, demo, username, url)
    assert response.status_code == status
    if status == 200:
        assert len(pdf_reader(response.content).pages) == 2
        one = client.get(url, {"practice": practices[0].pk})
        assert one.status_code == 200 and len(pdf_reader(one.content).pages) == 1


@pytest.mark.parametrize("value", ["abc", "-1", "999999"])
def test_a_certificate_of_a_practice_outside_the_decision_is_404(client, demo, issued, value):
    decision, _practices = issued
    client.force_login(demo.reviewer)
    assert client.get(reverse("decision_certificates", args=[decision.pk]), {"practice": value}).status_code == 404


@pytest.mark.parametrize("username, status", SHEET_ACCESS.items())
def test_registration_sheet_by_role(client, demo, issued, username, status):
    _decision, practices = issued
    response = get(client, demo, username, reverse("practice_sheet", args=[practices[0].pk]))
    assert response.status_code == status
    if status == 200:
        assert "PHIẾU ĐĂNG KÝ" in pdf_text(response.content)


def test_decision_and_practice_pages_link_to_their_documents(client, demo, issued):
    decision, practices = issued
    client.force_login(demo.reviewer)
    page = client.get(reverse("decision_detail", args=[decision.pk])).content.decode()
    assert reverse("decision_document", args=[decision.pk]) in page
    assert f"{reverse('decision_certificates', args=[decision.pk])}?practice={practices[0].pk}" in page
    page = client.get(reverse("practice_detail", args=[practices[0].pk])).content.decode()
    assert reverse("practice_sheet", args=[practices[0].pk]) in page


def test_the_decision_list_leads_to_the_register_and_the_books(client, demo):
    client.force_login(demo.reviewer)
    page = client.get(reverse("decision_list")).content.decode()
    assert reverse("register") in page and reverse("book_list") in page
