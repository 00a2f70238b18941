"""place_b2b_order: an order of one seller at agreed prices (an accepted buy-request offer), same rules as a
checkout for stock, lifecycle and payment."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from hangviet.catalog.models import Product, StockMove
from hangviet.catalog.stock import OutOfStock
from hangviet.core.errors import ValidationFailed
from hangviet.orders.models import Checkout, Order, OrderEvent
from hangviet.orders.services.checkout import OrderLine, place_b2b_order
from hangviet.orders.services.lifecycle import cancel_by_seller, confirm_order
from tests.factories import owner_of
from tests.orders.helpers import buyer

pytestmark = pytest.mark.django_db


def b2b(actor, seller, lines, method="cod", **kw):
    return place_b2b_order(
        actor=actor,
        seller=seller,
        lines=[OrderLine(p, q, price) for p, q, price in lines],
        buyer=buyer(),
        payment_method=method,
        **kw,
    )


def test_agreed_price_and_volume_beyond_the_cart_maximum_then_the_normal_lifecycle(
    f, shops, settings, django_capture_on_commit_callbacks
):
    a, _b, pa, _pb = shops
    settings.HANGVIET_CART_MAX_QUANTITY = 5
    Product.objects.filter(pk=pa.pk).update(stock=200)
    pa.refresh_from_db()
    me = f.user()
    with django_capture_on_commit_callbacks(execute=True):
        checkout = b2b(me, a, [(pa, 150, 60000)], method="vietqr", note="chào giá #7")
    order = checkout.orders.get()
    assert checkout.placed[0].order == order and order.buyer_id == me.pk
    item = order.items.get()
    assert (item.quantity, item.unit_price_vnd, item.line_total_vnd) == (150, 60000, 9_000_000)
    assert order.subtotal_vnd == 9_000_000 and order.total_vnd == 9_000_000 + order.delivery_fee_vnd
    assert order.vietqr_payload and order.pay_by is not None and order.respond_by is None
    assert OrderEvent.objects.get(order=order).note == "chào giá #7"
    assert Product.objects.get(pk=pa.pk).stock == 50
    assert StockMove.objects.get(product=pa).delta == -150
    assert any(order.code in m.body for m in mail.outbox)  # buyer and seller told, as for a checkout
    seller_user = owner_of(a)
    confirm_order(actor=seller_user, order=order)
    cancel_by_seller(actor=seller_user, order=order, reason="hết hàng mùa này")
    assert Product.objects.get(pk=pa.pk).stock == 200  # released like any order


def test_delivery_fee_override_and_seller_rules(f, shops):
    a, _b, pa, _pb = shops
    me = f.user()
    free = b2b(me, a, [(pa, 1, 50000)], delivery_fee_vnd=0).orders.get()
    assert free.delivery_fee_vnd == 0 and free.total_vnd == 50000
    ruled = b2b(me, a, [(pa, 1, 50000)]).orders.get()
    assert ruled.delivery_fee_vnd == 30000  # no rules: the platform default


def test_refusals_write_nothing(f, shops):
    a, _b, pa, pb = shops
    me = f.user()
    with pytest.raises(PermissionDenied):
        b2b(None, a, [(pa, 1, 50000)])
    with pytest.raises(ValidationFailed) as exc:
        b2b(me, a, [(pb, 1, 50000)])
    assert exc.value.errors[0]["field"] == "lines.0.product"
    assert exc.value.errors[0]["code"] == "not_sellers_product"
    with pytest.raises(ValidationFailed) as exc:
        b2b(me, a, [(pa, 0, 0)])
    assert {e["code"] for e in exc.value.errors} == {"min_quantity", "not_positive"}
    with pytest.raises(ValidationFailed) as exc:
        b2b(me, a, [(pa, 1, 50000)], delivery_fee_vnd=-1)
    assert exc.value.errors[0]["field"] == "delivery_fee_vnd"
    with pytest.raises(ValidationFailed):
        b2b(me, a, [])
    Product.objects.filter(pk=pa.pk).update(status=Product.Status.DRAFT)
    pa.refresh_from_db()
    with pytest.raises(ValidationFailed) as exc:
        b2b(me, a, [(pa, 1, 50000)])
    assert exc.value.errors[0]["code"] == "product_unavailable"
    assert not Checkout.objects.exists() and not Order.objects.exists()


def test_out_of_stock_names_the_product_and_takes_nothing(f, shops):
    a, _b, pa, _pb = shops
    with pytest.raises(OutOfStock) as exc:
        b2b(f.user(), a, [(pa, 11, 50000)])
    error = exc.value.errors[0]
    assert (error["product"], error["available"], error["requested"]) == (pa.slug, 10, 11)
    assert Product.objects.get(pk=pa.pk).stock == 10
    assert not Order.objects.exists() and not StockMove.objects.exists()


def test_the_same_product_twice_is_one_reservation(f, shops):
    a, _b, pa, _pb = shops
    with pytest.raises(OutOfStock):
        b2b(f.user(), a, [(pa, 6, 50000), (pa, 5, 50000)])  # 11 > 10 together
    checkout = b2b(f.user(), a, [(pa, 6, 50000), (pa, 4, 40000)])
    assert Product.objects.get(pk=pa.pk).stock == 0
    assert checkout.orders.get().items.count() == 2
    assert StockMove.objects.get(product=pa).delta == -10


def test_a_drawn_code_already_taken_is_drawn_again(f, shops, monkeypatch):
    a, _b, pa, _pb = shops
    first = b2b(f.user(), a, [(pa, 1, 50000)])
    taken_order = first.orders.get().code
    drawn = iter([first.code, "HV2222ZZ", "GH3333ZZ", taken_order, "GH4444ZZ", "HV4444ZZ"])
    monkeypatch.setattr("hangviet.orders.services.checkout.new_code", lambda prefix: next(drawn))
    second = b2b(f.user(), a, [(pa, 2, 50000)])
    assert (second.code, second.orders.get().code) == ("GH4444ZZ", "HV4444ZZ")  # third draw: both free
    assert Product.objects.get(pk=pa.pk).stock == 7 and StockMove.objects.count() == 2
