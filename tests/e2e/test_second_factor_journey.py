"""A board member enrols the second factor in a real browser, then signs in on a phone with a backup code."""

import base64
import re

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from .conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, base_url, username):
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def test_reviewer_enrols_then_uses_a_backup_code_on_a_phone(journey, demo, settings):
    settings.SECOND_FACTOR_REQUIRED = True
    page = journey.new_page()
    sign_in(page, journey.base_url, "reviewer")
    expect(page.get_by_role("heading", name="Đăng ký xác thực hai bước")).to_be_visible()
    expect(page.get_by_alt_text("Mã QR để thêm tài khoản vào ứng dụng xác thực")).to_be_visible()
    journey.shot(page, "enrol desktop")

    # What the phone's authenticator app does with the key shown under the QR code.
    secret = page.locator("p.font-monospace").inner_text().replace(" ", "")
    page.get_by_label("Mã xác thực").fill(f"{totp(base64.b32decode(secret)):06d}")
    page.get_by_role("button", name="Hoàn tất đăng ký").click()
    expect(page.get_by_role("heading", name="Mã dự phòng")).to_be_visible()
    codes = [c.strip() for c in page.locator("ul.font-monospace li").all_inner_texts()]
    assert len(codes) == 10 and all(re.fullmatch(r"[a-z2-7]{8}", c) for c in codes)
    journey.shot(page, "backup codes")
    page.get_by_role("link", name="Tôi đã cất các mã, tiếp tục").click()
    expect(page.get_by_role("link", name="Chờ xét duyệt", exact=True)).to_be_visible()

    phone = journey.browser.new_context(locale="vi-VN", viewport={"width": 375, "height": 812}, is_mobile=True)
    journey.contexts.append(phone)
    mobile = phone.new_page()
    sign_in(mobile, journey.base_url, "reviewer")
    expect(mobile.get_by_role("heading", name="Xác thực hai bước")).to_be_visible()
    journey.shot(mobile, "code page phone")
    mobile.get_by_label("Mã xác thực").fill("000000")
    mobile.get_by_role("button", name="Xác nhận").click()
    expect(mobile.get_by_text("Mã xác thực không đúng hoặc đã hết hạn.")).to_be_visible()
    mobile.get_by_label("Mã xác thực").fill(codes[0])
    mobile.get_by_role("button", name="Xác nhận").click()
    expect(mobile.get_by_role("heading", name=re.compile("^Xin chào"))).to_be_visible()
    mobile.goto(journey.base_url + "/practices/999999999/")
    expect(mobile.get_by_role("heading", name="Không tìm thấy trang")).to_be_visible()
    journey.shot(mobile, "404 phone")
