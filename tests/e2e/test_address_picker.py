"""Issue 10, bug 12: choosing a province fills the commune list at once (core/address.js, allowed by the
CSP), with no page load; without JavaScript the button does it (tests/core/test_address_form.py)."""

import pytest
from playwright.sync_api import expect

from hangviet.core.text import sort_key

pytestmark = pytest.mark.django_db(transaction=True)


def test_choosing_a_province_at_checkout_lists_its_communes_without_a_button(open_page, shot, f):
    f.commune()  # Vĩnh Long's Phường Trà Vinh, the list offered first
    can_tho = f.province("92", "Thành phố Cần Thơ")
    f.commune("31150", "Phường Ninh Kiều", can_tho)
    f.commune("31153", "Phường Cái Khế", can_tho)
    product = f.product(f.seller(), slug="keo-dua", name="Kẹo dừa")
    page = open_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"/p/{product.slug}/")
    page.get_by_role("button", name="Thêm vào giỏ").click()
    page.goto("/cart/")
    page.get_by_role("link", name="Đặt hàng").click()
    expect(page.get_by_role("button", name="Hiện xã/phường của tỉnh đã chọn")).to_be_hidden()
    page.evaluate("window.stayed = true")  # gone if the page were loaded again
    page.get_by_label("Tỉnh/thành phố").select_option("92")
    communes = page.get_by_label("Xã/phường/đặc khu")
    expect(communes.locator("option[value='31150']")).to_be_attached()
    names = communes.locator("option").all_inner_texts()
    assert names[0] == "— Chọn xã/phường —" and {"Phường Cái Khế", "Phường Ninh Kiều"} <= set(names)
    assert names[1:] == sorted(names[1:], key=sort_key)  # the one collation (core.text.sort_key)
    assert communes.locator("option[value='29242']").count() == 0
    assert page.evaluate("window.stayed") is True
    expect(page.get_by_role("status").filter(has_text="Đã cập nhật danh sách xã/phường:")).to_be_attached()
    assert not [e for e in errors if "Content Security Policy" in e], errors
    shot(page, "communes")
