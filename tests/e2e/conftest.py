"""Browser journeys: headless Debian Chromium driven by Playwright, against pytest-django's live server.

Screenshots of each journey's key pages go to test-artifacts/e2e/<test>/ (git-ignored).
"""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

ROOT = Path(__file__).resolve().parent.parent.parent
ARTIFACTS = ROOT / "test-artifacts" / "e2e"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--lang=vi-VN",  # the browser's own strings (file picker…) in Vietnamese, as on the officials' PCs
]
PASSWORD = "danvan2021"

expect.set_options(timeout=15_000)


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make system-deps` (apt-get install chromium).")
    # Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make between browser
    # steps are still synchronous, so Django's async-safety check is told so, only while the browser runs
    # (subprocesses started meanwhile, e.g. `check --deploy`, must not inherit it).
    saved = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            yield browser
            browser.close()
    finally:
        if saved is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = saved


class Journey:
    """Opens one browser context per person and numbers the screenshots of the journey."""

    def __init__(self, browser, base_url, name):
        self.browser = browser
        self.base_url = base_url
        self.dir = ARTIFACTS / name
        self.dir.mkdir(parents=True, exist_ok=True)
        for old in self.dir.glob("*.png"):
            old.unlink()
        self.count = 0
        self.contexts = []

    def new_page(self, viewport=None):
        context = self.browser.new_context(
            locale="vi-VN", viewport=viewport or {"width": 1280, "height": 900}, accept_downloads=True
        )
        self.contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(20_000)
        return page

    def login(self, username, viewport=None):
        page = self.new_page(viewport)
        page.goto(self.base_url + "/accounts/login/")
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        if page.viewport_size["width"] >= 992:
            expect(page.get_by_role("link", name="Trang chủ")).to_be_visible()
        else:  # the navigation bar is folded into its menu button on a phone
            expect(page.locator("#mainnav form[action$='/logout/']")).to_be_attached()
        return page

    def shot(self, page, label):
        self.count += 1
        slug = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
        path = self.dir / f"{self.count:02d}-{slug}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    def close(self):
        for context in self.contexts:
            context.close()


@pytest.fixture
def journey(browser, live_server, request):
    journey = Journey(browser, live_server.url, request.node.name)
    yield journey
    journey.close()
