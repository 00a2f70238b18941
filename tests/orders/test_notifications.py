"""A committed change always has its notification: the email task is written in the change's own
transaction (database task backend), so a crash between the commit and an after-commit hook loses nothing,
and a change that rolls back leaves no task.

These tests run inside the test's transaction, which never commits: a task row seen here can only have
been written inside it (an `on_commit` enqueue would have written nothing yet).
"""

import pytest
from django.db import transaction
from django.utils import timezone

from hangviet.catalog.models import Product
from hangviet.catalog.stock import OutOfStock
from hangviet.orders.models import Cart, Checkout, Order
from hangviet.orders.services.cart import add_to_cart
from hangviet.orders.services.checkout import place_order
from hangviet.orders.services.lifecycle import confirm_order
from hangviet.orders.services.payments import record_bank_payment
from tests.factories import owner_of
from tests.orders.helpers import buyer, place

pytestmark = pytest.mark.django_db


class Crash(Exception):
    """The process dies (or a later statement fails) before the transaction commits."""


def test_a_placed_order_has_its_email_task_in_the_same_transaction(database_tasks, shops):
    checkout = place([(shops[2], 1), (shops[3], 1)])
    order_ids = sorted(checkout.orders.values_list("pk", flat=True))
    queued = database_tasks("hangviet.orders.tasks.send_order_placed")
    assert [[checkout_id, sorted(ids)] for checkout_id, ids in queued] == [[checkout.pk, order_ids]]


def test_a_rolled_back_checkout_leaves_no_task(database_tasks, shops):
    cart_of_the_last_one = Cart.objects.create()
    add_to_cart(cart=cart_of_the_last_one, product=shops[3], quantity=1)
    with pytest.raises(Crash), transaction.atomic():
        place([(shops[2], 1)])
        raise Crash
    Product.objects.filter(pk=shops[3].pk).update(stock=0)  # sold out after it went into the cart
    with pytest.raises(OutOfStock):
        place_order(cart=cart_of_the_last_one, buyer=buyer(), payment_method="cod")
    assert not Checkout.objects.exists() and not Order.objects.exists()
    assert database_tasks("hangviet.orders.tasks.send_order_placed") == []


def test_a_status_change_has_its_email_task_in_the_same_transaction(database_tasks, shops):
    order = place([(shops[2], 1)]).orders.get()
    confirm_order(actor=owner_of(shops[0]), order=order)
    event = order.events.get(to_status="confirmed")
    assert database_tasks("hangviet.orders.tasks.send_status_changed") == [[event.pk]]


def test_a_payment_has_its_email_task_in_the_same_transaction(database_tasks, shops):
    order = place([(shops[2], 1)], method="vietqr").orders.get()
    record_bank_payment(
        transaction_id="FT1",
        amount_vnd=order.total_vnd,
        description=order.code,
        account=shops[0].bank_account,
        paid_at=timezone.now(),
        raw={},
    )
    assert database_tasks("hangviet.orders.tasks.send_order_paid") == [[order.pk]]
