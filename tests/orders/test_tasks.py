import datetime

import pytest
from django.utils import timezone

from hangviet.catalog.models import Product, StockMove
from hangviet.orders import tasks
from hangviet.orders.models import Order
from hangviet.orders.services.delivery import set_delivery_policy
from hangviet.orders.services.lifecycle import confirm_order
from hangviet.orders.services.payments import record_bank_payment
from tests.factories import owner_of
from tests.orders.helpers import place

pytestmark = pytest.mark.django_db


def _close(actual, expected):
    return abs(actual - expected) < datetime.timedelta(seconds=10)


def _age(order, hours):
    """Pretend the order's deadlines were set `hours` ago."""
    delta = datetime.timedelta(hours=hours)
    Order.objects.filter(pk=order.pk).update(
        pay_by=timezone.now() - delta if order.pay_by else None,
        respond_by=timezone.now() - delta if order.respond_by else None,
    )


def test_unpaid_vietqr_order_expires_and_releases_stock(shops):
    order = place([(shops[2], 4)], method="vietqr").orders.get()
    assert Product.objects.get(pk=shops[2].pk).stock == 6
    assert _close(order.pay_by - order.created_at, datetime.timedelta(hours=24))
    assert tasks.expire_unpaid_orders.enqueue().return_value == []  # not yet due
    _age(order, 1)
    result = tasks.expire_unpaid_orders.enqueue()
    assert result.return_value == [order.code]
    fresh = Order.objects.get(pk=order.pk)
    assert fresh.status == "cancelled" and fresh.events.last().actor_role == "system"
    assert Product.objects.get(pk=shops[2].pk).stock == 10
    assert StockMove.objects.filter(reason=f"order {order.code} cancelled", delta=4).exists()
    assert tasks.expire_unpaid_orders.enqueue().return_value == []  # nothing twice


def test_expiry_hours_are_a_setting(shops, settings):
    settings.HANGVIET_UNPAID_EXPIRY_HOURS = 2
    order = place([(shops[2], 1)], method="vietqr").orders.get()
    assert _close(order.pay_by - order.created_at, datetime.timedelta(hours=2))


def test_paid_and_partly_paid_orders_do_not_expire(shops):
    checkout = place([(shops[2], 1), (shops[3], 1)], method="vietqr")
    paid, partial = checkout.orders.order_by("seller__trading_name")  # Cơ sở…, HTX…
    Order.objects.filter(pk=paid.pk).update(payment_status="paid", pay_by=timezone.now())
    Order.objects.filter(pk=partial.pk).update(payment_status="partial", pay_by=timezone.now())
    assert tasks.expire_unpaid_orders.enqueue().return_value == []


def test_unanswered_cod_order_lapses_after_12_hours_and_releases_stock(shops):
    order = place([(shops[3], 2)]).orders.get()
    assert _close(order.respond_by - order.created_at, datetime.timedelta(hours=12))
    assert tasks.lapse_unanswered_orders.enqueue().return_value == []
    _age(order, 0.1)
    assert tasks.lapse_unanswered_orders.enqueue().return_value == [order.code]
    assert Order.objects.get(pk=order.pk).status == "lapsed"
    assert Product.objects.get(pk=shops[3].pk).stock == 5


def test_confirmed_orders_do_not_lapse(shops):
    order = place([(shops[3], 1)]).orders.get()
    confirm_order(actor=owner_of(order.seller), order=order)
    _age(order, 1)
    assert tasks.lapse_unanswered_orders.enqueue().return_value == []


def test_seller_sets_its_own_answer_deadline(shops):
    seller = shops[1]
    set_delivery_policy(
        actor=owner_of(seller),
        seller=seller,
        flat_fee_vnd=0,
        free_above_vnd=None,
        min_days=1,
        max_days=2,
        lapse_hours=4,
    )
    order = place([(shops[3], 1)]).orders.get()
    assert _close(order.respond_by - order.created_at, datetime.timedelta(hours=4))


def test_transfer_order_deadline_starts_when_paid(shops):
    order = place([(shops[2], 1)], method="vietqr").orders.get()
    assert order.respond_by is None  # an unpaid transfer order never lapses, it expires
    record_bank_payment(
        transaction_id="T1",
        amount_vnd=order.total_vnd,
        description=order.code,
        account=order.seller.bank_account,
        paid_at=timezone.now(),
        raw={},
    )
    fresh = Order.objects.get(pk=order.pk)
    assert fresh.respond_by is not None and fresh.payment_status == "paid"
    _age(fresh, 1)
    assert tasks.lapse_unanswered_orders.enqueue().return_value == [order.code]
    assert Order.objects.get(pk=order.pk).payment_status == "refund_due"
