"""Who speaks for a unit on a date, in which words (models_registry.bodies)."""

import dataclasses
import datetime

import pytest

from models_registry.bodies import current_phase, document_identity, implemented_plan
from models_registry.models import Body, Phase, Plan
from models_registry.models.bodies import SigningForm

pytestmark = pytest.mark.django_db
DAY_2023 = datetime.date(2023, 6, 14)


def test_a_district_board_before_the_reform(demo):
    identity = document_identity(demo.kinh_mon, on=DAY_2023)
    assert identity.unit_id == demo.kinh_mon.pk
    assert identity.body_name == "Ban Dân vận Thị ủy Kinh Môn"
    assert identity.header_lines == ("THỊ ỦY KINH MÔN", "BAN DÂN VẬN")
    assert identity.symbol == "BDVTXU"
    assert identity.number("12", "BC") == "12-BC/BDVTXU"
    assert identity.place == "Kinh Môn"
    assert identity.level_name == "cấp huyện"
    assert identity.signature_lines == ("T/M BAN DÂN VẬN", "TRƯỞNG BAN")
    assert identity.reports_to == "Ban Dân vận Tỉnh ủy Hải Dương"
    assert document_identity(demo.thanh_ha, on=DAY_2023).symbol == "BDVHU"


def test_a_commune_is_spoken_for_by_its_district_board(demo):
    assert document_identity(demo.an_luu, on=DAY_2023).body_name == "Ban Dân vận Thị ủy Kinh Môn"


def test_the_province(demo):
    identity = document_identity(demo.province, on=DAY_2023)
    assert identity.header_lines == ("TỈNH ỦY HẢI DƯƠNG", "BAN DÂN VẬN")
    assert (identity.symbol, identity.level_name) == ("BDVTU", "cấp tỉnh")


def test_the_identity_is_frozen(demo):
    identity = document_identity(demo.kinh_mon, on=DAY_2023)
    with pytest.raises(dataclasses.FrozenInstanceError):
        identity.symbol = "X"


def test_words_are_data_per_date(demo):
    """A board renamed on a date: documents before keep the old words, documents after carry the new ones."""
    Body.objects.filter(unit=demo.kinh_mon).update(valid_until=datetime.date(2024, 12, 31))
    Body.objects.create(
        unit=demo.kinh_mon,
        valid_from=datetime.date(2025, 1, 1),
        name="Ban Dân vận Thị ủy Kinh Môn (mới)",
        header_upper="THỊ ỦY KINH MÔN",
        header_body="BAN DÂN VẬN",
        symbol="BDVTU",
        place="Kinh Môn",
        level_name="cấp huyện",
        signing_form=SigningForm.DEPUTY,
        collective="BAN DÂN VẬN",
        head_title="TRƯỞNG BAN",
        signer_title="PHÓ TRƯỞNG BAN",
        signer_name="Nguyễn Văn An",
    )
    before = document_identity(demo.kinh_mon, on=DAY_2023)
    after = document_identity(demo.kinh_mon, on=datetime.date(2025, 3, 1))
    assert (before.symbol, before.signature_lines) == ("BDVTXU", ("T/M BAN DÂN VẬN", "TRƯỞNG BAN"))
    assert (after.symbol, after.signature_lines) == ("BDVTU", ("K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"))
    assert after.signer_name == "Nguyễn Văn An"


def test_signing_in_person_has_only_the_title(demo):
    Body.objects.filter(unit=demo.kinh_mon).update(signing_form=SigningForm.PLAIN)
    assert document_identity(demo.kinh_mon, on=DAY_2023).signature_lines == ("TRƯỞNG BAN",)


def test_two_queries(demo, django_assert_num_queries):
    with django_assert_num_queries(2):
        document_identity(demo.an_luu, on=DAY_2023)


def test_current_phase_turns_on_new_year():
    assert current_phase(on=datetime.date(2025, 12, 31)).name == "2021–2025"
    assert current_phase(on=datetime.date(2026, 1, 1)).name == "2026–2030"


def test_today_one_phase_is_marked_current():
    assert list(Phase.objects.filter(is_current=True)) == [current_phase()]


def test_a_board_implements_its_own_plan_or_the_provinces(demo):
    phase = Phase.objects.get(name="2021–2025")
    provincial = Plan.objects.create(
        unit=demo.province,
        phase=phase,
        number="25-KH/BDVTU",
        date=datetime.date(2021, 3, 1),
        title="thực hiện phong trào thi đua “Dân vận khéo” giai đoạn 2021 – 2025",
        issuer="Ban Dân vận Tỉnh ủy Hải Dương",
    )
    assert implemented_plan(demo.thanh_ha, on=DAY_2023) == provincial
    own = Plan.objects.create(
        unit=demo.kinh_mon, phase=phase, number="07-KH/BDVTXU", date=datetime.date(2021, 4, 2), title="t", issuer="i"
    )
    assert implemented_plan(demo.kinh_mon, on=DAY_2023) == own
    assert implemented_plan(demo.kinh_mon, on=datetime.date(2026, 3, 1)) is None
    assert provincial.citation.startswith("Kế hoạch số 25-KH/BDVTU ngày 01/03/2021 của Ban Dân vận Tỉnh ủy Hải Dương")
