"""A small world of practices around the 6-month period of 2022 (15/12/2021 – 14/6/2022)."""

import datetime

import pytest

from models_registry.models import Field, PracticeState, Unit
from models_registry.models.practices import PracticeKind, PracticeSubject

from .helpers import practice_in

S = PracticeState
TONE_TITLE = "Mô hình Ấp Ủy Ngỡ Ngàng Hỏi Thăm Đạt Kết Quả Tốt ẵ ặ ữ ỹ ỵ"
THANH_HA_TITLE = "Mô hình Vườn vải Thanh Hà không được lọt sang Kinh Môn"
INSIDE = datetime.date(2022, 3, 1)
FIRST_DAY = datetime.date(2021, 12, 15)
LAST_DAY = datetime.date(2022, 6, 14)
BEFORE = datetime.date(2021, 12, 14)
AFTER = datetime.date(2022, 6, 15)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def world(demo, media):
    """Practices of Kinh Môn (two communes) and Thanh Hà, inside and just outside the h1 2022 period."""
    bach_dang = Unit.objects.get(name="Xã Bạch Đằng", parent=demo.kinh_mon)
    culture = Field.objects.get(code="van-hoa-xa-hoi")
    an_luu = demo.an_luu
    origin = practice_in(an_luu, S.RECOGNIZED, datetime.date(2021, 5, 1), title="Mô hình gốc năm 2021")
    made = [
        practice_in(
            an_luu,
            S.RECOGNIZED,
            INSIDE,
            title=TONE_TITLE,
            outstanding=True,
            money_mobilized_vnd=12_345_678,
            workdays_mobilized=321,
            land_donated_m2=450,
            people_reached=1_200,
            commended_on=INSIDE,
        ),
        practice_in(an_luu, S.RECOGNIZED, FIRST_DAY, subject=PracticeSubject.INDIVIDUAL, kind=PracticeKind.EXEMPLAR),
        practice_in(bach_dang, S.RECOGNIZED, LAST_DAY, field=culture, money_mobilized_vnd=1_000_000),
        practice_in(bach_dang, S.DISCONTINUED, INSIDE, field=culture),
        practice_in(an_luu, S.REGISTERED, INSIDE, replicated_from=origin),
        practice_in(an_luu, S.REGISTERED, INSIDE),
        practice_in(bach_dang, S.PROPOSED, INSIDE, title='=HYPERLINK("http://x";"bấm")'),
        practice_in(bach_dang, S.RETURNED, INSIDE),
        practice_in(an_luu, S.NOT_RECOGNIZED, INSIDE),
        practice_in(an_luu, S.DRAFT, INSIDE),
        # Just outside the period: never counted.
        practice_in(an_luu, S.RECOGNIZED, BEFORE, title="Công nhận ngày 14/12/2021"),
        practice_in(bach_dang, S.RECOGNIZED, AFTER, title="Công nhận ngày 15/6/2022"),
        practice_in(an_luu, S.REGISTERED, AFTER),
        # Another district: only in the provincial summary.
        practice_in(demo.thanh_an, S.RECOGNIZED, INSIDE, title=THANH_HA_TITLE, outstanding=True),
        practice_in(demo.thanh_an, S.REGISTERED, INSIDE),
    ]

    class World:
        pass

    World.demo = demo
    World.practices = [origin, *made]
    World.bach_dang = bach_dang
    return World
