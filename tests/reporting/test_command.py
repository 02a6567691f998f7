"""manage.py build_report: the same document, synchronously, for a district board or the province."""

import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook
from pypdf import PdfReader

from .conftest import THANH_HA_TITLE, TONE_TITLE

pytestmark = pytest.mark.django_db


def text_of(path):
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)


def test_build_report_for_a_district_and_the_province(world, tmp_path):
    out = io.StringIO()
    target = tmp_path / "kinh-mon.pdf"
    call_command("build_report", unit="292", year=2022, period="h1", out=str(target), stdout=out)
    text = text_of(target)
    assert text.startswith("THỊ ỦY KINH MÔN BAN DÂN VẬN *")
    assert TONE_TITLE in text and THANH_HA_TITLE not in text
    assert "4 practices recognized in the period" in out.getvalue()
    assert load_workbook(target.with_suffix(".xlsx"))["Phụ lục"].max_row == 5  # header + 4 practices

    summary = tmp_path / "hai-duong.pdf"
    call_command("build_report", unit="30", year=2022, period="h1", out=str(summary), stdout=io.StringIO())
    text = text_of(summary)
    assert text.startswith("TỈNH ỦY HẢI DƯƠNG BAN DÂN VẬN *")
    assert TONE_TITLE in text and THANH_HA_TITLE in text


def test_build_report_refuses_a_commune(world, tmp_path):
    with pytest.raises(CommandError):
        call_command("build_report", unit=world.demo.an_luu.code, year=2022, period="h1", out=str(tmp_path / "x.pdf"))
    with pytest.raises(CommandError):
        call_command("build_report", unit="nope", year=2022, period="h1")
