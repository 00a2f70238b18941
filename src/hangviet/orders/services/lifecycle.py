"""The order's state machine: TRANSITIONS (from, to) → who may move it; the moves of sellers, buyers
and the system (expiry of unpaid orders, lapse of unanswered ones), each an OrderEvent; stock released on
the way out."""

from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from hangviet.catalog.stock import release_stock
from hangviet.catalog.versions import catalog_changed
from hangviet.core.errors import ValidationFailed, field_error, invalid
from hangviet.core.limits import max_length
from hangviet.core.validators import normalize_phone
from hangviet.orders import tasks
from hangviet.orders.errors import InvalidTransition, PaymentRequired
from hangviet.orders.models import Order, OrderEvent, PaymentMethod
from hangviet.sellers.permissions import ensure_can_manage

S = Order.Status


# (from, to) → the kinds of actor that may make the move. Anything else is refused.
TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (S.AWAITING, S.CONFIRMED): frozenset({"seller"}),
    (S.AWAITING, S.CANCELLED): frozenset({"buyer", "seller", "system"}),
    (S.CONFIRMED, S.CANCELLED): frozenset({"buyer", "seller"}),
    (S.AWAITING, S.LAPSED): frozenset({"system"}),
    (S.CONFIRMED, S.SHIPPED): frozenset({"seller"}),
    (S.SHIPPED, S.DELIVERED): frozenset({"seller"}),
    (S.DELIVERED, S.RETURN_REQUESTED): frozenset({"buyer"}),
    (S.RETURN_REQUESTED, S.RETURNED): frozenset({"seller"}),
    (S.RETURNED, S.REFUNDED): frozenset({"seller"}),
}
RELEASES_STOCK = {S.CANCELLED, S.LAPSED}
SOLD_CHANGES = {S.DELIVERED, S.RETURNED}


def allowed_moves(order: Order, role: str) -> list[str]:
    """The statuses `role` may move this order to now (for pages: which buttons to show)."""
    return [to for (frm, to), roles in TRANSITIONS.items() if frm == order.status and role in roles]


def _transition(order: Order, to: str, *, actor: Any, role: str, note: str = "", **changes: Any) -> Order:
    """Move the order (locked) to `to`, record who/when/from/to, release stock when it ends unfulfilled."""
    locked = Order.objects.select_for_update().get(pk=order.pk)
    frm = locked.status
    if role not in TRANSITIONS.get((frm, to), frozenset()):
        raise InvalidTransition(
            _("Không thể chuyển đơn %(code)s từ “%(from)s” sang “%(to)s”.")
            % {"code": locked.code, "from": S(frm).label, "to": S(to).label},
            field="status",
            from_status=frm,
            to_status=to,
        )
    locked.status = to
    for field, value in changes.items():
        setattr(locked, field, value)
    if to in RELEASES_STOCK:
        release_stock(
            locked.items.filter(product__isnull=False)
            .order_by("product_id")
            .values_list("product_id", "quantity"),
            reason=f"order {locked.code} {to}",
            actor=actor if getattr(actor, "is_authenticated", False) else None,
        )
        if locked.paid_vnd > 0:
            locked.payment_status = Order.PaymentStatus.REFUND_DUE
    locked.save()
    event = OrderEvent.objects.create(
        order=locked,
        from_status=frm,
        to_status=to,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_role=role,
        note=note,
    )
    if to in SOLD_CHANGES:  # a product's "đã bán" (orders.queries.sold_counts) shows on its cached page
        catalog_changed(products=[i.product_id for i in locked.items.all() if i.product_id], listing=False)
    tasks.send_status_changed.enqueue(event.pk)  # in the transaction: the event always has its email
    for hook in getattr(
        settings, "HANGVIET_ORDER_EVENT_HOOKS", []
    ):  # e.g. the network's on_status, in this transaction
        import_string(hook)(event)
    return locked


def _ensure_buyer(order: Order, actor: Any, phone: str | None) -> None:
    """The buyer: the signed-in user who placed it, or a guest who knows the order's phone number."""
    if getattr(actor, "is_authenticated", False) and order.buyer_id == actor.pk:
        return
    if phone:
        try:
            if normalize_phone(phone) == order.checkout.buyer_phone:
                return
        except ValidationError:
            pass
    raise PermissionDenied(_("Bạn không phải người đặt đơn này."))


@transaction.atomic
def confirm_order(*, actor: Any, order: Order) -> Order:
    """The seller accepts the order (Art. 19 confirmation goes to the buyer by email)."""
    ensure_can_manage(actor, order.seller)
    return _transition(order, S.CONFIRMED, actor=actor, role="seller")


@transaction.atomic
def ship_order(*, actor: Any, order: Order, carrier: str, tracking_number: str) -> Order:
    """The seller hands the goods to a carrier; a transfer order must be paid in full first."""
    ensure_can_manage(actor, order.seller)
    errors = []
    if not carrier.strip():
        errors.append(field_error("carrier", "required", _("Hãy nhập đơn vị vận chuyển.")))
    if not tracking_number.strip():
        errors.append(field_error("tracking_number", "required", _("Hãy nhập mã vận đơn.")))
    for field, value in (("carrier", carrier), ("tracking_number", tracking_number)):
        if len(value) > (limit := max_length(Order, field)):
            errors.append(field_error(field, "too_long", _("Tối đa %(n)s ký tự.") % {"n": limit}))
    if errors:
        raise ValidationFailed(errors)
    status, paid = Order.objects.values_list("status", "payment_status").get(pk=order.pk)
    is_paid = paid in {Order.PaymentStatus.PAID, Order.PaymentStatus.OVERPAID}
    if order.payment_method == PaymentMethod.VIETQR and status == S.CONFIRMED and not is_paid:
        raise PaymentRequired()
    return _transition(
        order,
        S.SHIPPED,
        actor=actor,
        role="seller",
        note=f"{carrier.strip()} {tracking_number.strip()}",
        carrier=carrier.strip(),
        tracking_number=tracking_number.strip(),
    )


@transaction.atomic
def mark_delivered(*, actor: Any, order: Order) -> Order:
    """The seller records the delivery; a COD order's cash is then collected."""
    ensure_can_manage(actor, order.seller)
    changes: dict[str, Any] = {"delivered_at": timezone.now()}
    if order.payment_method == PaymentMethod.COD:
        changes |= {"payment_status": Order.PaymentStatus.PAID, "paid_vnd": order.total_vnd}
    return _transition(order, S.DELIVERED, actor=actor, role="seller", **changes)


@transaction.atomic
def cancel_by_seller(*, actor: Any, order: Order, reason: str) -> Order:
    ensure_can_manage(actor, order.seller)
    if not reason.strip():
        raise invalid("reason", "required", _("Hãy ghi lý do huỷ đơn."))
    return _transition(
        order, S.CANCELLED, actor=actor, role="seller", note=reason.strip(), cancel_reason=reason.strip()
    )


@transaction.atomic
def cancel_by_buyer(*, order: Order, actor: Any = None, phone: str | None = None, reason: str = "") -> Order:
    """The buyer cancels before the goods are shipped."""
    _ensure_buyer(order, actor, phone)
    return _transition(
        order, S.CANCELLED, actor=actor, role="buyer", note=reason.strip(), cancel_reason=reason.strip()
    )


@transaction.atomic
def request_return(*, order: Order, reason: str, actor: Any = None, phone: str | None = None) -> Order:
    _ensure_buyer(order, actor, phone)
    if not reason.strip():
        raise invalid("reason", "required", _("Hãy ghi lý do trả hàng."))
    return _transition(order, S.RETURN_REQUESTED, actor=actor, role="buyer", note=reason.strip())


@transaction.atomic
def accept_return(*, actor: Any, order: Order) -> Order:
    ensure_can_manage(actor, order.seller)
    return _transition(order, S.RETURNED, actor=actor, role="seller")


@transaction.atomic
def refund_order(*, actor: Any, order: Order) -> Order:
    ensure_can_manage(actor, order.seller)
    return _transition(
        order, S.REFUNDED, actor=actor, role="seller", payment_status=Order.PaymentStatus.REFUNDED
    )


def expire_unpaid_orders(now: datetime | None = None) -> list[str]:
    """Cancel VietQR orders still unpaid after the configured time; their stock goes back. Returns codes."""
    now = now or timezone.now()
    due = Order.objects.filter(
        payment_method=PaymentMethod.VIETQR,
        payment_status=Order.PaymentStatus.UNPAID,
        status=S.AWAITING,
        pay_by__lte=now,
    ).values_list("pk", flat=True)
    done = []
    for pk in list(due[:500]):
        with transaction.atomic():
            order = Order.objects.select_for_update().get(pk=pk)
            if order.payment_status != Order.PaymentStatus.UNPAID or order.status != S.AWAITING:
                continue
            _transition(
                order,
                S.CANCELLED,
                actor=None,
                role="system",
                note=_("Quá hạn thanh toán"),
                cancel_reason=_("Quá hạn thanh toán"),
            )
            done.append(order.code)
    return done


def lapse_unanswered_orders(now: datetime | None = None) -> list[str]:
    """Orders the seller did not answer by their deadline lapse (Art. 20); their stock goes back."""
    now = now or timezone.now()
    due = Order.objects.filter(status=S.AWAITING, respond_by__lte=now).values_list("pk", flat=True)
    done = []
    for pk in list(due[:500]):
        with transaction.atomic():
            order = Order.objects.select_for_update().get(pk=pk)
            if order.status != S.AWAITING or order.respond_by is None or order.respond_by > now:
                continue
            _transition(
                order, S.LAPSED, actor=None, role="system", note=_("Người bán không trả lời đúng hạn")
            )
            done.append(order.code)
    return done
