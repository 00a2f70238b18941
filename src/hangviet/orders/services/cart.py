"""The buyer's cart: open carts of users and guests, lines within stock and the per-product maximum, the
guest cart joining the account on login."""

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hangviet.catalog.models import Product
from hangviet.catalog.stock import OutOfStock
from hangviet.core.errors import invalid
from hangviet.orders import conf
from hangviet.orders.errors import CartCheckedOut
from hangviet.orders.models import Cart, CartItem, Checkout
from hangviet.orders.queries import is_orderable


def cart_for(*, user: Any = None, token: str | None = None, create: bool = True) -> Cart | None:
    """The signed-in buyer's open cart, else the open guest cart of `token`; a new one when `create`.
    (A checked-out cart is not open: the buyer shops on in a new one.)"""
    if user is not None and getattr(user, "is_authenticated", False):
        cart = Cart.objects.filter(user=user, checkout__isnull=True).first()
        if cart is None and create:
            try:
                with transaction.atomic():
                    cart = Cart.objects.create(user=user)
            except IntegrityError:  # created by a parallel request
                cart = Cart.objects.get(user=user, checkout__isnull=True)
        return cart
    open_guest_carts = Cart.objects.filter(user__isnull=True, checkout__isnull=True)
    cart = open_guest_carts.filter(token=token).first() if token else None
    if cart is None and create:
        cart = Cart.objects.create()
    return cart


def checked_out(cart: Cart) -> CartCheckedOut:
    """The error for a cart already checked out, naming its checkout and orders (as the API lists them)."""
    checkout = Checkout.objects.get(cart__pk=cart.pk)
    codes = checkout.orders.order_by("seller__trading_name", "pk").values_list("code", flat=True)
    return CartCheckedOut(checkout, list(codes))


def _check_quantity(product: Product, quantity: int, field: str) -> None:
    limit = conf.max_quantity_per_product()
    if quantity < 1:
        raise invalid(field, "min_quantity", _("Số lượng phải từ 1 trở lên."))
    if quantity > limit:
        raise invalid(field, "max_quantity", _("Mỗi sản phẩm đặt tối đa %(n)s trong một đơn.") % {"n": limit})
    if quantity > product.stock:
        raise OutOfStock(
            [
                {
                    "field": field,
                    "code": "out_of_stock",
                    "message": _("%(name)s chỉ còn %(n)s.") % {"name": product.name, "n": product.stock},
                    "product": product.slug,
                    "available": product.stock,  # type: ignore[dict-item]
                }
            ]
        )


@transaction.atomic
def add_to_cart(*, cart: Cart, product: Product, quantity: int = 1) -> CartItem:
    """Add units of a public product; the line's quantity stays within stock and the per-product maximum.
    A checked-out cart takes nothing more (CartCheckedOut): the conditional UPDATE, first, decides."""
    if not Cart.objects.filter(pk=cart.pk, checkout__isnull=True).update(updated_at=timezone.now()):
        raise checked_out(cart)
    if not is_orderable(product):
        raise invalid("product", "product_unavailable", _("Sản phẩm này hiện không bán."))
    item = CartItem.objects.select_for_update().filter(cart=cart, product=product).first()
    total = quantity + (item.quantity if item else 0)
    if quantity < 1:
        raise invalid("quantity", "min_quantity", _("Số lượng phải từ 1 trở lên."))
    _check_quantity(product, total, "quantity")
    if item is None:
        item = CartItem.objects.create(
            cart=cart, product=product, quantity=total, price_seen_vnd=product.price_vnd
        )
    else:
        item.quantity = total
        item.save(update_fields=["quantity"])
    return item


@transaction.atomic
def set_cart_quantity(*, cart: Cart, product: Product, quantity: int) -> CartItem | None:
    """Set a line's quantity; 0 removes the line."""
    if quantity <= 0:
        CartItem.objects.filter(cart=cart, product=product).delete()
        return None
    item = CartItem.objects.select_for_update().filter(cart=cart, product=product).first()
    if item is None:
        return add_to_cart(cart=cart, product=product, quantity=quantity)
    _check_quantity(product, quantity, "quantity")
    item.quantity = quantity
    item.save(update_fields=["quantity"])
    return item


@transaction.atomic
def merge_guest_cart(*, user: Any, token: str | None) -> Cart | None:
    """On login: the guest cart's lines join the user's cart (quantities added, capped by the maximum)."""
    open_guest_carts = Cart.objects.filter(user__isnull=True, checkout__isnull=True)
    guest = open_guest_carts.filter(token=token).first() if token else None
    if guest is None:
        return None
    mine = cart_for(user=user)
    assert mine is not None
    limit = conf.max_quantity_per_product()
    for line in guest.items.select_related("product"):
        existing = CartItem.objects.filter(cart=mine, product=line.product).first()
        if existing is None:
            line.cart = mine
            line.quantity = min(line.quantity, limit)
            line.save(update_fields=["cart", "quantity"])
        else:
            existing.quantity = min(existing.quantity + line.quantity, limit)
            existing.save(update_fields=["quantity"])
    guest.delete()
    return mine
