import itertools

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from hangviet.catalog.models import Product
from hangviet.core.errors import ValidationFailed
from hangviet.orders.errors import InvalidTransition, PaymentRequired
from hangviet.orders.models import Order, OrderEvent
from hangviet.orders.services.lifecycle import (
    TRANSITIONS,
    _transition,
    accept_return,
    cancel_by_buyer,
    cancel_by_seller,
    confirm_order,
    mark_delivered,
    refund_order,
    request_return,
    ship_order,
)
from tests.factories import owner_of
from tests.orders.helpers import place

pytestmark = pytest.mark.django_db
S = Order.Status


@pytest.fixture
def order(shops):
    return place([(shops[2], 3)]).orders.get()


def _attempt(order, to, role):
    """Ask for the move `to` as `role` through the service a user of that role would use."""
    seller_user = owner_of(order.seller)
    if role == "system":
        return _transition(order, to, actor=None, role="system")
    if role == "buyer":
        if to == S.CANCELLED:
            return cancel_by_buyer(order=order, phone="0987654321")
        if to == S.RETURN_REQUESTED:
            return request_return(order=order, phone="0987654321", reason="hỏng")
        return _transition(order, to, actor=None, role="buyer")
    calls = {
        S.CONFIRMED: lambda: confirm_order(actor=seller_user, order=order),
        S.SHIPPED: lambda: ship_order(
            actor=seller_user, order=order, carrier="VNPost", tracking_number="EB1"
        ),
        S.DELIVERED: lambda: mark_delivered(actor=seller_user, order=order),
        S.CANCELLED: lambda: cancel_by_seller(actor=seller_user, order=order, reason="hết hàng"),
        S.RETURNED: lambda: accept_return(actor=seller_user, order=order),
        S.REFUNDED: lambda: refund_order(actor=seller_user, order=order),
    }
    if to in calls:
        return calls[to]()
    return _transition(order, to, actor=seller_user, role="seller")


def test_every_transition_not_in_the_table_is_refused(order):
    refused = 0
    for frm, to, role in itertools.product(S.values, S.values, ("buyer", "seller", "system")):
        if role in TRANSITIONS.get((frm, to), frozenset()):
            continue
        Order.objects.filter(pk=order.pk).update(status=frm)
        before = OrderEvent.objects.count()
        with pytest.raises(InvalidTransition) as info:
            _attempt(Order.objects.get(pk=order.pk), to, role)
        assert info.value.code == "invalid_transition" and info.value.status == 409
        assert Order.objects.get(pk=order.pk).status == frm
        assert OrderEvent.objects.count() == before
        refused += 1
    assert refused == 9 * 9 * 3 - sum(len(r) for r in TRANSITIONS.values())


def test_full_lifecycle_is_recorded_with_who_and_when(order, django_capture_on_commit_callbacks):
    seller_user = owner_of(order.seller)
    with django_capture_on_commit_callbacks(execute=True):
        confirm_order(actor=seller_user, order=order)
        ship_order(actor=seller_user, order=order, carrier="Viettel Post", tracking_number="VTP123")
        mark_delivered(actor=seller_user, order=order)
        request_return(order=order, phone="0987654321", reason="vỡ")
        accept_return(actor=seller_user, order=order)
        refund_order(actor=seller_user, order=order)
    events = list(order.events.values_list("from_status", "to_status", "actor_role", "actor"))
    assert events == [
        ("", "awaiting", "buyer", None),
        ("awaiting", "confirmed", "seller", seller_user.pk),
        ("confirmed", "shipped", "seller", seller_user.pk),
        ("shipped", "delivered", "seller", seller_user.pk),
        ("delivered", "return_requested", "buyer", None),
        ("return_requested", "returned", "seller", seller_user.pk),
        ("returned", "refunded", "seller", seller_user.pk),
    ]
    fresh = Order.objects.get(pk=order.pk)
    assert fresh.tracking_number == "VTP123" and fresh.delivered_at is not None
    assert sum(1 for m in mail.outbox if m.to == ["bich@example.vn"]) == 6  # one per change


def test_buyer_cancel_before_shipping_returns_the_stock(order, shops):
    cancel_by_buyer(order=order, phone="0987654321", reason="đổi ý")
    assert Product.objects.get(pk=shops[2].pk).stock == 10
    assert Order.objects.get(pk=order.pk).status == "cancelled"


def test_buyer_cannot_cancel_after_shipping(order):
    seller_user = owner_of(order.seller)
    confirm_order(actor=seller_user, order=order)
    ship_order(actor=seller_user, order=order, carrier="GHN", tracking_number="1")
    with pytest.raises(InvalidTransition):
        cancel_by_buyer(order=order, phone="0987654321")


def test_someone_else_cannot_act_as_buyer(order, f):
    with pytest.raises(PermissionDenied):
        cancel_by_buyer(order=order, phone="0911111111")
    with pytest.raises(PermissionDenied):
        cancel_by_buyer(order=order, actor=f.user())


def test_seller_cancel_needs_a_reason(order):
    with pytest.raises(ValidationFailed):
        cancel_by_seller(actor=owner_of(order.seller), order=order, reason="  ")
    assert Order.objects.get(pk=order.pk).status == "awaiting"


def test_another_shop_cannot_move_the_order(order, f):
    stranger = f.seller().memberships.get().user
    with pytest.raises(PermissionDenied):
        confirm_order(actor=stranger, order=order)


def test_unpaid_transfer_order_cannot_ship(shops):
    order = place([(shops[2], 1)], method="vietqr").orders.get()
    seller_user = owner_of(order.seller)
    confirm_order(actor=seller_user, order=order)
    with pytest.raises(PaymentRequired):
        ship_order(actor=seller_user, order=order, carrier="GHN", tracking_number="1")


def test_cod_delivery_collects_the_cash(order):
    seller_user = owner_of(order.seller)
    confirm_order(actor=seller_user, order=order)
    ship_order(actor=seller_user, order=order, carrier="GHN", tracking_number="1")
    mark_delivered(actor=seller_user, order=order)
    fresh = Order.objects.get(pk=order.pk)
    assert fresh.payment_status == "paid" and fresh.paid_vnd == fresh.total_vnd


def test_seller_api_moves_an_order_with_a_token(client, order, f):
    from hangviet.accounts.models import ApiToken

    key = ApiToken.new_key()
    ApiToken.objects.create(
        user=owner_of(order.seller),
        name="t",
        scopes=["read", "orders"],
        prefix=key[:8],
        key_hash=ApiToken.hash_key(key),
    )
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    listed = client.get("/api/v1/seller/orders?status=awaiting", **auth)
    assert listed.json()["count"] == 1 and [o["code"] for o in listed.json()["items"]] == [order.code]
    ok = client.post(f"/api/v1/seller/orders/{order.code}/confirm", **auth)
    assert ok.status_code == 200 and ok.json()["status"] == "confirmed"
    again = client.post(f"/api/v1/seller/orders/{order.code}/confirm", **auth)
    assert again.status_code == 409 and again.json()["code"] == "invalid_transition"
    bad_ship = client.post(
        f"/api/v1/seller/orders/{order.code}/ship", {"carrier": ""}, content_type="application/json", **auth
    )
    assert bad_ship.status_code == 422
    shipped = client.post(
        f"/api/v1/seller/orders/{order.code}/ship",
        {"carrier": "GHN", "tracking_number": "GHN1"},
        content_type="application/json",
        **auth,
    )
    assert shipped.json()["tracking_number"] == "GHN1"
    assert client.post(f"/api/v1/seller/orders/{order.code}/confirm").status_code == 401
    other_key = ApiToken.new_key()
    ApiToken.objects.create(
        user=f.user(),
        name="o",
        scopes=["orders"],
        prefix=other_key[:8],
        key_hash=ApiToken.hash_key(other_key),
    )
    assert (
        client.post(
            f"/api/v1/seller/orders/{order.code}/deliver", HTTP_AUTHORIZATION=f"Bearer {other_key}"
        ).status_code
        == 404
    )
