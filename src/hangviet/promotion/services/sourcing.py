"""Sourcing: buy requests, supplier matching, offers, and accepting one (as an MoU or an order)."""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hangviet.accounts.models import User
from hangviet.catalog.models import Product
from hangviet.core.errors import ValidationFailed, field_error
from hangviet.core.validators import normalize_phone
from hangviet.orders.models import Checkout
from hangviet.orders.services.checkout import BuyerDetails, OrderLine, place_b2b_order
from hangviet.promotion import queries
from hangviet.promotion.errors import BuyRequestClosed, OfferExists, SellerNotVerified
from hangviet.promotion.models import BuyRequest, Mou, Offer, SupplierCertification, SupplierMatch
from hangviet.promotion.services._common import (
    _apply,
    _edit,
    _ensure_authenticated,
    _full_clean,
    _remove,
    _save,
)
from hangviet.sellers.models import Seller
from hangviet.sellers.permissions import ensure_can_manage, ensure_officer, is_officer

BUY_REQUEST_FIELDS = (
    "buyer_name",
    "buyer_kind",
    "contact_email",
    "contact_phone",
    "title",
    "category",
    "description",
    "volume",
    "unit",
    "delivery_from",
    "delivery_to",
    "delivery_province",
    "delivery_place",
    "min_ocop_stars",
    "needs_vietgap",
    "needs_chain",
    "price_min_vnd",
    "price_max_vnd",
    "deadline_on",
)


@transaction.atomic
def post_buy_request(*, actor: User, today: datetime.date | None = None, **fields: Any) -> BuyRequest:
    """A signed-in buyer posts a demand; matching suppliers are stored and notified after the commit."""
    _ensure_authenticated(actor)
    unknown = set(fields) - set(BUY_REQUEST_FIELDS)
    if unknown:
        raise ValueError(f"unknown buy request fields: {sorted(unknown)}")
    today = today or timezone.localdate()
    request = BuyRequest(buyer=actor, **fields)
    errors = []
    if request.contact_phone:
        try:
            request.contact_phone = normalize_phone(request.contact_phone)
        except ValidationError as exc:
            errors.append(field_error("contact_phone", "invalid_phone", exc.messages[0]))
    if request.deadline_on and request.deadline_on < today:
        errors.append(field_error("deadline_on", "in_past", _("Hạn chào giá đã qua.")))
    if request.delivery_from and request.delivery_to and request.delivery_to < request.delivery_from:
        errors.append(field_error("delivery_to", "before_start", _("Ngày giao cuối phải sau ngày giao đầu.")))
    if request.min_ocop_stars not in (0, 3, 4, 5):
        errors.append(field_error("min_ocop_stars", "invalid", _("OCOP tối thiểu là 0, 3, 4 hoặc 5 sao.")))
    low, high = request.price_min_vnd, request.price_max_vnd
    if low is not None and high is not None and low > high:
        errors.append(
            field_error("price_max_vnd", "below_min", _("Giá cao nhất phải từ giá thấp nhất trở lên."))
        )
    if errors:
        raise ValidationFailed(errors)
    _full_clean(request, exclude=["buyer", "accepted_offer"])
    request.save()
    matches = queries.match_suppliers(request, today)
    SupplierMatch.objects.bulk_create(
        SupplierMatch(buy_request=request, seller=m.seller, score=m.score, reasons=m.reasons) for m in matches
    )
    if matches:
        from hangviet.promotion.tasks import notify_matched_suppliers

        notify_matched_suppliers.enqueue(request.pk)  # in the transaction: commits with the request
    return request


@transaction.atomic
def make_offer(
    *,
    actor: User,
    buy_request: BuyRequest,
    seller: Seller,
    unit_price_vnd: int,
    volume: int,
    delivery_on: datetime.date,
    note: str = "",
    today: datetime.date | None = None,
) -> Offer:
    """A verified seller's member answers an open buy request (one offer per seller)."""
    ensure_can_manage(actor, seller)
    today = today or timezone.localdate()
    if not seller.is_verified:
        raise SellerNotVerified()
    locked = BuyRequest.objects.select_for_update().get(pk=buy_request.pk)
    if locked.status != BuyRequest.Status.OPEN or locked.deadline_on < today:
        raise BuyRequestClosed()
    errors = []
    if unit_price_vnd <= 0:
        errors.append(field_error("unit_price_vnd", "not_positive", _("Đơn giá phải lớn hơn 0.")))
    if volume <= 0:
        errors.append(field_error("volume", "not_positive", _("Khối lượng phải lớn hơn 0.")))
    if delivery_on < today:
        errors.append(field_error("delivery_on", "in_past", _("Ngày giao đã qua.")))
    if errors:
        raise ValidationFailed(errors)
    offer = Offer(
        buy_request=locked,
        seller=seller,
        unit_price_vnd=unit_price_vnd,
        volume=volume,
        delivery_on=delivery_on,
        note=note.strip()[:2000],
        created_by=actor,
    )
    try:
        with transaction.atomic():
            offer.save()
    except IntegrityError as exc:
        raise OfferExists() from exc
    from hangviet.promotion.tasks import notify_buyer_of_offer

    notify_buyer_of_offer.enqueue(offer.pk)
    return offer


@transaction.atomic
def accept_offer(*, actor: User, offer: Offer, create_mou: bool = False) -> Offer:
    """The buyer accepts one offer: the request is awarded (once: conditional UPDATE), the other
    offers are declined; optionally the deal is kept as an MoU record."""
    buy_request = offer.buy_request
    if not getattr(actor, "is_authenticated", False) or buy_request.buyer_id != actor.pk:
        raise PermissionDenied(_("Chỉ bên đăng nhu cầu mua được chọn chào giá."))
    awarded = BuyRequest.objects.filter(pk=buy_request.pk, status=BuyRequest.Status.OPEN).update(
        status=BuyRequest.Status.AWARDED, accepted_offer=offer
    )
    if not awarded:
        raise BuyRequestClosed()
    Offer.objects.filter(pk=offer.pk).update(status=Offer.Status.ACCEPTED)
    Offer.objects.filter(buy_request=buy_request).exclude(pk=offer.pk).update(status=Offer.Status.DECLINED)
    offer.status = Offer.Status.ACCEPTED
    if create_mou:
        Mou.objects.create(
            offer=offer,
            supplier=offer.seller,
            supplier_name=offer.seller.legal_name,
            buyer_name=buy_request.buyer_name,
            products=buy_request.title[:300],
            volume=f"{offer.volume} {buy_request.unit}",
            value_vnd=offer.total_vnd,
            signed_on=timezone.localdate(),
        )
    from hangviet.promotion.tasks import notify_offer_accepted

    notify_offer_accepted.enqueue(offer.pk)
    return offer


@transaction.atomic
def accept_offer_as_order(
    *,
    actor: User,
    offer: Offer,
    product: Product,
    buyer: BuyerDetails,
    payment_method: str,
    create_mou: bool = False,
) -> tuple[Offer, Checkout]:
    """The buyer accepts an offer and orders it on the marketplace in one step (issue 6).

    The offer is accepted as in accept_offer, then orders.services.checkout.place_b2b_order makes an ordinary
    order of the offering seller: `product` (one of that seller's products), the offer's volume at the
    offer's unit price, stock reserved as at checkout. If the order cannot be made (out of stock, bad
    address, product not the seller's…) nothing is written: the offer stays open to accept.
    Promotion depends on orders here (and only here).
    """
    accepted = accept_offer(actor=actor, offer=offer, create_mou=create_mou)
    checkout = place_b2b_order(
        actor=actor,
        seller=offer.seller,
        lines=[OrderLine(product, offer.volume, offer.unit_price_vnd)],
        buyer=buyer,
        payment_method=payment_method,
        note=_("Theo chào giá được chọn cho nhu cầu mua “%(title)s”") % {"title": offer.buy_request.title},
    )
    return accepted, checkout


@transaction.atomic
def close_buy_request(*, actor: User, buy_request: BuyRequest) -> BuyRequest:
    if not (
        getattr(actor, "is_authenticated", False) and (buy_request.buyer_id == actor.pk or is_officer(actor))
    ):
        raise PermissionDenied(_("Chỉ bên đăng nhu cầu mua hoặc cán bộ được đóng."))
    if not BuyRequest.objects.filter(pk=buy_request.pk, status=BuyRequest.Status.OPEN).update(
        status=BuyRequest.Status.CLOSED
    ):
        raise BuyRequestClosed()
    buy_request.status = BuyRequest.Status.CLOSED
    return buy_request


# --- suppliers' certifications (read by matching) ----------------------------------------------------

CERTIFICATION_FIELDS = ("seller", "kind", "number", "valid_until")


@transaction.atomic
def record_certification(*, actor: User, seller: Seller, **fields: Any) -> SupplierCertification:
    """An officer records a certification a supplier holds (VietGAP, safe-food chain…), one per kind;
    queries.match_suppliers reads it while it is valid."""
    ensure_officer(actor)
    certification = _apply(SupplierCertification(seller=seller), fields, CERTIFICATION_FIELDS)
    return _save(certification)


@transaction.atomic
def update_certification(
    *, actor: User, certification: SupplierCertification, **fields: Any
) -> SupplierCertification:
    ensure_officer(actor)
    return _edit(certification, fields, CERTIFICATION_FIELDS)


@transaction.atomic
def remove_certification(*, actor: User, certification: SupplierCertification) -> None:
    ensure_officer(actor)
    _remove(certification)
