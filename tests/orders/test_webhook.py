import json

import pytest
from django.core import mail

from hangviet.orders.models import Order, Payment

from .conftest import place, signed

pytestmark = pytest.mark.django_db
URL = "/api/v1/payments/webhook"


def notify(client, body, *, secret=None, header=None):
    raw, signature = signed(body, **({"secret": secret} if secret else {}))
    return client.post(URL, raw, content_type="application/json", HTTP_X_SIGNATURE=header or signature)


def transfer(order, amount=None, tx="FT001", description=None):
    return {
        "transaction_id": tx,
        "amount": order.total_vnd if amount is None else amount,
        "description": description or f"MBVCB.3345.{order.code} HangViet.CT tu 0123",
        "account": order.seller.bank_account,
        "paid_at": "2026-03-02T10:15:00+07:00",
    }


@pytest.fixture
def order(shops):
    checkout = place([(shops[2], 2)], method="vietqr")
    return checkout.orders.get()


def test_bad_signature_is_401_and_stores_nothing(client, order):
    body = transfer(order)
    assert notify(client, body, secret="wrong-secret").status_code == 401
    assert notify(client, body, header="sha256=" + "0" * 64).status_code == 401
    raw = json.dumps(body).encode()
    assert client.post(URL, raw, content_type="application/json").status_code == 401  # no header
    assert not Payment.objects.exists()
    assert Order.objects.get(pk=order.pk).payment_status == "unpaid"


def test_no_secret_configured_refuses_everything(client, order, settings):
    settings.HANGVIET_PAYMENT_WEBHOOK_SECRET = ""
    assert notify(client, transfer(order), secret="anything").status_code == 401
    assert not Payment.objects.exists()


def test_signature_covers_the_raw_body(client, order):
    raw, signature = signed(transfer(order))
    tampered = raw.replace(b'"FT001"', b'"FT002"')
    assert (
        client.post(URL, tampered, content_type="application/json", HTTP_X_SIGNATURE=signature).status_code
        == 401
    )


def test_exact_amount_marks_the_order_paid_and_starts_the_answer_deadline(
    client, order, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = notify(client, transfer(order))
    assert response.status_code == 200
    assert response.json() == {"status": "stored", "outcome": "matched", "order": order.code}
    fresh = Order.objects.get(pk=order.pk)
    assert (
        fresh.payment_status == "paid" and fresh.paid_vnd == order.total_vnd and fresh.respond_by is not None
    )
    assert not Payment.objects.get().needs_review
    assert any(order.code in m.subject for m in mail.outbox)


def test_replay_is_200_with_no_second_effect(client, order):
    first = notify(client, transfer(order, amount=100000))
    second = notify(client, transfer(order, amount=100000))
    assert first.status_code == second.status_code == 200
    assert second.json()["status"] == "duplicate"
    assert Payment.objects.count() == 1
    assert Order.objects.get(pk=order.pk).paid_vnd == 100000


def test_partial_payment_is_kept_and_flagged_then_completed(client, order):
    notify(client, transfer(order, amount=100000, tx="A"))
    fresh = Order.objects.get(pk=order.pk)
    assert fresh.payment_status == "partial" and fresh.paid_vnd == 100000
    payment = Payment.objects.get(transaction_id="A")
    assert payment.outcome == "short" and payment.needs_review and payment.order_id == order.pk
    notify(client, transfer(order, amount=order.total_vnd - 100000, tx="B"))
    assert Order.objects.get(pk=order.pk).payment_status == "paid"


def test_over_payment_is_flagged(client, order):
    response = notify(client, transfer(order, amount=order.total_vnd + 5000))
    assert response.json()["outcome"] == "over"
    assert Order.objects.get(pk=order.pk).payment_status == "overpaid"
    assert Payment.objects.get().needs_review


def test_unknown_order_is_kept_for_reconciliation(client, order):
    response = notify(client, transfer(order, description="chuyen tien hang HV999999"))
    assert response.status_code == 200 and response.json() == {
        "status": "stored",
        "outcome": "unmatched",
        "order": None,
    }
    payment = Payment.objects.get()
    assert payment.order is None and payment.needs_review and payment.amount_vnd == order.total_vnd
    assert Order.objects.get(pk=order.pk).payment_status == "unpaid"


def test_code_is_found_in_a_lowercased_glued_note(client, order):
    response = notify(client, transfer(order, description=f"IBFT {order.code.lower()}-hangviet"))
    assert response.json()["order"] == order.code


def test_payment_for_a_cancelled_order_is_kept_and_flagged(client, order):
    Order.objects.filter(pk=order.pk).update(status="cancelled")
    response = notify(client, transfer(order))
    assert response.json()["outcome"] == "not_payable"
    assert Payment.objects.get().needs_review and Order.objects.get(pk=order.pk).paid_vnd == 0


def test_well_signed_but_malformed_body_is_422_and_stores_nothing(client, order):
    body = transfer(order)
    del body["transaction_id"]
    response = notify(client, body)
    assert response.status_code == 422
    assert any(e["field"] == "body.transaction_id" for e in response.json()["errors"])
    raw, signature = signed(b"not json")
    assert (
        client.post(URL, raw, content_type="application/json", HTTP_X_SIGNATURE=signature).status_code == 422
    )
    assert not Payment.objects.exists()
