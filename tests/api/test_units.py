"""Units in the caller's scope as they stood on a date."""

from datetime import date

import pytest
from django.urls import reverse

from models_registry.models import Unit, UnitKind, UnitLevel

from .conftest import ROLES

pytestmark = pytest.mark.django_db


@pytest.fixture
def old_commune(demo):
    """A commune of Kinh Môn that existed until 2019 (merged away)."""
    return Unit.objects.create(
        code="T-OLD-1",
        name="Xã Đã Sáp Nhập",
        level=UnitLevel.COMMUNE,
        kind=UnitKind.COMMUNE,
        parent=demo.kinh_mon,
        valid_from=date(2000, 1, 1),
        valid_until=date(2019, 12, 31),
    )


def _ids(response):
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize("role", ROLES)
def test_units_by_role(api, demo, role):
    listing = api.get(role, reverse("api:unit-list"), {"parent": demo.kinh_mon.pk, "page_size": 200})
    an_luu = api.get(role, reverse("api:unit-detail", args=[demo.an_luu.pk]))
    thanh_an = api.get(role, reverse("api:unit-detail", args=[demo.thanh_an.pk]))
    if role == "anonymous":
        assert {listing.status_code, an_luu.status_code, thanh_an.status_code} == {401}
        return
    sees_kinh_mon = role in ("officer", "reviewer", "provincial")
    sees_thanh_ha = role in ("officer2", "reviewer2", "provincial")
    assert an_luu.status_code == (200 if sees_kinh_mon else 404)
    assert thanh_an.status_code == (200 if sees_thanh_ha else 404)
    ids = _ids(listing)
    assert (demo.an_luu.pk in ids) is sees_kinh_mon
    if role == "officer":  # an officer of An Lưu sees An Lưu's subtree, not its neighbours
        assert ids == {demo.an_luu.pk}
    if an_luu.status_code == 200:
        assert an_luu.json()["name"] == "Phường An Lưu"


def test_as_of_a_date(api, demo, old_commune):
    today = api.get("reviewer", reverse("api:unit-list"), {"parent": demo.kinh_mon.pk, "page_size": 200})
    back_then = api.get(
        "reviewer", reverse("api:unit-list"), {"parent": demo.kinh_mon.pk, "as_of": "2019-06-01", "page_size": 200}
    )
    assert old_commune.pk not in _ids(today)
    assert old_commune.pk in _ids(back_then)
    detail = api.get("reviewer", reverse("api:unit-detail", args=[old_commune.pk]), {"as_of": "2019-06-01"})
    assert detail.status_code == 200 and detail.json()["valid_until"] == "2019-12-31"
    assert api.get("reviewer", reverse("api:unit-detail", args=[old_commune.pk])).status_code == 404


def test_bad_parameters_are_400(api, demo):
    for params in ({"as_of": "31/12/2019"}, {"parent": "x"}, {"level": "galaxy"}):
        response = api.get("reviewer", reverse("api:unit-list"), params)
        assert response.status_code == 400, params


def test_parameters_python_reads_as_digits_are_400_not_500(api, demo):
    # "²" is a digit to str.isdigit() but not to int(); 20 digits overflow PostgreSQL's bigint.
    for parent in ("²", "9" * 20):
        response = api.get("reviewer", reverse("api:unit-list"), {"parent": parent})
        assert response.status_code == 400, parent
    for year in ("²", "99999"):
        response = api.get("reviewer", reverse("api:report-list"), {"year": year})
        assert response.status_code == 400, year
