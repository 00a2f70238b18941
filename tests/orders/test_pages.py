import re

import pytest

from hangviet.orders.models import Cart, Order, Payment
from tests.factories import owner_of
from tests.orders.helpers import place, signed

pytestmark = pytest.mark.django_db

ADDRESS = {
    "name": "Trần Thị Bích",
    "phone": "0987654321",
    "email": "bich@example.vn",
    "street": "12 Nguyễn Đáng",
    "province": "86",
    "commune": "29242",
    "payment_method": "vietqr",
}


def test_guest_buys_from_two_shops_with_vietqr_then_seller_ships_and_buyer_sees_the_timeline(client, shops):
    a, b, pa, pb = shops
    client.post("/cart/add/", {"product": pa.slug, "quantity": 2})
    client.post("/cart/add/", {"product": pb.slug, "quantity": 1})
    cart = client.get("/cart/")
    assert (
        cart.status_code == 200
        and a.trading_name in cart.content.decode()
        and b.trading_name in cart.content.decode()
    )

    review = client.post("/checkout/", ADDRESS)
    assert review.status_code == 200
    html = review.content.decode()
    assert "Xem lại đơn hàng" in html and "Phí giao hàng" in html and not Order.objects.exists()
    total = re.search(r'name="expected_total_vnd" value="(\d+)"', html).group(1)
    assert int(total) == 2 * 85000 + 120000 + 2 * 30000

    placed = client.post("/checkout/place/", {**ADDRESS, "expected_total_vnd": total})
    assert placed.status_code == 302
    done = client.get(placed["Location"])
    page = done.content.decode()
    assert page.count("<svg") == 2 and "VietinBank" in page and "Vietcombank" in page
    orders = {o.seller_id: o for o in Order.objects.all()}
    assert len(orders) == 2

    paid = orders[a.pk]
    raw, signature = signed(
        {
            "transaction_id": "FT9",
            "amount": paid.total_vnd,
            "description": paid.code,
            "account": a.bank_account,
            "paid_at": "2026-03-02T10:00:00+07:00",
        }
    )
    assert (
        client.post(
            "/api/v1/payments/webhook", raw, content_type="application/json", HTTP_X_SIGNATURE=signature
        ).status_code
        == 200
    )

    seller_client = type(client)()
    seller_client.force_login(owner_of(a))
    listing = seller_client.get(f"/seller/{a.slug}/orders/")
    assert paid.code in listing.content.decode() and orders[b.pk].code not in listing.content.decode()
    base = f"/seller/{a.slug}/orders/{paid.code}/"
    seller_client.post(base + "confirm/")
    seller_client.post(base + "ship/", {"carrier": "Viettel Post", "tracking_number": "VTP42"})
    assert Order.objects.get(pk=paid.pk).status == "shipped"
    slip = seller_client.get(base + "slip/")
    assert slip.status_code == 200 and "12 Nguyễn Đáng" in slip.content.decode()

    detail = client.get(f"/orders/{paid.code}/").content.decode()
    assert "Đang giao" in detail and "VTP42" in detail and "Đã xác nhận" in detail
    assert "<svg" not in detail  # paid: no QR any more
    unpaid = client.get(f"/orders/{orders[b.pk].code}/")
    assert "<svg" in unpaid.content.decode()
    png = client.get(f"/orders/{orders[b.pk].code}/vietqr.png")
    assert png["Content-Type"] == "image/png"


def test_review_shows_form_errors_next_to_fields(client, shops):
    client.post("/cart/add/", {"product": shops[2].slug, "quantity": 1})
    response = client.post("/checkout/", {**ADDRESS, "phone": "123", "commune": "99999"})
    html = response.content.decode()
    assert response.status_code == 200 and 'class="error"' in html and "Xem lại đơn hàng" in html
    assert not Order.objects.exists()


def test_price_change_between_review_and_place_is_shown_again(client, shops):
    from hangviet.catalog.models import Product

    pa = shops[2]
    client.post("/cart/add/", {"product": pa.slug, "quantity": 1})
    Product.objects.filter(pk=pa.pk).update(price_vnd=99000)
    response = client.post("/checkout/place/", {**ADDRESS, "expected_total_vnd": 115000})
    assert response.status_code == 200 and "Giá đã thay đổi" in response.content.decode()
    assert not Order.objects.exists()


def test_stranger_cannot_see_an_order_but_tracking_with_phone_grants_it(client, shops):
    code = place([(shops[2], 1)]).orders.get().code
    assert client.get(f"/orders/{code}/").status_code == 404
    wrong = client.post("/orders/track/", {"code": code, "phone": "0911111111"})
    assert wrong.status_code == 422
    ok = client.post("/orders/track/", {"code": code.lower(), "phone": "0987 654 321"})
    assert ok.status_code == 302 and client.get(f"/orders/{code}/").status_code == 200
    client.post(f"/orders/{code}/cancel/", {"reason": "đặt nhầm"})
    assert Order.objects.get(code=code).status == "cancelled"


def test_the_group_code_shown_after_ordering_tracks_every_shops_order(client, shops):
    checkout = place([(shops[2], 1), (shops[3], 1)])
    codes = sorted(checkout.orders.values_list("code", flat=True))
    assert len(codes) == 2 and client.get(f"/checkout/{checkout.code}/").status_code == 404
    wrong = client.post("/orders/track/", {"code": checkout.code, "phone": "0911111111"})
    assert wrong.status_code == 422
    ok = client.post("/orders/track/", {"code": checkout.code.lower(), "phone": "0987 654 321"})
    assert ok.status_code == 302 and ok["Location"] == f"/checkout/{checkout.code}/"
    page = client.get(ok["Location"]).content.decode()
    assert all(code in page for code in codes)
    assert all(client.get(f"/orders/{code}/").status_code == 200 for code in codes)


def test_a_one_shop_checkout_does_not_speak_of_separate_orders(client, shops):
    checkout = place([(shops[2], 1)])
    client.post("/orders/track/", {"code": checkout.code, "phone": "0987654321"})
    page = client.get(f"/checkout/{checkout.code}/").content.decode()
    assert checkout.orders.get().code in page and "đơn hàng riêng cho từng cửa hàng" not in page
    two = place([(shops[2], 1), (shops[3], 1)])
    client.post("/orders/track/", {"code": two.code, "phone": "0987654321"})
    assert "gồm 2 đơn hàng riêng cho từng cửa hàng" in client.get(f"/checkout/{two.code}/").content.decode()


def test_guest_cart_merges_into_the_buyers_cart_on_login(client, shops, f):
    buyer = f.user(email="mua@example.vn")
    client.post("/cart/add/", {"product": shops[2].slug, "quantity": 2})
    assert (
        client.post(
            "/accounts/login/", {"username": "mua@example.vn", "password": "mat-khau-an-toan-123"}
        ).status_code
        == 302
    )
    cart = Cart.objects.get(user=buyer)
    assert [(i.product_id, i.quantity) for i in cart.items.all()] == [(shops[2].pk, 2)]
    assert not Cart.objects.filter(user__isnull=True).exists()
    assert shops[2].name in client.get("/cart/").content.decode()


def test_signed_in_buyer_sees_my_orders(client, shops, f):
    from hangviet.orders.services.cart import add_to_cart, cart_for
    from hangviet.orders.services.checkout import place_order

    buyer = f.user()
    cart = cart_for(user=buyer)
    add_to_cart(cart=cart, product=shops[2], quantity=1)
    from tests.orders.helpers import buyer as details

    checkout = place_order(cart=cart, buyer=details(), payment_method="cod", user=buyer)
    client.force_login(buyer)
    page = client.get("/orders/")
    assert checkout.orders.get().code in page.content.decode()


def test_seller_reconciles_an_unmatched_payment_by_assigning_it(client, shops):
    a = shops[0]
    order = place([(shops[2], 1)], method="vietqr").orders.get()
    raw, signature = signed(
        {
            "transaction_id": "X1",
            "amount": order.total_vnd,
            "description": "tien hang",
            "account": a.bank_account,
            "paid_at": "2026-03-02T10:00:00+07:00",
        }
    )
    client.post("/api/v1/payments/webhook", raw, content_type="application/json", HTTP_X_SIGNATURE=signature)
    client.force_login(owner_of(a))
    page = client.get(f"/seller/{a.slug}/payments/")
    assert "tien hang" in page.content.decode()
    payment = Payment.objects.get()
    client.post(
        f"/seller/{a.slug}/payments/", {"payment": payment.pk, "order_code": order.code, "assign": "1"}
    )
    assert Order.objects.get(pk=order.pk).payment_status == "paid"
    assert not Payment.objects.get().needs_review


def test_seller_sets_delivery_rules_through_the_page(client, shops):
    a = shops[0]
    client.force_login(owner_of(a))
    response = client.post(
        f"/seller/{a.slug}/delivery/",
        {
            "flat_fee_vnd": 25000,
            "free_above_vnd": "",
            "min_days": 1,
            "max_days": 4,
            "lapse_hours": 6,
            "province_fees": "79 = 40000",
        },
    )
    assert response.status_code == 302
    assert a.delivery_policy.province_fees.get().fee_vnd == 40000
    bad = client.post(
        f"/seller/{a.slug}/delivery/",
        {"flat_fee_vnd": 1, "min_days": 5, "max_days": 1, "province_fees": "xx"},
    )
    assert bad.status_code == 200 and 'class="error"' in bad.content.decode()


def test_a_shop_without_delivery_rules_is_shown_the_fee_it_charges_now(client, shops, settings):
    settings.HANGVIET_DEFAULT_DELIVERY_FEE_VND = 20000
    a = shops[0]
    client.force_login(owner_of(a))
    html = client.get(f"/seller/{a.slug}/delivery/").content.decode()
    field = re.search(r'<input[^>]*name="flat_fee_vnd"[^>]*>', html)
    assert field is not None and 'value="20.000"' in field.group(0), field


def test_checkout_errors_sit_next_to_their_field_and_are_named_by_it(client, shops):
    """Every field goes through the one field template (core/forms/field.html): the error follows its input,
    which points at it; radio buttons are a fieldset with each label beside its button; errors translated."""
    client.post("/cart/add/", {"product": shops[2].slug, "quantity": 1})
    html = client.post(
        "/checkout/", {**ADDRESS, "street": "", "email": "x", "payment_method": ""}
    ).content.decode()
    street = re.search(r'<input[^>]*name="street"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in street and 'aria-describedby="id_street_error"' in street
    assert re.search(
        r'id="id_street">\s*<span class="error" id="id_street_error">Trường này là bắt buộc.</span>', html
    )
    email = re.search(r'<input[^>]*name="email"[^>]*>', html).group(0)
    assert 'aria-describedby="id_email_helptext id_email_error"' in email
    assert '<label for="id_street">Số nhà, đường, ấp</label>' in html
    assert re.search(
        r'<fieldset aria-describedby="id_payment_method_error"><legend>Cách thanh toán</legend>', html
    )
    assert re.search(
        r'<div class="opt"><input type="radio" name="payment_method" value="cod" '
        r'id="id_payment_method_0"[^>]*> <label for="id_payment_method_0">',
        html,
    )
    client.cookies["django_language"] = "en"
    html = client.post("/checkout/", {**ADDRESS, "street": ""}).content.decode()
    assert '<span class="error" id="id_street_error">This field is required.</span>' in html
