"""Demo orders on top of `hangviet demo`: a two-shop VietQR checkout (one paid and shipped, one awaiting
transfer) and a delivered COD order of a household shop last month, so its statement shows withholding.

Idempotent: everything hangs off the demo buyer's email; a second run finds it and writes nothing.
"""

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from hangviet.catalog.models import Product
from hangviet.orders.models import Checkout, Order
from hangviet.orders.services.cart import add_to_cart, cart_for
from hangviet.orders.services.checkout import BuyerDetails, place_order
from hangviet.orders.services.lifecycle import confirm_order, mark_delivered, ship_order
from hangviet.orders.services.payments import record_bank_payment
from hangviet.sellers.models import Seller

DEMO_BUYER_EMAIL = "nguoimua@demo.hangviet.vn"
DEMO_PHONE = "0901234567"


def _say(stdout: Any, text: str) -> None:
    if stdout is not None:
        stdout.write(text)


def _product_of(seller: Seller) -> Product | None:
    return (
        Product.objects.filter(seller=seller, status=Product.Status.ACTIVE, stock__gte=5)
        .order_by("sku", "pk")
        .first()
    )


def _owner(seller: Seller) -> Any:
    return seller.memberships.select_related("user").order_by("pk").first().user  # type: ignore[union-attr]


def _checkout(products: list[Product], method: str, street: str) -> Checkout:
    seller = products[0].seller
    cart = cart_for(create=True)  # a guest's new cart
    assert cart is not None
    for product in products:
        add_to_cart(cart=cart, product=product, quantity=1)
    checkout = place_order(
        cart=cart,
        buyer=BuyerDetails(
            name="Nguyễn Thị Minh (minh hoạ)",
            phone=DEMO_PHONE,
            email=DEMO_BUYER_EMAIL,
            street=street,
            commune_code=seller.commune_id,
            province_code=seller.province_id,
        ),
        payment_method=method,
    )
    return checkout


def load_demo(stdout: Any = None) -> int:
    """Build the demo orders if absent; returns the number of orders created."""
    if Checkout.objects.filter(buyer_email=DEMO_BUYER_EMAIL).exists():
        _say(stdout, "orders demo: already loaded")
        return 0
    sellers = (
        Seller.objects.filter(
            status=Seller.Status.VERIFIED, bank_bin__gt="", bank_account__gt="", products__status="active"
        )
        .distinct()
        .order_by("slug")
    )
    with_products = [(s, p) for s in sellers[:40] if (p := _product_of(s)) is not None]
    if len(with_products) < 2:
        _say(
            stdout, "orders demo: skipped (run `hangviet demo` first: needs two verified shops with products)"
        )
        return 0
    household = next(
        ((s, p) for s, p in with_products if s.kind in {Seller.Kind.HOUSEHOLD, Seller.Kind.INDIVIDUAL}), None
    )
    pair = [sp for sp in with_products if household is None or sp[0].pk != household[0].pk][:2]
    created = 0
    with transaction.atomic():
        checkout = _checkout([p for _s, p in pair], "vietqr", "45 Điện Biên Phủ")
        created += checkout.orders.count()
        first = checkout.orders.order_by("seller__slug").first()
        assert first is not None
        record_bank_payment(
            transaction_id=f"DEMO-{first.code}",
            amount_vnd=first.total_vnd,
            description=f"{first.code} HangViet",
            account=first.seller.bank_account,
            paid_at=timezone.now(),
            raw={"demo": True},
        )
        seller_user = _owner(first.seller)
        confirm_order(actor=seller_user, order=first)
        ship_order(actor=seller_user, order=first, carrier="Viettel Post", tracking_number="VTP-DEMO-1")
        if household is not None:
            cod = _checkout([household[1]], "cod", "12 Nguyễn Đáng").orders.get()
            created += 1
            owner = _owner(household[0])
            confirm_order(actor=owner, order=cod)
            ship_order(actor=owner, order=cod, carrier="VNPost", tracking_number="EB-DEMO-2")
            mark_delivered(actor=owner, order=cod)
            # The one write outside the services: the demo's clock. A delivery is recorded when it is
            # made; this one is dated last month so the shop's payout statement has a line to show.
            last_month = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
            Order.objects.filter(pk=cod.pk).update(
                delivered_at=timezone.make_aware(datetime.datetime(last_month.year, last_month.month, 15, 10))
            )
    _say(stdout, f"orders demo: created {created} orders (buyer phone {DEMO_PHONE})")
    return created
