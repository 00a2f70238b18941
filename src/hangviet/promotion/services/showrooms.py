"""OCOP showrooms: consignment receipts, counter sales, returns to producers, stock adjustments."""

import datetime
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from hangviet.accounts.models import User
from hangviet.catalog.models import Product
from hangviet.core import limits
from hangviet.core.errors import ValidationFailed, field_error, invalid
from hangviet.core.money import format_vnd
from hangviet.promotion import queries
from hangviet.promotion.errors import InsufficientShowroomStock, NotOnDisplay, ProductNotTheirs
from hangviet.promotion.models import (
    ConsignmentLine,
    ConsignmentReceipt,
    Showroom,
    ShowroomItem,
    ShowroomSale,
    ShowroomSaleLine,
    ShowroomStockMove,
)
from hangviet.promotion.services._common import _address, _apply, _locked, _save
from hangviet.sellers.models import Seller
from hangviet.sellers.permissions import ensure_officer

MAX_SALE_LINES = 50
SHOWROOM_FIELDS = (
    "name",
    "slug",
    "site",
    "street",
    "commune",
    "opening_hours",
    "commission_bp",
    "bank_bin",
    "bank_account",
    "is_active",
    "opened_on",
)


def ensure_showroom_operator(actor: Any, showroom: Showroom) -> None:
    if not queries.can_operate_showroom(actor, showroom):
        raise PermissionDenied(_("Chỉ nhân viên cửa hàng hoặc cán bộ được làm việc này."))


@transaction.atomic
def create_showroom(*, actor: User, staff: Iterable[User] = (), **fields: Any) -> Showroom:
    """An officer opens a showroom (the admin) with the staff who run its counter; its address comes
    from `slug` when given, else from its name (unique)."""
    ensure_officer(actor)
    showroom = _apply(Showroom(), fields, SHOWROOM_FIELDS)
    _address(showroom)
    _save(showroom)
    showroom.staff.set(list(staff))
    return showroom


@transaction.atomic
def update_showroom(
    *, actor: User, showroom: Showroom, staff: Iterable[User] | None = None, **fields: Any
) -> Showroom:
    """An officer edits a showroom or its staff (the admin); its stock moves only by receipts, sales,
    returns and adjustments."""
    ensure_officer(actor)
    showroom = _apply(_locked(showroom), fields, SHOWROOM_FIELDS)
    if "slug" in fields:
        _address(showroom)
    _save(showroom)
    if staff is not None:
        showroom.staff.set(list(staff))
    return showroom


@transaction.atomic
def set_showroom_price(*, actor: User, item: ShowroomItem, price_vnd: int) -> ShowroomItem:
    """The showroom's price of a product it has on display (the counter sells at it)."""
    ensure_showroom_operator(actor, item.showroom)
    if price_vnd < 0:
        raise invalid("price_vnd", "negative", _("Giá không được âm."))
    if price_vnd > limits.PRICE_MAX_VND:
        message = _("Giá quá lớn: tối đa %(max)s.") % {"max": format_vnd(limits.PRICE_MAX_VND)}
        raise invalid("price_vnd", "max_value", message)
    ShowroomItem.objects.filter(pk=item.pk).update(price_vnd=price_vnd)
    item.price_vnd = price_vnd
    return item


def _move(
    showroom: Showroom,
    product: Product,
    kind: str,
    delta: int,
    actor: User,
    now: datetime.datetime,
    **extra: Any,
) -> ShowroomStockMove:
    after = ShowroomItem.objects.get(showroom=showroom, product=product).quantity
    return ShowroomStockMove.objects.create(
        showroom=showroom,
        product=product,
        kind=kind,
        delta=delta,
        quantity_after=after,
        actor=actor,
        created_at=now,
        **extra,
    )


@transaction.atomic
def receive_consignment(
    *,
    actor: User,
    showroom: Showroom,
    seller: Seller,
    lines: Sequence[tuple[Product, int]],
    received_on: datetime.date | None = None,
    note: str = "",
    now: datetime.datetime | None = None,
) -> ConsignmentReceipt:
    """Goods a producer leaves on consignment: a receipt, the showroom's stock up, a move per line.
    `now` dates the moves (default: now; the demo records 2022's receipts)."""
    ensure_showroom_operator(actor, showroom)
    if not lines:
        raise invalid("lines", "required", _("Cần ít nhất một sản phẩm."))
    for product, qty in lines:
        if product.seller_id != seller.pk:
            raise ProductNotTheirs(field="lines")
        if qty <= 0:
            raise invalid("lines", "not_positive", _("Số lượng phải lớn hơn 0."))
    now = now or timezone.now()
    receipt = ConsignmentReceipt.objects.create(
        showroom=showroom,
        seller=seller,
        number=f"tmp-{uuid.uuid4().hex[:24]}",
        received_on=received_on or timezone.localdate(now),
        note=note.strip()[:2000],
        received_by=actor,
    )
    receipt.number = f"NK{receipt.pk:06d}"
    receipt.save(update_fields=["number"])
    for product, qty in lines:
        ConsignmentLine.objects.create(receipt=receipt, product=product, quantity=qty)
        item, _created = ShowroomItem.objects.get_or_create(
            showroom=showroom, product=product, defaults={"price_vnd": product.price_vnd}
        )
        ShowroomItem.objects.filter(pk=item.pk).update(quantity=F("quantity") + qty)
        _move(showroom, product, ShowroomStockMove.Kind.RECEIVE, qty, actor, now, receipt=receipt)
    return receipt


@transaction.atomic
def sell_at_counter(
    *,
    actor: User,
    showroom: Showroom,
    lines: Sequence[tuple[Product, int]],
    payment: str,
    now: datetime.datetime | None = None,
) -> ShowroomSale:
    """A counter sale: each line takes stock with `UPDATE … WHERE quantity >= n`; if any line lacks
    stock nothing is sold (InsufficientShowroomStock). `now` is when it was sold (default: now; the demo
    records 2022's sales)."""
    ensure_showroom_operator(actor, showroom)
    if payment not in ShowroomSale.Payment.values:
        raise invalid("payment", "invalid_choice", _("Hình thức thanh toán không hợp lệ."))
    merged: dict[int, list[Any]] = {}
    for product, qty in lines:
        if qty <= 0:
            raise invalid("quantity", "not_positive", _("Số lượng phải lớn hơn 0."))
        merged.setdefault(product.pk, [product, 0])[1] += qty
    if not merged or len(merged) > MAX_SALE_LINES:
        raise invalid("lines", "required", _("Cần từ 1 đến 50 sản phẩm."))
    items = {
        i.product_id: i for i in ShowroomItem.objects.filter(showroom=showroom, product_id__in=list(merged))
    }
    now = now or timezone.now()
    total = 0
    for pk, (product, qty) in merged.items():
        item = items.get(pk)
        if item is None:
            raise NotOnDisplay(field="product", product=pk)
        taken = ShowroomItem.objects.filter(pk=item.pk, quantity__gte=qty).update(
            quantity=F("quantity") - qty
        )
        if not taken:
            available = ShowroomItem.objects.get(pk=item.pk).quantity
            raise InsufficientShowroomStock(
                _("Không đủ hàng: %(name)s còn %(n)s.") % {"name": product.name, "n": available},
                field="quantity",
                product=pk,
                available=available,
            )
        total += qty * item.price_vnd
    sale = ShowroomSale.objects.create(
        showroom=showroom,
        number=f"tmp-{uuid.uuid4().hex[:24]}",
        payment=payment,
        total_vnd=total,
        cashier=actor,
        sold_at=now,
    )
    sale.number = f"HD{sale.pk:07d}"
    sale.save(update_fields=["number"])
    for pk, (product, qty) in merged.items():
        ShowroomSaleLine.objects.create(
            sale=sale,
            product=product,
            seller_id=product.seller_id,
            quantity=qty,
            unit_price_vnd=items[pk].price_vnd,
        )
        _move(showroom, product, ShowroomStockMove.Kind.SELL, -qty, actor, now, sale=sale)
    return sale


@transaction.atomic
def return_to_producer(
    *, actor: User, showroom: Showroom, product: Product, quantity: int, reason: str = ""
) -> ShowroomStockMove:
    ensure_showroom_operator(actor, showroom)
    if quantity <= 0:
        raise invalid("quantity", "not_positive", _("Số lượng phải lớn hơn 0."))
    if not ShowroomItem.objects.filter(showroom=showroom, product=product, quantity__gte=quantity).update(
        quantity=F("quantity") - quantity
    ):
        raise InsufficientShowroomStock(field="quantity")
    return _move(
        showroom,
        product,
        ShowroomStockMove.Kind.RETURN,
        -quantity,
        actor,
        timezone.now(),
        reason=reason[:200],
    )


@transaction.atomic
def adjust_showroom_stock(
    *, actor: User, showroom: Showroom, product: Product, delta: int, reason: str
) -> ShowroomStockMove:
    """Stock count correction (breakage, count difference): a reason is required; never below zero."""
    ensure_showroom_operator(actor, showroom)
    reason = (reason or "").strip()
    errors = []
    if not reason:
        errors.append(field_error("reason", "required", _("Cần ghi lý do điều chỉnh.")))
    if delta == 0:
        errors.append(field_error("delta", "zero", _("Số điều chỉnh phải khác 0.")))
    if errors:
        raise ValidationFailed(errors)
    items = ShowroomItem.objects.filter(showroom=showroom, product=product)
    if not items.exists():
        raise NotOnDisplay(field="product")
    if not items.filter(quantity__gte=max(0, -delta)).update(quantity=F("quantity") + delta):
        raise InsufficientShowroomStock(field="delta")
    return _move(
        showroom, product, ShowroomStockMove.Kind.ADJUST, delta, actor, timezone.now(), reason=reason[:200]
    )
