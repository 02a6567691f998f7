"""Open data: exactly the public page's practices, no contact data, a licence, stable ids, cached."""

import csv
import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from api.open_data import COLUMNS, open_data_clear
from tests.models_registry.practice_helpers import make_practice
from tests.models_registry.review_fixtures import recognized

pytestmark = pytest.mark.django_db

CONTACT = {"contact_name": "Nguyễn Văn Liên Hệ", "contact_phone": "0912345678", "contact_email": "lienhe@xa.vn"}


@pytest.fixture
def showcase(demo):
    made = {
        "kinh_mon": recognized(demo.an_luu, title="Dân vận khéo xây nông thôn mới", outstanding=True, **CONTACT),
        "thanh_ha": recognized(demo.thanh_an, title='=HYPERLINK("http://x";"bấm")', **CONTACT),
    }
    # Never public: not (or no longer) recognized.
    for state in ("draft", "registered", "proposed", "returned", "not_recognized", "withdrawn", "discontinued"):
        make_practice(demo.an_luu, state=state, title=f"Không công khai {state}", **CONTACT)
    return made


def _json(client):
    return json.loads(client.get(reverse("open_data_json")).content)


def _csv_rows(client):
    text = client.get(reverse("open_data_csv")).content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def _xlsx_rows(client):
    workbook = load_workbook(io.BytesIO(client.get(reverse("open_data_xlsx")).content))
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    return [dict(zip(header, row, strict=True)) for row in body], workbook


def test_exactly_the_public_pages_practices(client, showcase):
    page = client.get(reverse("public_list"))
    public_ids = {practice.pk for practice in page.context["page"].object_list}
    assert public_ids == {p.pk for p in showcase.values()}
    assert {row["id"] for row in _json(client)["practices"]} == public_ids
    assert {int(row["id"]) for row in _csv_rows(client)} == public_ids
    assert {row["id"] for row in _xlsx_rows(client)[0]} == public_ids


def test_stable_ids_are_the_public_pages_and_rows_carry_the_decision(client, showcase):
    document = _json(client)
    row = next(r for r in document["practices"] if r["id"] == showcase["kinh_mon"].pk)
    assert row["url"].endswith(reverse("public_detail", args=[showcase["kinh_mon"].pk]))
    assert client.get(reverse("public_detail", args=[row["id"]])).status_code == 200
    assert row["outstanding"] is True and row["kind_label"] == "Mô hình"
    decision = showcase["kinh_mon"].recognitions.get().decision
    assert row["recognitions"] == [
        {
            "level": "district",
            "decision_number": decision.number,
            "decision_date": decision.date.isoformat(),
            "outstanding": True,
        }
    ]
    assert set(row) == set(COLUMNS)


def test_no_contact_data_in_any_format(client, showcase):
    for fmt in ("json", "csv", "xlsx"):
        content = client.get(reverse(f"open_data_{fmt}")).content
        if fmt == "xlsx":
            rows, _workbook = _xlsx_rows(client)
            content = repr(rows).encode()
        for value in CONTACT.values():
            assert value.encode() not in content, (fmt, value)


def test_licence_note(client, showcase, settings):
    document = _json(client)
    assert document["licence"]["url"] == settings.OPEN_DATA_LICENCE["url"]
    assert "ghi nguồn" in document["licence"]["note"]
    response = client.get(reverse("open_data_csv"))
    assert response["Link"] == f'<{settings.OPEN_DATA_LICENCE["url"]}>; rel="license"'
    _rows, workbook = _xlsx_rows(client)
    assert workbook.worksheets[1]["A3"].value == settings.OPEN_DATA_LICENCE["url"]


def test_spreadsheet_formulas_are_neutralized(client, showcase):
    titles = {row["title"] for row in _csv_rows(client)}
    assert '\'=HYPERLINK("http://x";"bấm")' in titles
    rows, _workbook = _xlsx_rows(client)
    assert all(not str(row["title"]).startswith("=") for row in rows)


def test_cached_and_revalidated(client, showcase, django_assert_num_queries):
    first = client.get(reverse("open_data_json"))
    assert "public" in first["Cache-Control"] and first["Access-Control-Allow-Origin"] == "*"
    with django_assert_num_queries(0):
        again = client.get(reverse("open_data_json"))
    assert again.content == first.content
    not_modified = client.get(reverse("open_data_json"), headers={"If-None-Match": first["ETag"]})
    assert not_modified.status_code == 304
    # A new recognition appears once the cached file expires (here: cleared).
    recognized(showcase["kinh_mon"].unit, title="Mô hình mới công nhận")
    assert len(_json(client)["practices"]) == 2
    open_data_clear()
    assert len(_json(client)["practices"]) == 3


def test_unknown_format_is_404(client, showcase):
    assert client.get("/public/data.xml").status_code == 404
    assert client.post(reverse("open_data_json")).status_code in (403, 405)


def test_the_public_page_links_the_files(client, showcase):
    page = client.get(reverse("public_list")).content.decode()
    for fmt in ("json", "csv", "xlsx"):
        assert f'href="{reverse(f"open_data_{fmt}")}"' in page
