"""A pack's QR scanned on a phone (a demo lot), and a checkout done with the keyboard alone at 390 px."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from hangviet.orders.models import Order
from tests.e2e.helpers import overflow, too_wide

pytestmark = pytest.mark.django_db(transaction=True)

FOCUSED = """() => { const e = document.activeElement; if (!e || e === document.body) return {};
  const label = e.labels && e.labels.length ? e.labels[0].innerText : (e.getAttribute('aria-label') || '');
  return {tag: e.tagName.toLowerCase(), text: (e.innerText || '').trim(), label: label.trim(),
          name: e.name || '', value: e.value || ''}; }"""


def serious_violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])})"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_scanning_a_demo_lot_shows_its_journey_on_a_phone(f, open_page, shot):
    from hangviet.trace import demo
    from hangviet.trace.identifiers import scan_path
    from hangviet.trace.models import Lot
    from hangviet.trace.queries import lot_events

    f.commune()  # a browser test's flush empties the units the migrations loaded; the demo needs one
    demo.load_demo()
    lot = Lot.objects.select_related("product").order_by("pk").first()
    page = open_page()
    response = page.goto(scan_path(lot))
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_contain_text(lot.product.name)
    expect(page.locator("main")).to_contain_text(lot.code)
    assert lot_events(lot).count() >= 1 and page.locator("main li, main tr").count() >= 1  # the journey
    assert overflow(page) <= 0, too_wide(page)
    assert serious_violations(page) == []
    shot(page, "scan")


def tab_to(page, wanted, limit=150):
    """Press Tab until the focused element matches `wanted` (a dict of descriptor fields, each a regex)."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused and all(re.search(rx, focused.get(key, "")) for key, rx in wanted.items()):
            return focused
        seen.append(focused)
    raise AssertionError(f"Tab never reached {wanted}; focus went through {seen[-15:]}")


def choose(page, wanted, value):
    """Focus a <select> with Tab and pick `value` with the arrow keys."""
    tab_to(page, wanted)
    index = page.evaluate("v => [...document.activeElement.options].findIndex(o => o.value === v)", value)
    assert index >= 0, value
    page.keyboard.press("Home")
    for _ in range(index):
        page.keyboard.press("ArrowDown")
    assert page.evaluate("() => document.activeElement.value") == value


def press_and_wait(page, key="Enter"):
    """Press a key that submits a form or follows a link, and wait for the next page."""
    with page.expect_navigation():
        page.keyboard.press(key)


def test_a_buyer_checks_out_with_the_keyboard_alone(f, open_page, shot):
    f.commune()
    shop = f.seller(trading_name="HTX Mật hoa dừa", bank_bin="970415", bank_account="0011001932418")
    product = f.product(shop, name="Mật hoa dừa 250 ml", slug="mat-hoa-dua", price_vnd=85000, stock=10)
    page = open_page()
    page.goto(f"/p/{product.slug}/")
    tab_to(page, {"tag": "^button$", "text": "^Thêm vào giỏ$"})
    press_and_wait(page)
    tab_to(page, {"tag": "^a$", "text": "^Giỏ hàng$"})
    press_and_wait(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Giỏ hàng")
    tab_to(page, {"tag": "^a$", "text": "^Đặt hàng$"})
    press_and_wait(page)
    expect(page.get_by_label("Họ và tên người nhận")).to_be_visible()

    tab_to(page, {"label": "Họ và tên người nhận"})
    page.keyboard.type("Trần Thị Bích")
    tab_to(page, {"label": "^Số điện thoại"})
    page.keyboard.type("0987 654 321")
    tab_to(page, {"label": "Số nhà, đường, ấp"})
    page.keyboard.type("12 Nguyễn Đáng")
    choose(page, {"tag": "^select$", "name": "^province$"}, "86")
    if page.locator("select[name=commune] option[value='29242']").count() == 0:  # without script: ask
        tab_to(page, {"tag": "^button$", "text": "Hiện xã/phường"})
        press_and_wait(page)
    choose(page, {"tag": "^select$", "name": "^commune$"}, "29242")
    focused = tab_to(page, {"tag": "^input$", "name": "^payment_method$"})  # the radio group
    for _ in range(5):  # arrows move the choice within the group
        if focused["value"] == "vietqr":
            break
        page.keyboard.press("ArrowDown")
        focused = page.evaluate(FOCUSED)
    assert focused["value"] == "vietqr"
    shot(page, "address")
    tab_to(page, {"tag": "^button$", "text": "^Xem lại đơn hàng$"})
    press_and_wait(page)
    expect(page.get_by_role("heading", name="Xem lại đơn hàng")).to_be_visible()
    tab_to(page, {"tag": "^button$", "text": r"^Đặt hàng \("})
    press_and_wait(page, "Space")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Đã đặt hàng")
    shot(page, "placed")
    order = Order.objects.get(seller=shop)
    assert (order.payment_method, order.total_vnd >= 85000) == ("vietqr", True)
