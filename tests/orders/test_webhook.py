import json

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from hangviet.orders.models import Order, Payment
from hangviet.orders.services.payments import assign_payment, resolve_payment
from hangviet.sellers.models import Membership
from tests.factories import owner_of
from tests.orders.helpers import place, signed

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


# --- The receiving account must be the order's seller's (issue 9, point 2) ------------------------------


def test_a_transfer_into_another_account_does_not_pay_the_order_and_is_kept_for_review(
    client, order, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = notify(client, {**transfer(order), "account": "999999999"})
    assert response.status_code == 200
    assert response.json() == {"status": "stored", "outcome": "wrong_account", "order": None}
    payment = Payment.objects.get()
    assert (payment.order_id, payment.needs_review, payment.account) == (None, True, "999999999")
    fresh = Order.objects.get(pk=order.pk)
    assert (fresh.payment_status, fresh.paid_vnd, fresh.respond_by) == ("unpaid", 0, None)
    assert not [m for m in mail.outbox if order.code in m.subject]


def test_the_account_is_compared_without_spaces_dots_and_dashes(client, order):
    # The seller's account is 0011001932418 (tests/orders/conftest.py).
    response = notify(client, {**transfer(order), "account": " 0011-0019.32 418 "})
    assert response.json() == {"status": "stored", "outcome": "matched", "order": order.code}
    assert Payment.objects.get().account == "0011001932418"


def test_the_same_account_number_at_another_bank_is_the_wrong_account(client, order):
    other_bank = notify(client, {**transfer(order, tx="A"), "bank_bin": "970436"})
    assert other_bank.json()["outcome"] == "wrong_account"
    assert Order.objects.get(pk=order.pk).paid_vnd == 0
    right_bank = notify(client, {**transfer(order, tx="B"), "bank_bin": "970415"})
    assert right_bank.json() == {"status": "stored", "outcome": "matched", "order": order.code}


def test_a_transfer_without_a_receiving_account_is_kept_but_pays_nothing(client, order):
    body = transfer(order)
    del body["account"]
    response = notify(client, body)
    assert response.status_code == 200 and response.json()["outcome"] == "wrong_account"
    assert Payment.objects.get().needs_review and Order.objects.get(pk=order.pk).paid_vnd == 0


def test_a_transfer_into_another_shops_account_is_that_shops_to_reconcile(client, shops, order):
    a, b = shops[0], shops[1]
    notify(client, {**transfer(order), "account": b.bank_account})
    assert Payment.objects.get().outcome == "wrong_account"
    client.force_login(owner_of(b))
    assert order.code in client.get(f"/seller/{b.slug}/payments/").content.decode()
    client.force_login(owner_of(a))
    assert order.code not in client.get(f"/seller/{a.slug}/payments/").content.decode()


def test_the_payments_to_reconcile_are_paged_not_cut_off(client, shops):
    a = shops[0]
    Payment.objects.bulk_create(
        Payment(
            transaction_id=f"T{i:03}",
            amount_vnd=1000,
            description=f"ck-{i:03}",
            account=a.bank_account,
            paid_at="2026-03-02T10:15:00+07:00",
            outcome="unmatched",
            needs_review=True,
        )
        for i in range(51)
    )
    client.force_login(owner_of(a))
    first = client.get(f"/seller/{a.slug}/payments/").content.decode()
    assert first.count("ck-0") == 50 and "ck-000" not in first and 'rel="next"' in first
    second = client.get(f"/seller/{a.slug}/payments/?page=2").content.decode()
    assert second.count("ck-0") == 1 and "ck-000" in second


@pytest.mark.parametrize("amount", [1_000_000_000_001, 10**20, 1e20])
def test_an_amount_above_the_bound_is_422_naming_the_field(client, order, amount):
    raw = json.dumps({**transfer(order), "amount": amount}).encode()
    _raw, signature = signed(raw)
    response = client.post(URL, raw, content_type="application/json", HTTP_X_SIGNATURE=signature)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["body.amount"]
    assert not Payment.objects.exists()


def test_the_largest_amount_allowed_is_stored(client, order):
    response = notify(client, transfer(order, amount=1_000_000_000_000))
    assert response.status_code == 200 and response.json()["outcome"] == "over"


# --- Who may reconcile a payment by hand --------------------------------------------------------------


def _unmatched_into(client, account, tx="U1", amount=100000):
    notify(
        client,
        {
            "transaction_id": tx,
            "amount": amount,
            "description": "chuyen tien",
            "account": account,
            "paid_at": "2026-03-02T10:15:00+07:00",
        },
    )
    return Payment.objects.get(transaction_id=tx)


def test_a_member_of_two_shops_cannot_put_one_shops_money_on_the_other_shops_order(client, shops):
    a, b, pa, _pb = shops
    both = owner_of(a)
    Membership.objects.create(user=both, seller=b, role=Membership.Role.OWNER)
    order_of_a = place([(pa, 1)], method="vietqr").orders.get()
    money_in_b = _unmatched_into(client, b.bank_account, amount=order_of_a.total_vnd)
    with pytest.raises(PermissionDenied):
        assign_payment(actor=both, payment=money_in_b, order=order_of_a)
    assert Order.objects.get(pk=order_of_a.pk).paid_vnd == 0
    assert Payment.objects.get(pk=money_in_b.pk).order_id is None


def test_a_shop_claiming_another_shops_account_number_cannot_take_its_payments(client, shops, f):
    a = shops[0]
    copycat = f.seller(bank_bin=a.bank_bin, bank_account=a.bank_account, bank_account_name="KE GIA MAO")
    own_order = place([(f.product(copycat, price_vnd=85000, stock=5), 1)], method="vietqr").orders.get()
    money_in_a = _unmatched_into(client, a.bank_account, amount=own_order.total_vnd)
    with pytest.raises(PermissionDenied):
        assign_payment(actor=owner_of(copycat), payment=money_in_a, order=own_order)
    with pytest.raises(PermissionDenied):
        resolve_payment(actor=owner_of(copycat), payment=money_in_a, note="đã nhận")
    assert Order.objects.get(pk=own_order.pk).paid_vnd == 0
    for shop in (a, copycat):  # nobody can tell whose it is: neither page offers it, officers decide
        client.force_login(owner_of(shop))
        assert "chuyen tien" not in client.get(f"/seller/{shop.slug}/payments/").content.decode()


def test_an_officer_assigns_a_wrong_account_payment_by_hand(client, order, f):
    payment = _unmatched_into(client, "999999999", amount=order.total_vnd)
    updated = assign_payment(actor=f.officer(), payment=payment, order=order)
    assert (updated.order_id, updated.outcome, updated.needs_review) == (order.pk, "matched", False)
    assert Order.objects.get(pk=order.pk).payment_status == "paid"


def test_the_shop_whose_account_received_the_money_assigns_it(client, shops, order):
    payment = _unmatched_into(client, "0011 0019 32418", amount=order.total_vnd)
    assign_payment(actor=owner_of(shops[0]), payment=payment, order=order)
    assert Order.objects.get(pk=order.pk).payment_status == "paid"
