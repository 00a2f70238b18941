"""The orders admin writes only through the services: officers reconcile payments there (assign_payment,
resolve_payment); orders, checkouts and shops' delivery rules are read-only there (no service lets an
officer change them), and nothing of orders is deleted there."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from hangviet.orders.models import Checkout, DeliveryPolicy, Order, Payment
from hangviet.orders.services.delivery import set_delivery_policy
from hangviet.orders.services.payments import record_bank_payment
from tests.factories import owner_of
from tests.orders.helpers import place

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(client, f):
    user = f.officer(is_staff=True)
    client.force_login(user)
    return user


@pytest.fixture
def order(shops):
    return place([(shops[2], 2)], method="vietqr").orders.get()


def money_in(account: str, amount: int, tx: str = "FT900") -> Payment:
    """A transfer into `account` whose note names no order (the buyer mistyped it)."""
    payment, _created = record_bank_payment(
        transaction_id=tx,
        amount_vnd=amount,
        description="chuyen tien mua hang",
        account=account,
        paid_at=timezone.make_aware(datetime.datetime(2026, 3, 2, 10, 15)),
        raw={},
    )
    return payment


def change_url(obj) -> str:
    return reverse(f"admin:orders_{obj._meta.model_name}_change", args=[obj.pk])


def delete_url(obj) -> str:
    return reverse(f"admin:orders_{obj._meta.model_name}_delete", args=[obj.pk])


def test_an_officer_assigns_a_payment_no_shop_can_claim_to_an_order(client, officer, order):
    payment = money_in("999999999", order.total_vnd)
    assert payment.outcome == "unmatched" and payment.order_id is None

    response = client.post(change_url(payment), {"order_code": order.code, "note": "", "_save": "1"})

    assert response.status_code == 302, response.content.decode()[:2000]
    payment.refresh_from_db()
    assert (payment.order_id, payment.outcome, payment.needs_review) == (order.pk, "matched", False)
    assert payment.resolved_by == officer
    assert Order.objects.get(pk=order.pk).payment_status == "paid"


def test_an_assignment_the_service_refuses_is_a_form_error_and_changes_nothing(client, officer, order):
    payment = money_in("999999999", order.total_vnd)
    Order.objects.filter(pk=order.pk).update(status=Order.Status.CANCELLED)

    response = client.post(change_url(payment), {"order_code": order.code, "note": "", "_save": "1"})

    assert response.status_code == 200
    assert "Đơn này không còn nhận thanh toán." in response.content.decode()
    payment.refresh_from_db()
    assert (payment.order_id, payment.needs_review, payment.resolved_by_id) == (None, True, None)


def test_an_unknown_order_code_is_a_form_error(client, officer, order):
    payment = money_in("999999999", order.total_vnd)
    response = client.post(change_url(payment), {"order_code": "HV000000", "note": "", "_save": "1"})
    assert response.status_code == 200 and "Không có đơn HV000000." in response.content.decode()
    assert Payment.objects.get(pk=payment.pk).order_id is None


def test_an_officer_closes_a_payment_with_a_note(client, officer, order):
    payment = money_in("999999999", 5000)
    response = client.post(
        change_url(payment), {"order_code": "", "note": "Đã hoàn tiền cho khách", "_save": "1"}
    )
    assert response.status_code == 302
    payment.refresh_from_db()
    assert (payment.needs_review, payment.resolution_note, payment.resolved_by) == (
        False,
        "Đã hoàn tiền cho khách",
        officer,
    )


def test_orders_and_checkouts_are_read_only_and_never_deleted_in_the_admin(client, officer, order):
    for obj in (order, order.checkout):
        assert client.get(change_url(obj)).status_code == 200  # seen
        assert client.post(change_url(obj), {"_save": "1"}).status_code == 403
        assert client.get(delete_url(obj)).status_code == 403
        assert client.post(delete_url(obj), {"post": "yes"}).status_code == 403
    assert (
        Order.objects.filter(pk=order.pk).exists() and Checkout.objects.filter(pk=order.checkout_id).exists()
    )


def test_a_payment_is_never_deleted_in_the_admin(client, officer, order):
    payment = money_in("999999999", order.total_vnd)
    assert client.post(delete_url(payment), {"post": "yes"}).status_code == 403
    assert Payment.objects.filter(pk=payment.pk).exists()


def test_a_shops_delivery_rules_are_read_only_in_the_admin(client, officer, shops):
    seller = shops[0]
    set_delivery_policy(
        actor=owner_of(seller), seller=seller, flat_fee_vnd=25000, free_above_vnd=None, min_days=1, max_days=3
    )
    policy = DeliveryPolicy.objects.get(seller=seller)
    assert client.get(change_url(policy)).status_code == 200
    # min_days > max_days: the service refuses it; the admin wrote it before
    post = {"seller": seller.pk, "flat_fee_vnd": "0", "min_days": "9", "max_days": "2", "_save": "1"}
    assert client.post(change_url(policy), post).status_code == 403
    assert client.post(delete_url(policy), {"post": "yes"}).status_code == 403
    policy.refresh_from_db()
    assert (policy.flat_fee_vnd, policy.min_days, policy.max_days) == (25000, 1, 3)
