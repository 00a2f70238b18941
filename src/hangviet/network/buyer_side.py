"""Buyer side of a cross-province order: the remote items of a cart, a fresh quote from their seller's
node (`select`), the order placed there (`confirm`), its status as that node reports it (`on_status`),
and the buyer's cancel (`cancel`)."""

from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from hangviet.core.errors import DomainError
from hangviet.network import protocol, transport
from hangviet.network.models import Peer, RemoteOrder, RemoteOrderEvent
from hangviet.orders.models import Cart, CartItem


class RemoteOrderError(DomainError):
    """The seller's node refused or could not be reached; `message` says what the buyer can do."""

    code = "remote_order_failed"
    status = 409

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class QuotedLine:
    item: CartItem
    remote_id: str
    price_vnd: int
    available: int

    @property
    def price_changed(self) -> bool:
        return self.price_vnd != self.item.price_seen_vnd

    @property
    def short(self) -> bool:
        return self.available < self.item.quantity


@dataclass
class Quote:
    peer: Peer
    lines: list[QuotedLine]
    delivery_fee_vnd: int
    total_vnd: int
    payment_types: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(line.price_changed or line.short for line in self.lines)


def remote_items(cart: Cart | None) -> dict[Peer, list[CartItem]]:
    """The cart's items that are mirrored from other nodes, by their node."""
    if cart is None:
        return {}
    items = (
        CartItem.objects.filter(cart=cart, product__home_node__isnull=False)
        .select_related("product__mirror__peer", "product__seller")
        .order_by("product__seller_id", "product_id")
    )
    grouped: dict[Peer, list[CartItem]] = {}
    for item in items:
        grouped.setdefault(item.product.mirror.peer, []).append(item)  # type: ignore[attr-defined]
    return grouped


def _order_body(items: list[CartItem], buyer: dict[str, str] | None = None, **extra: Any) -> dict[str, Any]:
    order: dict[str, Any] = {
        "provider": {"id": ""},
        "items": [
            {"id": item.product.mirror.remote_id, "quantity": {"count": item.quantity}}  # type: ignore[attr-defined]
            for item in items
        ],
    }
    if buyer:
        order["billing"] = {"name": buyer["name"], "phone": buyer["phone"], "email": buyer.get("email", "")}
        order["fulfillment"] = {
            "end": {
                "location": {"address": {"street": buyer["street"], "commune_code": buyer["commune_code"]}}
            }
        }
    order.update(extra)
    return order


def _call(
    peer: Peer, action: str, transaction_id: str, message: dict[str, Any]
) -> tuple[int, dict[str, Any]]:
    body = {
        "context": protocol.context(
            action, bpp_id=peer.node_id, bpp_uri=peer.base_url, transaction_id=transaction_id
        ),
        "message": message,
    }
    try:
        reply = transport.call(peer, "POST", f"/network/v1/{action}", body, action=action)
        data = reply.json()
    except (transport.PeerUnreachable, ValueError) as exc:
        raise RemoteOrderError(
            _(
                "Không liên lạc được với sàn %(name)s lúc này; chưa có đơn nào được tạo. "
                "Hãy thử lại sau ít phút."
            )
            % {"name": peer.name}
        ) from exc
    if not isinstance(data, dict):
        raise RemoteOrderError(_("Sàn %(name)s trả lời không đúng định dạng.") % {"name": peer.name})
    return reply.status, data


def select(*, peer: Peer, items: list[CartItem], buyer: dict[str, str], transaction_id: str) -> Quote:
    """A fresh quote from the seller's node for these cart items."""
    status, data = _call(peer, "select", transaction_id, {"order": _order_body(items, buyer)})
    order = (data.get("message") or {}).get("order")
    if status not in (200, 409) or not isinstance(order, dict):
        code = (data.get("error") or {}).get("code", "")
        if code == protocol.ITEM_NOT_FOUND:
            raise RemoteOrderError(
                _("Một sản phẩm trong giỏ không còn bán ở sàn %(name)s.") % {"name": peer.name}
            )
        raise RemoteOrderError(_("Sàn %(name)s không báo giá được.") % {"name": peer.name})
    by_remote = {item.product.mirror.remote_id: item for item in items}  # type: ignore[attr-defined]
    lines = []
    for quoted in order.get("items") or []:
        item = by_remote.get(str(quoted.get("id")))
        if item is None:
            continue
        lines.append(
            QuotedLine(
                item=item,
                remote_id=str(quoted["id"]),
                price_vnd=protocol.read_price(quoted.get("price"), "price"),
                available=int(((quoted.get("quantity") or {}).get("available") or {}).get("count", 0)),
            )
        )
    breakup = {b.get("title"): b.get("price") for b in (order.get("quote") or {}).get("breakup") or []}
    return Quote(
        peer=peer,
        lines=lines,
        delivery_fee_vnd=protocol.read_price(breakup.get("delivery"), "delivery"),
        total_vnd=protocol.read_price((order.get("quote") or {}).get("price"), "quote.price"),
        payment_types=[t for t in order.get("payment_types") or [] if t in ("COD", "VIETQR")],
    )


def confirm(
    *,
    peer: Peer,
    items: list[CartItem],
    buyer: dict[str, str],
    payment_type: str,
    expected_total_vnd: int,
    transaction_id: str,
    user: Any = None,
) -> RemoteOrder:
    """Place the order at the seller's node; keep it here and take its items out of the cart.

    The same transaction confirmed twice (a double submit) gives the first order."""
    existing = RemoteOrder.objects.filter(transaction_id=transaction_id).first()
    if existing is not None:
        return existing
    message = {
        "order": _order_body(
            items,
            buyer,
            payment={"type": payment_type},
            quote={"price": protocol.price(expected_total_vnd)},
        )
    }
    status, data = _call(peer, "confirm", transaction_id, message)
    order = (data.get("message") or {}).get("order")
    if status != 200 or not isinstance(order, dict):
        code = (data.get("error") or {}).get("code", "")
        if code in (protocol.QUOTE_UNAVAILABLE, protocol.QUANTITY_UNAVAILABLE):
            raise RemoteOrderError(
                _("Giá hoặc tồn kho vừa thay đổi ở sàn %(name)s: hãy xem lại báo giá.") % {"name": peer.name}
            )
        raise RemoteOrderError(
            _("Sàn %(name)s không nhận đơn (%(code)s); chưa có đơn nào được tạo.")
            % {"name": peer.name, "code": code}
        )
    payment = order.get("payment") or {}
    with transaction.atomic():
        try:
            remote = RemoteOrder.objects.create(
                peer=peer,
                transaction_id=transaction_id,
                remote_code=str(order.get("id", ""))[:20],
                buyer=user if getattr(user, "is_authenticated", False) else None,
                buyer_name=buyer["name"][:150],
                buyer_phone=buyer["phone"][:10],
                status=str(order.get("state", ""))[:20],
                payment_method=str(payment.get("type", ""))[:10],
                payment_status=str(payment.get("status", ""))[:12],
                vietqr_payload=str(payment.get("vietqr", ""))[:300],
                total_vnd=protocol.read_price((order.get("quote") or {}).get("price"), "quote.price"),
                delivery_fee_vnd=_delivery_fee(order),
                seller_name=str(((order.get("provider") or {}).get("descriptor") or {}).get("name", ""))[
                    :200
                ],
                items=[
                    {
                        "name": str((i.get("descriptor") or {}).get("name", ""))[:200],
                        "quantity": int((i.get("quantity") or {}).get("count", 0)),
                        "unit_price_vnd": protocol.read_price(i.get("price"), "price"),
                    }
                    for i in order.get("items") or []
                ],
            )
        except IntegrityError:
            return RemoteOrder.objects.get(transaction_id=transaction_id)
        RemoteOrderEvent.objects.create(remote_order=remote, from_status="", to_status=remote.status)
        CartItem.objects.filter(pk__in=[item.pk for item in items]).delete()
    return remote


def _delivery_fee(order: dict[str, Any]) -> int:
    breakup = {b.get("title"): b.get("price") for b in (order.get("quote") or {}).get("breakup") or []}
    return protocol.read_price(breakup["delivery"], "delivery") if "delivery" in breakup else 0


def cancel(*, remote: RemoteOrder, reason: str = "") -> RemoteOrder:
    status, data = _call(
        remote.peer,
        "cancel",
        remote.transaction_id,
        {"order_id": remote.remote_code, "cancellation_reason": reason[:500]},
    )
    order = (data.get("message") or {}).get("order")
    if status != 200 or not isinstance(order, dict):
        raise RemoteOrderError(_("Người bán không cho huỷ đơn này nữa."))
    apply_state(remote, order, note=reason)
    return RemoteOrder.objects.get(pk=remote.pk)


@transaction.atomic
def apply_state(remote: RemoteOrder, order: dict[str, Any], note: str = "") -> None:
    """Take the seller node's state of the order; a change adds an event."""
    remote = RemoteOrder.objects.select_for_update().get(pk=remote.pk)
    state = str(order.get("state", ""))[:20]
    payment = order.get("payment") or {}
    changes: dict[str, Any] = {"payment_status": str(payment.get("status", remote.payment_status))[:12]}
    if state and state != remote.status:
        RemoteOrderEvent.objects.create(
            remote_order=remote, from_status=remote.status, to_status=state, note=note[:500]
        )
        changes["status"] = state
    RemoteOrder.objects.filter(pk=remote.pk).update(**changes)


def on_status(peer: Peer, ctx: dict[str, Any], message: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """A seller node's unsolicited status update of an order our buyer placed there."""
    order = message.get("order")
    if not isinstance(order, dict):
        raise protocol.ProtocolError(protocol.BAD_MESSAGE, "no order", path="message.order")
    remote = RemoteOrder.objects.filter(
        peer=peer, remote_code=str(order.get("id", ""))[:20], transaction_id=ctx["transaction_id"]
    ).first()
    if remote is None:
        raise protocol.ProtocolError(protocol.ORDER_NOT_FOUND, "order not found", 404, "message.order.id")
    event = message.get("event") or {}
    apply_state(remote, order, note=str(event.get("note", "")) if isinstance(event, dict) else "")
    return 200, {"context": protocol.reply_context(ctx), "message": {"ack": {"status": "ACK"}}}
