"""The interface in English through Django's translation machinery, and Vietnamese everywhere by default.

The msgids are Vietnamese (the source language); locale/en holds the English catalogue and locale/vi only the
Django and django-filter strings that their own Vietnamese catalogues lack.
"""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from models_registry.models import PracticeState
from tests.models_registry.practice_helpers import make_practice
from tests.models_registry.review_fixtures import proposed

pytestmark = pytest.mark.django_db

LOCALE = settings.BASE_DIR / "locale"

# (English, Vietnamese) pairs that must follow the chosen language.
NAVBAR = [("Home", "Trang chủ"), ("Notifications", "Thông báo"), ("Log out", "Đăng xuất")]
HOME_CARDS = {
    "officer": [
        ("Register models and exemplars", "Đăng ký mô hình, điển hình"),
        ("Our unit's practices", "Mô hình của đơn vị"),
    ],
    "reviewer": [("Review and recognition", "Xét duyệt, công nhận"), ("Board reports", "Báo cáo của Ban")],
    # "Công nhận cấp tỉnh" names its level from the units ("cấp thành phố" for Hải Phòng): no fixed English string.
    "provincial": [("Province overview", "Theo dõi toàn tỉnh"), ("Recognition decisions", "Quyết định công nhận")],
}


def page_of(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, url
    return response.content.decode()


def in_language(client, lang):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    return client


@pytest.mark.parametrize("username", sorted(HOME_CARDS))
def test_home_page_and_navbar_in_english(client, demo, username):
    client.force_login(demo.users[username])
    page = page_of(in_language(client, "en"), reverse("home"))
    assert '<html lang="en">' in page
    for english, vietnamese in NAVBAR + HOME_CARDS[username]:
        assert english in page
        assert vietnamese not in page
    # The switch offers the other language.
    assert 'name="language" value="vi"' in page


@pytest.mark.parametrize("username", sorted(HOME_CARDS))
def test_home_page_and_navbar_in_vietnamese(client, demo, username):
    client.force_login(demo.users[username])
    for page in (page_of(client, reverse("home")), page_of(in_language(client, "vi"), reverse("home"))):
        assert '<html lang="vi">' in page
        for english, vietnamese in NAVBAR + HOME_CARDS[username]:
            assert vietnamese in page
            assert english not in page
        assert 'name="language" value="en"' in page


def test_english_browser_still_gets_vietnamese_until_the_user_switches(client, demo):
    """Office PCs often run an English browser: Accept-Language alone must not switch the portal."""
    client.force_login(demo.reviewer)
    page = page_of(client, reverse("home"), HTTP_ACCEPT_LANGUAGE="en")
    assert "Xét duyệt, công nhận" in page
    assert "Review and recognition" not in page


def test_practice_list_in_english_with_plural_count(client, demo):
    make_practice(demo.an_luu)
    client.force_login(demo.officer)
    page = page_of(in_language(client, "en"), reverse("practice_list"))
    assert '<h1 class="h3 mb-0">Models and exemplars</h1>' in page
    assert "Export to Excel" in page
    assert "1 model or exemplar" in page
    # Form labels and choices come from the catalogue too (filters, model choices).
    assert "All statuses" in page
    assert "Returned for revision" in page
    assert "Newest first" in page
    for vietnamese in ("Xuất Excel", "Tất cả trạng thái", "Trả lại để bổ sung", "Mới nhất trước"):
        assert vietnamese not in page

    make_practice(demo.an_luu)
    assert "2 models and exemplars" in page_of(client, reverse("practice_list"))


def test_practice_list_sort_labels_are_vietnamese(client, demo):
    """django-filter has no Vietnamese catalogue: every sort option carries our own label."""
    client.force_login(demo.officer)
    page = page_of(client, reverse("practice_list"))
    assert "descending" not in page
    assert "Đơn vị (Z–A)" in page
    assert "Tên (Z–A)" in page


def test_login_page_title_in_both_languages(client):
    page = page_of(in_language(client, "en"), reverse("login"))
    assert "Log in to the Dân vận khéo portal" in page
    assert "Đăng nhập Cổng Dân vận khéo" not in page
    page = page_of(in_language(client, "vi"), reverse("login"))
    assert "Đăng nhập Cổng Dân vận khéo" in page
    assert "Log in to the Dân vận khéo portal" not in page


def test_review_buttons_and_state_in_english(client, demo):
    """A button and a state label share a Vietnamese msgid; contexts keep each English phrase right."""
    practice = proposed(demo.an_luu)
    client.force_login(demo.reviewer)
    page = page_of(in_language(client, "en"), reverse("practice_detail", args=[practice.pk]))
    assert "Review and recognition" in page
    assert "Return for revision" in page
    assert "Do not recognize" in page
    assert "Proposed for recognition" in page  # the state badge
    page = page_of(in_language(client, "vi"), reverse("practice_detail", args=[practice.pk]))
    assert "Trả lại để bổ sung" in page
    assert "Return for revision" not in page
    assert PracticeState.PROPOSED.label == "Đề nghị công nhận"


def test_flash_message_in_english(client, demo):
    practice = make_practice(demo.an_luu, state=PracticeState.DRAFT)
    client.force_login(demo.officer)
    response = in_language(client, "en").post(
        reverse("practice_submit", args=[practice.pk]), {"expected_version": practice.version}, follow=True
    )
    assert response.status_code == 200
    assert "The practice is registered with Ban Dân vận Thị ủy Kinh Môn." in response.content.decode()


def test_switching_language_through_setlang(client, demo):
    client.force_login(demo.officer)
    assert "Đăng xuất" in page_of(client, reverse("practice_list"))

    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("practice_list")})
    assert response.status_code == 302
    assert response.url == reverse("practice_list")
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = page_of(client, response.url)
    assert "Log out" in page
    assert "Đăng xuất" not in page

    response = client.post(reverse("set_language"), {"language": "vi", "next": reverse("practice_list")})
    assert response.status_code == 302
    page = page_of(client, response.url)
    assert "Đăng xuất" in page
    assert "Log out" not in page


def test_setlang_refuses_foreign_next(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "https://example.com/"})
    assert response.status_code == 302
    assert response.url == "/"


def test_csrf_failure_page_is_vietnamese(demo):
    """A form posted without the cookie shows the portal's own CSRF page (danvan/errors.py), saying why."""
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "officer", "password": "danvan2021"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Biểu mẫu đã hết hạn" in page
    assert "Trình duyệt không gửi cookie của Cổng" in page
    assert "CSRF verification failed" not in page
    assert "You are seeing this message" not in page


def test_admin_in_both_languages(client, demo):
    client.force_login(demo.admin)
    page = page_of(client, reverse("admin:models_registry_practice_changelist"))
    assert "Cổng Dân vận khéo — Quản trị" in page
    assert "Chuyển đến nội dung chính" in page  # Django's vi catalogue lacks it
    assert "Skip to main content" not in page
    page = page_of(in_language(client, "en"), reverse("admin:models_registry_practice_changelist"))
    assert "Dân vận khéo portal — Administration" in page
    assert "Skip to main content" in page


def test_paginator_messages_are_vietnamese():
    from django.core.paginator import EmptyPage, Paginator
    from django.utils import translation

    with translation.override("vi"):
        with pytest.raises(EmptyPage) as raised:
            Paginator([1, 2], 1).page(5)
        # The message is lazy: read it while Vietnamese is active.
        assert str(raised.value) == "Trang này không có kết quả nào"


# --- the catalogues themselves -----------------------------------------------------------------------------


def parse_po(path):
    """A tiny .po reader: entries as dicts with flags, msgctxt, msgid, msgid_plural and msgstr / msgstr[n]."""
    entries, entry, key = [], None, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if entry and "msgid" in entry:
                entries.append(entry)
            entry, key = None, None
            continue
        if line.startswith("#~"):  # obsolete entries are not compiled
            continue
        entry = entry if entry is not None else {"flags": set()}
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[key] += ast.literal_eval(line)
        else:
            key, _space, value = line.partition(" ")
            entry[key] = ast.literal_eval(value)
    return [e for e in entries if e["msgid"]]  # the header has an empty msgid


PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]|%[sd]")


def translations_of(entry):
    return [v for k, v in entry.items() if k == "msgstr" or k.startswith("msgstr[")]


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_every_msgid_is_translated_and_keeps_its_placeholders(lang):
    entries = parse_po(LOCALE / lang / "LC_MESSAGES" / "django.po")
    assert len(entries) > (400 if lang == "en" else 10)
    for entry in entries:
        assert "fuzzy" not in entry["flags"], entry["msgid"]
        strings = translations_of(entry)
        assert strings and all(strings), entry["msgid"]
        if "msgid_plural" in entry:
            assert len(strings) == (2 if lang == "en" else 1), entry["msgid"]
        for string in strings:
            assert sorted(PLACEHOLDER.findall(string)) == sorted(PLACEHOLDER.findall(entry["msgid"])), string


def test_vietnamese_overrides_still_match_a_django_string():
    """locale/vi only overrides Django's and django-filter's msgids; one that they reworded would never match."""
    import django
    import django_filters

    sources = set()
    for package, pattern in (
        (django, "**/locale/en/LC_MESSAGES/django.po"),
        (django_filters, "locale/*/LC_MESSAGES/django.po"),
    ):
        for path in Path(package.__file__).parent.glob(pattern):
            sources.update(entry["msgid"] for entry in parse_po(path))
    overrides = {entry["msgid"] for entry in parse_po(LOCALE / "vi" / "LC_MESSAGES" / "django.po")}
    assert overrides - sources == set()


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_compiled_catalogue_matches_the_po(lang):
    """The committed .mo carries exactly what the .po says (a fresh machine may lack gettext's msgfmt)."""
    directory = LOCALE / lang / "LC_MESSAGES"
    with open(directory / "django.mo", "rb") as mo:
        compiled = gettext.GNUTranslations(mo)._catalog
    expected = {}
    for entry in parse_po(directory / "django.po"):
        key = entry["msgid"] if "msgctxt" not in entry else f"{entry['msgctxt']}\x04{entry['msgid']}"
        if "msgid_plural" in entry:
            for k, v in entry.items():
                if k.startswith("msgstr["):
                    expected[(key, int(k[7:-1]))] = v
        else:
            expected[key] = entry["msgstr"]
    compiled.pop("", None)  # the header
    assert compiled == expected
