"""A buyer's comforts, through the pages: line thumbnails, copy buttons beside a VietQR, "Mua ngay", the
address book picked at checkout, related products."""

import re

import pytest

from hangviet.orders.models import CartItem, Order, SavedAddress
from tests.orders.helpers import place
from tests.web.pages_data import add_image

pytestmark = pytest.mark.django_db

ADDRESS = {
    "name": "Trần Thị Bích",
    "phone": "0987654321",
    "street": "12 Nguyễn Đáng",
    "province": "86",
    "commune": "29242",
}


def test_cart_and_order_lines_show_the_products_thumbnail(client, shops):
    pa = shops[2]
    image = add_image(pa, 1)
    client.post("/cart/add/", {"product": pa.slug, "quantity": 1})
    cart = client.get("/cart/").content.decode()
    assert f'class="thumb" src="{image.thumbnail.url}"' in cart

    checkout = place([(pa, 1)])
    order = checkout.orders.get()
    session = client.session
    session["hv_orders"] = {order.code: checkout.buyer_phone}
    session.save()
    detail = client.get(f"/orders/{order.code}/").content.decode()
    assert f'class="thumb" src="{image.thumbnail.url}"' in detail


def test_vietqr_values_are_text_with_copy_buttons_shown_by_a_script_under_the_csp(client, shops):
    checkout = place([(shops[2], 1)], method="vietqr")
    order = checkout.orders.get()
    session = client.session
    session["hv_orders"] = {order.code: checkout.buyer_phone}
    session.save()
    response = client.get(f"/orders/{order.code}/")
    html = response.content.decode()
    assert f'<span id="acct-{order.code}">{shops[0].bank_account}</span>' in html  # selectable without JS
    assert f'data-copy="{shops[0].bank_account}"' in html and f'data-copy="{order.code}' in html
    assert html.count('class="copy"') == 2 and html.count(" hidden>") >= 2  # hidden until the script runs
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    assert f'<script src="/static/orders/copy.js" defer nonce="{nonce}"></script>' in html
    assert "onclick" not in html


def test_buy_now_goes_to_checkout_with_the_item_and_twice_is_still_one_line(client, shops):
    pa = shops[2]
    first = client.post("/cart/add/", {"product": pa.slug, "quantity": 2, "buy_now": "1"})
    assert first.status_code == 302 and first["Location"] == "/checkout/"
    client.post("/cart/add/", {"product": pa.slug, "quantity": 2, "buy_now": "1"})
    page = client.get("/checkout/")
    assert page.status_code == 200  # an empty cart would send the buyer back to the cart page
    assert list(CartItem.objects.values_list("product_id", "quantity")) == [(pa.pk, 2)]
    review = client.post("/checkout/", {**ADDRESS, "payment_method": "cod"}).content.decode()
    total = re.search(r'name="expected_total_vnd" value="(\d+)"', review).group(1)
    assert int(total) == 2 * 85000 + 30000  # two units, not four
    data = {**ADDRESS, "payment_method": "cod", "expected_total_vnd": total}
    assert client.post("/checkout/place/", data).status_code == 302
    assert client.post("/checkout/place/", data).status_code == 302  # a double submit
    assert Order.objects.count() == 1


def test_the_product_page_offers_buy_now(client, shops):
    html = client.get(f"/p/{shops[2].slug}/").content.decode()
    assert 'name="buy_now"' in html and "Mua ngay" in html


def test_a_buyer_saves_addresses_and_picks_one_at_checkout(client, f, shops):
    f.commune("29243", "Xã Long Đức")
    buyer = f.user()
    client.force_login(buyer)
    assert client.post("/addresses/", ADDRESS).status_code == 302
    client.post("/addresses/", {**ADDRESS, "name": "Nguyễn Văn An", "street": "5 Lê Lợi", "commune": "29243"})
    bad = client.post("/addresses/", {**ADDRESS, "phone": "123"})
    assert bad.status_code == 422 and SavedAddress.objects.filter(user=buyer).count() == 2
    book = client.get("/addresses/").content.decode()
    assert "5 Lê Lợi" in book and "12 Nguyễn Đáng" in book
    assert "/addresses/" in client.get("/accounts/account/").content.decode()

    client.post("/cart/add/", {"product": shops[2].slug, "quantity": 1})
    older = SavedAddress.objects.get(street="12 Nguyễn Đáng")
    page = client.get(f"/checkout/?address={older.pk}").content.decode()
    assert 'value="12 Nguyễn Đáng"' in page and 'value="Trần Thị Bích"' in page
    assert re.search(r'<option value="29242" selected>', page)
    newest = client.get("/checkout/").content.decode()
    assert 'value="5 Lê Lợi"' in newest  # the newest saved address is ready

    other = type(client)()
    other.force_login(f.user(email="khac@example.vn", phone="0911111111"))
    assert other.post(f"/addresses/{older.pk}/delete/").status_code == 404
    assert 'value="5 Lê Lợi"' not in other.get("/checkout/").content.decode()
    assert client.post(f"/addresses/{older.pk}/delete/").status_code == 302
    assert not SavedAddress.objects.filter(pk=older.pk).exists()


def test_a_guest_checkout_is_unchanged(client, shops):
    client.post("/cart/add/", {"product": shops[2].slug, "quantity": 1})
    page = client.get("/checkout/").content.decode()
    assert "Địa chỉ đã lưu" not in page and 'name="street"' in page


def test_related_products_same_group_in_stock_not_itself(client, f, shops):
    a, _b, pa, _pb = shops
    sibling = f.product(a, name="Kẹo dừa sáp", category=pa.category, stock=3)
    f.product(a, name="Mứt dừa hết hàng", category=pa.category, stock=0)
    other_group = f.product(a, name="Khăn rằn", category=f.category("III", "Thủ công"), stock=3)
    html = client.get(f"/p/{pa.slug}/").content.decode()
    related = html.split('id="h-related"')[1]
    assert sibling.name in related and "Mứt dừa hết hàng" not in related
    assert other_group.name not in related and f'href="/p/{pa.slug}/"' not in related
