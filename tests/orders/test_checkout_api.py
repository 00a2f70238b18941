import re

import pytest
from django.core import mail

from hangviet.catalog.models import Product, StockMove
from hangviet.core import vietqr
from hangviet.orders.models import CODE_ALPHABET, Checkout, Order, OrderEvent

pytestmark = pytest.mark.django_db

BODY = {
    "buyer": {"name": "Trần Thị Bích", "phone": "0987 654 321", "email": "bich@example.vn"},
    "address": {"street": "12 Nguyễn Đáng", "commune_code": "29242", "province_code": "86"},
    "payment_method": "vietqr",
}


def post(client, url, body=None):
    return client.post(url, body or {}, content_type="application/json")


def new_cart(client, *items):
    token = post(client, "/api/v1/carts").json()["token"]
    for slug, quantity in items:
        response = post(client, f"/api/v1/carts/{token}/items", {"product": slug, "quantity": quantity})
        assert response.status_code == 200, response.content
    return token


def test_checkout_from_two_shops_makes_one_order_each_with_a_correct_vietqr(
    client, shops, django_capture_on_commit_callbacks
):
    a, b, pa, pb = shops
    token = new_cart(client, (pa.slug, 2), (pb.slug, 1))
    cart = client.get(f"/api/v1/carts/{token}").json()
    assert cart["goods_vnd"] == 2 * 85000 + 120000 and len(cart["items"]) == 2

    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, f"/api/v1/carts/{token}/checkout", BODY)
    assert response.status_code == 201, response.content
    data = response.json()
    assert re.fullmatch(rf"GH[{CODE_ALPHABET}]{{6}}", data["checkout"])
    orders = {o["seller"]: o for o in data["orders"]}
    assert set(orders) == {a.slug, b.slug}
    for seller, product, quantity in ((a, pa, 2), (b, pb, 1)):
        order = orders[seller.slug]
        assert re.fullmatch(rf"HV[{CODE_ALPHABET}]{{6}}", order["code"])
        assert order["status"] == "awaiting"
        assert order["items"][0]["product"] == product.slug and order["items"][0]["quantity"] == quantity
        assert order["total_vnd"] == product.price_vnd * quantity + 30000  # platform default fee
        payment = order["payment"]
        assert payment["method"] == "vietqr" and payment["status"] == "unpaid"
        parsed = vietqr.parse_payload(payment["vietqr"])
        assert (parsed.bin, parsed.account, parsed.amount) == (
            seller.bank_bin,
            seller.bank_account,
            order["total_vnd"],
        )
        assert order["code"] in parsed.note
    assert data["total_vnd"] == sum(o["total_vnd"] for o in data["orders"])
    # stock reserved and recorded, cart emptied
    assert Product.objects.get(pk=pa.pk).stock == 8 and Product.objects.get(pk=pb.pk).stock == 4
    move = StockMove.objects.get(product=pa, delta=-2)
    assert move.reason == f"order {orders[a.slug]['code']}" and move.stock_after == 8
    assert client.get(f"/api/v1/carts/{token}").json()["items"] == []
    # history starts with the buyer placing it; buyer and both sellers are emailed
    assert OrderEvent.objects.filter(to_status="awaiting", actor_role="buyer").count() == 2
    recipients = sorted(r for m in mail.outbox for r in m.to)
    assert recipients == sorted(["bich@example.vn", a.email, b.email])


def test_out_of_stock_is_409_with_product_and_available_and_changes_nothing(client, shops):
    _a, _b, pa, pb = shops
    token = new_cart(client, (pa.slug, 2), (pb.slug, 3))
    Product.objects.filter(pk=pb.pk).update(stock=1)  # someone else bought them meanwhile
    response = post(client, f"/api/v1/carts/{token}/checkout", BODY)
    assert response.status_code == 409
    problem = response.json()
    assert problem["code"] == "out_of_stock"
    error = problem["errors"][0]
    assert error["product"] == pb.slug and error["available"] == 1
    assert Product.objects.get(pk=pa.pk).stock == 10  # the other shop's reservation was rolled back
    assert not Order.objects.exists() and not Checkout.objects.exists()
    assert len(client.get(f"/api/v1/carts/{token}").json()["items"]) == 2


def test_adding_more_than_stock_is_409(client, shops):
    pb = shops[3]
    token = post(client, "/api/v1/carts").json()["token"]
    response = post(client, f"/api/v1/carts/{token}/items", {"product": pb.slug, "quantity": 6})
    assert response.status_code == 409 and response.json()["errors"][0]["available"] == 5


def test_per_product_maximum(client, shops, settings):
    settings.HANGVIET_CART_MAX_QUANTITY = 3
    pa = shops[2]
    token = post(client, "/api/v1/carts").json()["token"]
    response = post(client, f"/api/v1/carts/{token}/items", {"product": pa.slug, "quantity": 4})
    assert response.status_code == 422 and response.json()["errors"][0]["code"] == "max_quantity"


def test_unknown_or_unpublished_product_cannot_be_added(client, shops, f):
    draft = f.product(shops[0], status=Product.Status.DRAFT)
    token = post(client, "/api/v1/carts").json()["token"]
    missing = post(client, f"/api/v1/carts/{token}/items", {"product": "khong-co", "quantity": 1})
    assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "body.product"
    hidden = post(client, f"/api/v1/carts/{token}/items", {"product": draft.slug, "quantity": 1})
    assert hidden.status_code == 422 and hidden.json()["errors"][0]["code"] == "product_unavailable"


def test_bad_input_is_422_with_field_paths_and_nothing_written(client, shops):
    token = new_cart(client, (shops[2].slug, 1))
    bad = {
        "buyer": {"name": "B", "phone": "123456789", "email": "not-an-email"},
        "address": {"street": "x", "commune_code": "29242", "province_code": "01"},
        "payment_method": "cod",
    }
    response = post(client, f"/api/v1/carts/{token}/checkout", bad)
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert {"body.buyer.phone", "body.buyer.email", "body.address.commune_code"} <= fields
    schema_error = post(client, f"/api/v1/carts/{token}/checkout", {**BODY, "payment_method": "bitcoin"})
    assert schema_error.status_code == 422
    assert any("payment_method" in e["field"] for e in schema_error.json()["errors"])
    assert not Order.objects.exists() and Product.objects.get(pk=shops[2].pk).stock == 10


def test_empty_cart_cannot_check_out(client, shops):
    token = post(client, "/api/v1/carts").json()["token"]
    response = post(client, f"/api/v1/carts/{token}/checkout", BODY)
    assert response.status_code == 422 and response.json()["errors"][0]["code"] == "empty_cart"


def test_vietqr_needs_every_shop_to_take_transfers(client, shops, f):
    no_bank = f.product(f.seller(), price_vnd=50000)
    token = new_cart(client, (shops[2].slug, 1), (no_bank.slug, 1))
    response = post(client, f"/api/v1/carts/{token}/checkout", BODY)
    assert response.status_code == 422 and response.json()["errors"][0]["code"] == "vietqr_unavailable"
    ok = post(client, f"/api/v1/carts/{token}/checkout", {**BODY, "payment_method": "cod"})
    assert ok.status_code == 201
    assert all(
        o["payment"]["vietqr"] is None and o["payment"]["status"] == "cod" for o in ok.json()["orders"]
    )


def test_changed_price_is_shown_before_the_order_goes_through(client, shops):
    pa = shops[2]
    token = new_cart(client, (pa.slug, 1))
    Product.objects.filter(pk=pa.pk).update(price_vnd=90000)
    assert client.get(f"/api/v1/carts/{token}").json()["items"][0]["price_changed"] is True
    first = post(client, f"/api/v1/carts/{token}/checkout", BODY)
    assert first.status_code == 409 and first.json()["code"] == "price_changed"
    assert first.json()["errors"][0]["price_vnd"] == 90000 and not Order.objects.exists()
    wrong_total = post(client, f"/api/v1/carts/{token}/checkout", {**BODY, "expected_total_vnd": 115000})
    assert wrong_total.status_code == 409
    second = post(client, f"/api/v1/carts/{token}/checkout", {**BODY, "expected_total_vnd": 120000})
    assert second.status_code == 201 and second.json()["orders"][0]["items"][0]["unit_price_vnd"] == 90000


def test_a_changed_price_is_written_in_dong_the_vietnamese_way(client, shops):
    pa = shops[2]
    token = new_cart(client, (pa.slug, 1))
    Product.objects.filter(pk=pa.pk).update(price_vnd=90000)
    first = post(client, f"/api/v1/carts/{token}/checkout", BODY).json()
    assert first["errors"][0]["message"] == f"Giá {pa.name} đổi từ 85.000\u00a0₫ thành 90.000\u00a0₫."
    total = post(client, f"/api/v1/carts/{token}/checkout", {**BODY, "expected_total_vnd": 115000}).json()
    assert total["errors"][0]["message"] == "Tổng tiền hiện là 120.000\u00a0₫."


def test_delivery_fee_rules_flat_by_province_and_free_above(client, shops, f):
    from hangviet.orders.services.delivery import set_delivery_policy

    a, _b, pa, _pb = shops
    owner = a.memberships.get().user
    set_delivery_policy(
        actor=owner,
        seller=a,
        flat_fee_vnd=20000,
        free_above_vnd=200000,
        min_days=1,
        max_days=3,
        province_fees={"86": 15000},
    )
    token = new_cart(client, (pa.slug, 1))
    order = post(client, f"/api/v1/carts/{token}/checkout", {**BODY, "payment_method": "cod"}).json()[
        "orders"
    ][0]
    assert order["delivery_fee_vnd"] == 15000 and order["delivery_days"] == [1, 3]
    f.commune("26734", "Phường Sài Gòn", f.province("79", "Hồ Chí Minh"))
    elsewhere = {
        **BODY,
        "payment_method": "cod",
        "address": {"street": "1 Lê Lợi", "commune_code": "26734", "province_code": "79"},
    }
    token = new_cart(client, (pa.slug, 1))
    assert (
        post(client, f"/api/v1/carts/{token}/checkout", elsewhere).json()["orders"][0]["delivery_fee_vnd"]
        == 20000
    )
    token = new_cart(client, (pa.slug, 3))  # 255 000 ≥ 200 000
    assert (
        post(client, f"/api/v1/carts/{token}/checkout", elsewhere).json()["orders"][0]["delivery_fee_vnd"]
        == 0
    )


def test_guest_tracks_an_order_with_code_and_phone(client, shops):
    token = new_cart(client, (shops[2].slug, 1))
    code = post(client, f"/api/v1/carts/{token}/checkout", BODY).json()["orders"][0]["code"]
    ok = client.get(f"/api/v1/orders/{code}", {"phone": "+84987654321"})
    assert ok.status_code == 200 and ok.json()["timeline"][0]["to_status"] == "awaiting"
    assert client.get(f"/api/v1/orders/{code}", {"phone": "0911111111"}).status_code == 404
    assert client.get("/api/v1/orders/HV222222", {"phone": "0987654321"}).status_code == 404


def test_guest_cancels_through_the_api_and_stock_returns(client, shops):
    pa = shops[2]
    token = new_cart(client, (pa.slug, 4))
    code = post(client, f"/api/v1/carts/{token}/checkout", BODY).json()["orders"][0]["code"]
    wrong = post(client, f"/api/v1/orders/{code}/cancel", {"phone": "0911111111"})
    assert wrong.status_code == 404
    response = post(client, f"/api/v1/orders/{code}/cancel", {"phone": "0987654321", "reason": "đặt nhầm"})
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    assert Product.objects.get(pk=pa.pk).stock == 10


def test_unknown_cart_is_404(client):
    assert client.get("/api/v1/carts/khong-co").status_code == 404
