"""Payments: bank transfers from the statement webhook (signed), applied to the order their note names when
the money reached its seller's account; reconciliation of the rest by the shop or an officer."""

import hashlib
import hmac
import re
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hangviet.core.errors import invalid
from hangviet.orders import conf, queries, tasks
from hangviet.orders.errors import BadSignature
from hangviet.orders.models import (
    CODE_ALPHABET,
    CODE_LENGTH,
    ORDER_CODE_PREFIX,
    DeliveryPolicy,
    Order,
    Payment,
    PaymentMethod,
)
from hangviet.sellers.models import Seller
from hangviet.sellers.permissions import can_manage, ensure_can_manage, is_officer

S = Order.Status


_CODE_IN_TEXT = re.compile(rf"{ORDER_CODE_PREFIX}[{CODE_ALPHABET}]{{{CODE_LENGTH}}}")


def verify_signature(raw_body: bytes, header: str | None) -> None:
    """HMAC-SHA256 of the raw body with the shared secret, compared in constant time; BadSignature."""
    secret = conf.webhook_secret()
    if not secret or not header or not header.startswith("sha256="):
        raise BadSignature()
    expected = hmac.new(secret.encode(), raw_body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, header.removeprefix("sha256=").strip().lower()):
        raise BadSignature()


def find_order_code(description: str) -> list[str]:
    """Order codes written in a transfer note (banks may upper-case it or glue words to it)."""
    return _CODE_IN_TEXT.findall(re.sub(r"[^A-Z0-9]", " ", description.upper()))


def _apply_payment(order: Order, amount: int, now: datetime) -> str:
    """Add a transfer to a (locked) order; returns the payment outcome."""
    if order.status not in {S.AWAITING, S.CONFIRMED} or order.payment_method != PaymentMethod.VIETQR:
        return Payment.Outcome.NOT_PAYABLE
    if order.payment_status not in {Order.PaymentStatus.UNPAID, Order.PaymentStatus.PARTIAL}:
        return Payment.Outcome.NOT_PAYABLE
    order.paid_vnd += amount
    if order.paid_vnd == order.total_vnd:
        order.payment_status, outcome = Order.PaymentStatus.PAID, Payment.Outcome.MATCHED
    elif order.paid_vnd < order.total_vnd:
        order.payment_status, outcome = Order.PaymentStatus.PARTIAL, Payment.Outcome.SHORT
    else:
        order.payment_status, outcome = Order.PaymentStatus.OVERPAID, Payment.Outcome.OVER
    if order.is_paid:
        order.paid_at = now
        policy = DeliveryPolicy.objects.filter(seller_id=order.seller_id).first()
        if order.status == S.AWAITING:
            order.respond_by = now + timedelta(hours=queries.answer_hours(policy))
    order.save(update_fields=["paid_vnd", "payment_status", "paid_at", "respond_by", "updated_at"])
    return outcome


def _account_number(value: str) -> str:
    """An account number as sellers' accounts are stored: no spaces, dots or dashes."""
    return re.sub(r"[\s.\-]", "", value or "").upper()


def _paid_into(seller: Seller, account: str, bank_bin: str) -> bool:
    """Whether money reported as received in (account, bank_bin) reached this seller's account."""
    if not account or account != _account_number(seller.bank_account):
        return False
    return not bank_bin or bank_bin == seller.bank_bin


def record_bank_payment(
    *,
    transaction_id: str,
    amount_vnd: int,
    description: str,
    account: str,
    paid_at: datetime,
    raw: dict,
    bank_bin: str = "",
) -> tuple[Payment, bool]:
    """Store a bank transfer once (by transaction_id) and apply it to the order its note names, when
    the money reached that order's seller's account (`account`, and `bank_bin` when reported).

    Returns (payment, created). A second delivery of the same transaction changes nothing.
    Short, over, unmatched, too-late or wrong-account payments are kept with needs_review for
    reconciliation; a wrong-account one is applied to no order (the note alone proves nothing).
    """
    existing = Payment.objects.filter(transaction_id=transaction_id).first()
    if existing is not None:
        return existing, False
    account, bank_bin = _account_number(account), bank_bin.strip()
    try:
        with transaction.atomic():
            now = timezone.now()
            order = None
            for code in find_order_code(description):
                order = (
                    Order.objects.select_for_update(of=("self",))
                    .select_related("seller")
                    .filter(code=code)
                    .first()
                )
                if order is not None:
                    break
            outcome: str
            if order is None:
                outcome = Payment.Outcome.UNMATCHED
            elif not _paid_into(order.seller, account, bank_bin):
                outcome, order = Payment.Outcome.WRONG_ACCOUNT, None
            else:
                outcome = _apply_payment(order, amount_vnd, now)
            payment = Payment.objects.create(
                transaction_id=transaction_id,
                amount_vnd=amount_vnd,
                description=description[:500],
                account=account[:30],
                bank_bin=bank_bin[:6],
                paid_at=paid_at,
                order=order,
                outcome=outcome,
                needs_review=outcome != Payment.Outcome.MATCHED,
                raw=raw,
            )
            if (
                order is not None
                and order.is_paid
                and outcome in {Payment.Outcome.MATCHED, Payment.Outcome.OVER}
            ):
                tasks.send_order_paid.enqueue(order.pk)
            return payment, True
    except IntegrityError:  # the same transaction delivered twice at once: the other one stored it
        return Payment.objects.get(transaction_id=transaction_id), False


def _ensure_can_reconcile(actor: Any, payment: Payment) -> None:
    """Officers; else the members of the shop whose order the payment is on or, for a payment on no
    order, of the one shop whose account received the money (never a shop the money did not reach)."""
    if is_officer(actor):
        return
    if payment.order_id is not None:
        if can_manage(actor, payment.order.seller):  # type: ignore[union-attr]
            return
    else:
        holder = queries.account_holder(payment)
        if holder is not None and can_manage(actor, holder):
            return
    raise PermissionDenied(_("Bạn không được đối soát khoản thanh toán này."))


@transaction.atomic
def resolve_payment(*, actor: Any, payment: Payment, note: str) -> Payment:
    """Close a payment that needed review (refunded the excess, agreed with the buyer, …) with a note."""
    _ensure_can_reconcile(actor, payment)
    if not note.strip():
        raise invalid("note", "required", _("Hãy ghi cách đã xử lý."))
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    payment.needs_review = False
    payment.resolved_at = timezone.now()
    payment.resolved_by = actor
    payment.resolution_note = note.strip()
    payment.save(update_fields=["needs_review", "resolved_at", "resolved_by", "resolution_note"])
    return payment


@transaction.atomic
def assign_payment(*, actor: Any, payment: Payment, order: Order) -> Payment:
    """Apply an unmatched transfer to an order (the buyer mistyped the note): a shop member to an order
    of the shop whose account received the money; an officer, having checked by hand, to any order."""
    _ensure_can_reconcile(actor, payment)
    if not is_officer(actor):
        ensure_can_manage(actor, order.seller)
        if not _paid_into(order.seller, payment.account, payment.bank_bin):
            raise PermissionDenied(
                _("Khoản này không chuyển vào tài khoản của %(shop)s.") % {"shop": order.seller.trading_name}
            )
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    if payment.order_id is not None:
        raise invalid("payment", "already_matched", _("Khoản này đã gắn với một đơn."))
    locked = Order.objects.select_for_update().get(pk=order.pk)
    outcome = _apply_payment(locked, payment.amount_vnd, timezone.now())
    if outcome == Payment.Outcome.NOT_PAYABLE:
        raise invalid("order", "not_payable", _("Đơn này không còn nhận thanh toán."))
    payment.order = locked
    payment.outcome = outcome
    payment.needs_review = outcome != Payment.Outcome.MATCHED
    payment.resolved_by = actor
    payment.resolution_note = _("Gắn vào đơn %(code)s") % {"code": locked.code}
    if not payment.needs_review:
        payment.resolved_at = timezone.now()
    payment.save()
    return payment
