"""The order state machine against a table written out by hand from docs/orders.md ("State machine") and
Decree 52 (the seller confirms, the buyer may cancel before shipping and ask for a return after delivery):
never derived from `TRANSITIONS`, so deleting a move or a role from the code fails here."""

import pytest

from hangviet.catalog.models import Product
from hangviet.orders.errors import InvalidTransition
from hangviet.orders.models import Order, OrderEvent
from hangviet.orders.services.lifecycle import _transition, allowed_moves
from tests.orders.helpers import place

S = Order.Status
ROLES = ("buyer", "seller", "system")

# (status, role) → the statuses that role may move the order to. Every status and role is listed.
MOVES: dict[tuple[str, str], set[str]] = {
    ("awaiting", "buyer"): {"cancelled"},
    ("awaiting", "seller"): {"confirmed", "cancelled"},
    ("awaiting", "system"): {"cancelled", "lapsed"},
    ("confirmed", "buyer"): {"cancelled"},
    ("confirmed", "seller"): {"shipped", "cancelled"},
    ("confirmed", "system"): set(),
    ("shipped", "buyer"): set(),
    ("shipped", "seller"): {"delivered"},
    ("shipped", "system"): set(),
    ("delivered", "buyer"): {"return_requested"},
    ("delivered", "seller"): set(),
    ("delivered", "system"): set(),
    ("return_requested", "buyer"): set(),
    ("return_requested", "seller"): {"returned"},
    ("return_requested", "system"): set(),
    ("returned", "buyer"): set(),
    ("returned", "seller"): {"refunded"},
    ("returned", "system"): set(),
    ("cancelled", "buyer"): set(),
    ("cancelled", "seller"): set(),
    ("cancelled", "system"): set(),
    ("lapsed", "buyer"): set(),
    ("lapsed", "seller"): set(),
    ("lapsed", "system"): set(),
    ("refunded", "buyer"): set(),
    ("refunded", "seller"): set(),
    ("refunded", "system"): set(),
}
STATUSES = ("awaiting", "confirmed", "shipped", "delivered", "return_requested", "returned", "cancelled",
            "lapsed", "refunded")  # fmt: skip


def test_the_table_covers_every_status_and_role():
    assert set(STATUSES) == set(S.values)
    assert set(MOVES) == {(s, r) for s in STATUSES for r in ROLES}


@pytest.mark.parametrize(("status", "role"), sorted(MOVES))
def test_allowed_moves_are_exactly_the_table(status, role):
    moves = allowed_moves(Order(status=status), role)
    assert sorted(moves) == sorted(MOVES[(status, role)])
    assert len(moves) == len(set(moves))


def test_an_unknown_role_has_no_moves():
    assert allowed_moves(Order(status="awaiting"), "officer") == []


@pytest.fixture
def order(shops):
    return place([(shops[2], 3)]).orders.get()


@pytest.mark.django_db
def test_transition_follows_the_table_for_every_status_target_and_role(order):
    """Each (from, to, role): made when the table allows it (with its event), refused (409) otherwise."""
    for status in STATUSES:
        for to in STATUSES:
            for role in ROLES:
                Order.objects.filter(pk=order.pk).update(status=status, paid_vnd=0)
                before = OrderEvent.objects.filter(order=order).count()
                if to in MOVES[(status, role)]:
                    moved = _transition(Order.objects.get(pk=order.pk), to, actor=None, role=role)
                    assert moved.status == to
                    assert Order.objects.get(pk=order.pk).status == to
                    event = OrderEvent.objects.filter(order=order).latest("pk")
                    assert (event.from_status, event.to_status, event.actor_role) == (status, to, role)
                else:
                    with pytest.raises(InvalidTransition):
                        _transition(Order.objects.get(pk=order.pk), to, actor=None, role=role)
                    assert Order.objects.get(pk=order.pk).status == status
                    assert OrderEvent.objects.filter(order=order).count() == before


def _stock(order):
    return Product.objects.get(pk=order.items.get().product_id).stock


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("frm", "to", "role", "paid", "released", "payment"),
    [
        ("awaiting", "cancelled", "buyer", 0, True, "unpaid"),  # unpaid: nothing to refund
        ("awaiting", "cancelled", "system", 1, True, "refund_due"),  # the smallest payment is refunded
        ("confirmed", "cancelled", "seller", 50_000, True, "refund_due"),
        ("awaiting", "lapsed", "system", 0, True, "unpaid"),
        ("awaiting", "lapsed", "system", 20_000, True, "refund_due"),
        ("awaiting", "confirmed", "seller", 20_000, False, "unpaid"),  # not an end: stock kept, no refund
        ("confirmed", "shipped", "seller", 20_000, False, "unpaid"),
    ],
)
def test_stock_comes_back_and_a_refund_is_due_only_when_the_order_ends_unfulfilled_after_a_payment(
    order, frm, to, role, paid, released, payment
):
    Order.objects.filter(pk=order.pk).update(status=frm, paid_vnd=paid, payment_status="unpaid")
    stock = _stock(order)
    _transition(Order.objects.get(pk=order.pk), to, actor=None, role=role)
    after = Order.objects.get(pk=order.pk)
    assert _stock(order) == (stock + 3 if released else stock)
    assert after.payment_status == payment


@pytest.mark.django_db
def test_the_refusal_names_the_order_and_both_statuses(order):
    Order.objects.filter(pk=order.pk).update(status="shipped")
    with pytest.raises(InvalidTransition) as info:
        _transition(Order.objects.get(pk=order.pk), "cancelled", actor=None, role="buyer")
    assert str(info.value.message) == f"Không thể chuyển đơn {order.code} từ “Đang giao” sang “Đã huỷ”."
