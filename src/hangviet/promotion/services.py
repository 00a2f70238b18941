"""Every write of trade promotion: one function per use case, permission first, one transaction."""

import datetime
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

import nh3
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from hangviet.accounts.models import User
from hangviet.catalog.models import Product
from hangviet.core import images
from hangviet.core.errors import ValidationFailed
from hangviet.core.text import slugify_vi
from hangviet.core.validators import normalize_phone
from hangviet.orders.models import Checkout
from hangviet.orders.services.checkout import BuyerDetails, OrderLine, place_b2b_order
from hangviet.promotion import queries
from hangviet.promotion.errors import (
    AlreadyApplied,
    ApplicationAlreadyDecided,
    ApplicationWindowClosed,
    BoothTaken,
    BuyRequestClosed,
    InsufficientShowroomStock,
    InvalidTransition,
    NotOnDisplay,
    OfferExists,
    ProductNotTheirs,
    SellerNotVerified,
)
from hangviet.promotion.models import (
    ApplicationStatusChange,
    Booth,
    BoothApplication,
    BuyRequest,
    ConsignmentLine,
    ConsignmentReceipt,
    Fair,
    Mou,
    MouStatusChange,
    NewsPost,
    Offer,
    Showroom,
    ShowroomItem,
    ShowroomSale,
    ShowroomSaleLine,
    ShowroomStockMove,
    SupplierMatch,
    TrainingSession,
    Trip,
)
from hangviet.sellers.models import Seller
from hangviet.sellers.permissions import ensure_can_manage, ensure_officer, is_officer

MAX_BOOTHS_PER_APPLICATION = 10
MAX_BOOTHS_PER_GRID = 600
MAX_SALE_LINES = 50
MAX_PDF_BYTES = 10 * 1024 * 1024
NEWS_TAGS = {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "h2", "h3", "blockquote", "a"}

_Status = BoothApplication.Status


def _err(field: str, code: str, message: str) -> dict[str, str]:
    return {"field": field, "code": code, "message": message}


def _full_clean(obj: Any, exclude: Sequence[str] = ()) -> None:
    """Model validation as a ValidationFailed listing every problem."""
    try:
        obj.full_clean(exclude=list(exclude))
    except ValidationError as exc:
        raise ValidationFailed(
            [
                _err("" if name == "__all__" else name, e.code or "invalid", " ".join(e.messages))
                for name, errors in exc.error_dict.items()
                for e in errors
            ]
        ) from exc


def _unique_slug(model: Any, text: str) -> str:
    base = slugify_vi(text, 90) or "muc"
    slug, n = base, 1
    while model.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _ensure_authenticated(actor: Any) -> None:
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Cần đăng nhập."))


# --- fairs and booths ----------------------------------------------------------------------------------

FAIR_FIELDS = (
    "kind",
    "name",
    "organiser",
    "programme",
    "description",
    "starts_on",
    "ends_on",
    "venue",
    "commune",
    "applications_open_on",
    "applications_close_on",
    "fee_rules",
    "is_published",
)


@transaction.atomic
def create_fair(*, actor: User, **fields: Any) -> Fair:
    """An officer opens a fair or a market session; its province is its commune's."""
    ensure_officer(actor)
    unknown = set(fields) - set(FAIR_FIELDS)
    if unknown:
        raise ValueError(f"unknown fair fields: {sorted(unknown)}")
    fair = Fair(created_by=actor, **fields)
    if fair.commune_id:
        fair.province_id = fair.commune.province_id
    errors = []
    if fair.starts_on and fair.ends_on and fair.ends_on < fair.starts_on:
        errors.append(_err("ends_on", "before_start", _("Ngày kết thúc phải sau ngày bắt đầu.")))
    if fair.applications_open_on and fair.applications_close_on:
        if fair.applications_close_on < fair.applications_open_on:
            errors.append(
                _err("applications_close_on", "before_open", _("Hạn đăng ký phải sau ngày mở đăng ký."))
            )
        if fair.ends_on and fair.applications_close_on > fair.ends_on:
            errors.append(
                _err("applications_close_on", "after_fair", _("Hạn đăng ký không được sau ngày kết thúc."))
            )
    if errors:
        raise ValidationFailed(errors)
    fair.slug = _unique_slug(Fair, f"{fields.get('name', '')}")
    _full_clean(fair)
    fair.save()
    return fair


@transaction.atomic
def add_booth_grid(
    *,
    actor: User,
    fair: Fair,
    rows: int,
    columns: int,
    kind: str = Booth.Kind.STANDARD,
    price_vnd: int = 0,
    prefix: str = "",
    width_m: int = 3,
    depth_m: int = 3,
) -> list[Booth]:
    """Add `rows` × `columns` booths below the fair's map, numbered on from the last booth."""
    ensure_officer(actor)
    errors = []
    if not (1 <= rows <= 50 and 1 <= columns <= 30):
        errors.append(_err("rows", "out_of_range", _("Từ 1 đến 50 hàng, 1 đến 30 cột.")))
    if kind not in Booth.Kind.values:
        errors.append(_err("kind", "invalid_choice", _("Loại gian hàng không hợp lệ.")))
    if price_vnd < 0:
        errors.append(_err("price_vnd", "negative", _("Giá không được âm.")))
    prefix = (prefix or "").strip().upper()[:4]
    if prefix and not prefix.isalnum():
        errors.append(_err("prefix", "invalid", _("Tiền tố chỉ gồm chữ và số.")))
    existing = list(Booth.objects.select_for_update().filter(fair=fair).values_list("row", flat=True))
    if len(existing) + rows * columns > MAX_BOOTHS_PER_GRID:
        errors.append(
            _err("rows", "too_many", _("Tối đa %(n)s gian hàng mỗi hội chợ.") % {"n": MAX_BOOTHS_PER_GRID})
        )
    if errors:
        raise ValidationFailed(errors)
    first_row = max(existing, default=0) + 1
    number = len(existing)
    booths = []
    for r in range(first_row, first_row + rows):
        for c in range(1, columns + 1):
            number += 1
            booths.append(
                Booth(
                    fair=fair,
                    code=f"{prefix}{number:03d}",
                    kind=kind,
                    row=r,
                    column=c,
                    width_m=width_m,
                    depth_m=depth_m,
                    price_vnd=price_vnd,
                )
            )
    try:
        with transaction.atomic():
            return Booth.objects.bulk_create(booths)
    except IntegrityError as exc:
        raise ValidationFailed([_err("prefix", "duplicate", _("Mã gian hàng bị trùng."))]) from exc


def _record(application: BoothApplication, from_status: str, actor: User | None, reason: str = "") -> None:
    ApplicationStatusChange.objects.create(
        application=application,
        from_status=from_status,
        to_status=application.status,
        reason=reason,
        actor=actor,
    )


@transaction.atomic
def apply_for_booths(
    *,
    actor: User,
    fair: Fair,
    seller: Seller,
    booths_wanted: int = 1,
    booth_kind: str = Booth.Kind.STANDARD,
    products: Iterable[Product] = (),
    note: str = "",
    today: datetime.date | None = None,
) -> BoothApplication:
    """A verified seller applies for booths during the application window, listing its own products."""
    ensure_can_manage(actor, seller)
    today = today or timezone.localdate()
    if not seller.is_verified:
        raise SellerNotVerified()
    if not fair.is_published or not (fair.applications_open_on <= today <= fair.applications_close_on):
        raise ApplicationWindowClosed()
    chosen = list(products)
    foreign = [p for p in chosen if p.seller_id != seller.pk]
    if foreign:
        raise ProductNotTheirs(field="products", product=foreign[0].pk)
    errors = []
    if not 1 <= booths_wanted <= MAX_BOOTHS_PER_APPLICATION:
        errors.append(
            _err(
                "booths_wanted",
                "out_of_range",
                _("Đăng ký từ 1 đến %(n)s gian hàng.") % {"n": MAX_BOOTHS_PER_APPLICATION},
            )
        )
    if booth_kind not in Booth.Kind.values:
        errors.append(_err("booth_kind", "invalid_choice", _("Loại gian hàng không hợp lệ.")))
    if errors:
        raise ValidationFailed(errors)
    application = BoothApplication(
        fair=fair,
        seller=seller,
        organisation_name=seller.trading_name,
        booths_wanted=booths_wanted,
        booth_kind=booth_kind,
        note=note.strip()[:2000],
        applied_by=actor,
    )
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as exc:
        raise AlreadyApplied() from exc
    application.products.set(chosen)
    _record(application, "", actor)
    return application


@transaction.atomic
def register_outside_unit(
    *, actor: User, fair: Fair, organisation_name: str, booths_wanted: int = 1, note: str = ""
) -> BoothApplication:
    """An officer enters a unit that is not on the platform (it applied on paper)."""
    ensure_officer(actor)
    name = organisation_name.strip()
    if not name:
        raise ValidationFailed([_err("organisation_name", "required", _("Cần tên đơn vị."))])
    if not 1 <= booths_wanted <= MAX_BOOTHS_PER_APPLICATION:
        raise ValidationFailed([_err("booths_wanted", "out_of_range", _("Số gian hàng không hợp lệ."))])
    application = BoothApplication.objects.create(
        fair=fair, organisation_name=name[:200], booths_wanted=booths_wanted, note=note, applied_by=actor
    )
    _record(application, "", actor)
    return application


def _lock_undecided(application: BoothApplication, allowed: Sequence[str]) -> BoothApplication:
    locked = BoothApplication.objects.select_for_update().get(pk=application.pk)
    if locked.status not in allowed:
        raise ApplicationAlreadyDecided()
    return locked


def _take(booth_ids: Sequence[int], application: BoothApplication, now: datetime.datetime) -> int:
    """Give free booths to the application; a booth already taken is left alone (conditional UPDATE)."""
    taken = 0
    for booth_id in booth_ids:
        taken += Booth.objects.filter(
            pk=booth_id, fair_id=application.fair_id, application__isnull=True
        ).update(application=application, assigned_at=now)
    return taken


class _NotEnoughBooths(Exception):
    pass


@transaction.atomic
def approve_application(
    *, actor: User, application: BoothApplication, booths: Sequence[Booth] | None = None
) -> BoothApplication:
    """Approve and assign booths: the ones named (all free, or BoothTaken), else the first free booths
    (of the kind asked first). When too few are free the application goes on the waitlist instead.
    A booth is only ever given by `UPDATE … WHERE application IS NULL`, so none is assigned twice."""
    ensure_officer(actor)
    application = _lock_undecided(application, (_Status.SUBMITTED, _Status.WAITLISTED))
    before = application.status
    now = timezone.now()
    if booths is not None:
        wanted = [b for b in booths if b.fair_id == application.fair_id]
        if not wanted or len(wanted) != len(booths):
            raise ValidationFailed([_err("booths", "invalid", _("Chọn gian hàng của hội chợ này."))])
        if _take([b.pk for b in wanted], application, now) != len({b.pk for b in wanted}):
            raise BoothTaken(field="booths")
    else:
        try:
            with transaction.atomic():
                _auto_assign(application, now)
        except _NotEnoughBooths:
            application.status = _Status.WAITLISTED
            application.decided_by, application.decided_at = actor, now
            application.save(update_fields=["status", "decided_by", "decided_at"])
            if before != _Status.WAITLISTED:
                _record(application, before, actor, _("Hết gian hàng trống"))
            return application
    application.status = _Status.APPROVED
    application.decided_by, application.decided_at = actor, now
    application.save(update_fields=["status", "decided_by", "decided_at"])
    _record(application, before, actor)
    return application


def _auto_assign(application: BoothApplication, now: datetime.datetime) -> None:
    """Take the first free booths (the kind asked for first); raise _NotEnoughBooths if too few."""
    needed = application.booths_wanted
    tried: set[int] = set()
    free = Booth.objects.filter(fair_id=application.fair_id, application__isnull=True)
    while needed:
        candidates = list(
            free.exclude(pk__in=tried).order_by("row", "column").values_list("pk", "kind")[:200]
        )
        if not candidates:
            raise _NotEnoughBooths()
        candidates.sort(key=lambda c: c[1] != application.booth_kind)
        for pk, _kind in candidates:
            tried.add(pk)
            if _take([pk], application, now):
                needed -= 1
                if not needed:
                    return


@transaction.atomic
def waitlist_application(*, actor: User, application: BoothApplication, reason: str = "") -> BoothApplication:
    ensure_officer(actor)
    application = _lock_undecided(application, (_Status.SUBMITTED,))
    application.status = _Status.WAITLISTED
    application.decided_by, application.decided_at = actor, timezone.now()
    application.save(update_fields=["status", "decided_by", "decided_at"])
    _record(application, _Status.SUBMITTED, actor, reason.strip())
    return application


@transaction.atomic
def reject_application(*, actor: User, application: BoothApplication, reason: str) -> BoothApplication:
    """Reject with a reason (required); an approved unit's booths become free again."""
    ensure_officer(actor)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed([_err("reason", "required", _("Cần ghi lý do từ chối."))])
    application = _lock_undecided(application, (_Status.SUBMITTED, _Status.WAITLISTED, _Status.APPROVED))
    before = application.status
    Booth.objects.filter(application=application).update(application=None, assigned_at=None)
    application.status = _Status.REJECTED
    application.rejection_reason = reason[:2000]
    application.decided_by, application.decided_at = actor, timezone.now()
    application.save(update_fields=["status", "rejection_reason", "decided_by", "decided_at"])
    _record(application, before, actor, reason)
    return application


@transaction.atomic
def withdraw_application(*, actor: User, application: BoothApplication) -> BoothApplication:
    """The seller withdraws before the fair starts; its booths become free again."""
    if application.seller is None:
        raise PermissionDenied(_("Đơn vị ngoài sàn do cán bộ quản lý."))
    ensure_can_manage(actor, application.seller)
    application = _lock_undecided(application, (_Status.SUBMITTED, _Status.WAITLISTED, _Status.APPROVED))
    before = application.status
    Booth.objects.filter(application=application).update(application=None, assigned_at=None)
    application.status = _Status.WITHDRAWN
    application.save(update_fields=["status"])
    _record(application, before, actor)
    return application


@transaction.atomic
def record_results(
    *, actor: User, application: BoothApplication, visitors: int | None, sales_vnd: int | None
) -> BoothApplication:
    """After the fair: the exhibitor's visitors and sales (by an officer)."""
    ensure_officer(actor)
    application = BoothApplication.objects.select_for_update().get(pk=application.pk)
    if application.status != _Status.APPROVED:
        raise InvalidTransition(_("Chỉ ghi kết quả cho đơn vị đã được xếp gian hàng."))
    errors = []
    if visitors is not None and visitors < 0:
        errors.append(_err("visitors", "negative", _("Không được âm.")))
    if sales_vnd is not None and sales_vnd < 0:
        errors.append(_err("sales_vnd", "negative", _("Không được âm.")))
    if errors:
        raise ValidationFailed(errors)
    BoothApplication.objects.filter(pk=application.pk).update(visitors=visitors, sales_vnd=sales_vnd)
    application.visitors, application.sales_vnd = visitors, sales_vnd
    return application


# --- buy requests, matching and offers ------------------------------------------------------------------

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
            errors.append(_err("contact_phone", "invalid_phone", exc.messages[0]))
    if request.deadline_on and request.deadline_on < today:
        errors.append(_err("deadline_on", "in_past", _("Hạn chào giá đã qua.")))
    if request.delivery_from and request.delivery_to and request.delivery_to < request.delivery_from:
        errors.append(_err("delivery_to", "before_start", _("Ngày giao cuối phải sau ngày giao đầu.")))
    if request.min_ocop_stars not in (0, 3, 4, 5):
        errors.append(_err("min_ocop_stars", "invalid", _("OCOP tối thiểu là 0, 3, 4 hoặc 5 sao.")))
    low, high = request.price_min_vnd, request.price_max_vnd
    if low is not None and high is not None and low > high:
        errors.append(_err("price_max_vnd", "below_min", _("Giá cao nhất phải từ giá thấp nhất trở lên.")))
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
        errors.append(_err("unit_price_vnd", "not_positive", _("Đơn giá phải lớn hơn 0.")))
    if volume <= 0:
        errors.append(_err("volume", "not_positive", _("Khối lượng phải lớn hơn 0.")))
    if delivery_on < today:
        errors.append(_err("delivery_on", "in_past", _("Ngày giao đã qua.")))
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


# --- trips and MoUs ------------------------------------------------------------------------------------

MOU_TRANSITIONS = {
    Mou.Status.SIGNED: {Mou.Status.IN_EXECUTION, Mou.Status.LAPSED},
    Mou.Status.IN_EXECUTION: {Mou.Status.COMPLETED, Mou.Status.LAPSED},
}


def check_pdf(upload: UploadedFile) -> None:
    """A scanned MoU must be a PDF by content (starts with %PDF-) and at most 10 MB."""
    if upload.size is None or upload.size > MAX_PDF_BYTES:
        raise ValidationFailed([_err("document", "too_large", _("Tệp quá lớn: tối đa 10 MB."))])
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head != b"%PDF-":
        raise ValidationFailed([_err("document", "not_pdf", _("Tệp không phải PDF."))])


@transaction.atomic
def create_trip(*, actor: User, **fields: Any) -> Trip:
    ensure_officer(actor)
    trip = Trip(**fields)
    trip.slug = _unique_slug(Trip, trip.name)
    if trip.starts_on and trip.ends_on and trip.ends_on < trip.starts_on:
        raise ValidationFailed([_err("ends_on", "before_start", _("Ngày về phải sau ngày đi."))])
    _full_clean(trip)
    trip.save()
    return trip


@transaction.atomic
def record_mou(*, actor: User, trip: Trip | None, document: UploadedFile | None = None, **fields: Any) -> Mou:
    """An officer records an MoU or contract signed on a trip, with its scanned PDF."""
    ensure_officer(actor)
    if document is not None:
        check_pdf(document)
    mou = Mou(trip=trip, **fields)
    if mou.supplier_id and not mou.supplier_name:
        mou.supplier_name = mou.supplier.legal_name  # type: ignore[union-attr]
    _full_clean(mou, exclude=["document"])
    if document is not None:
        mou.document.save("mou.pdf", document, save=False)  # stored under a random name (Mou.document)
    mou.save()
    MouStatusChange.objects.create(mou=mou, from_status="", to_status=mou.status, actor=actor)
    return mou


@transaction.atomic
def change_mou_status(*, actor: User, mou: Mou, to_status: str, note: str = "") -> Mou:
    """Follow-up: signed → in execution → completed, or lapsed."""
    ensure_officer(actor)
    locked = Mou.objects.select_for_update().get(pk=mou.pk)
    if to_status not in MOU_TRANSITIONS.get(locked.status, set()):  # type: ignore[call-overload]
        raise InvalidTransition()
    before = locked.status
    locked.status = to_status
    locked.save(update_fields=["status"])
    MouStatusChange.objects.create(
        mou=locked, from_status=before, to_status=to_status, note=note, actor=actor
    )
    return locked


# --- showrooms ---------------------------------------------------------------------------------------------


def ensure_showroom_operator(actor: Any, showroom: Showroom) -> None:
    if not queries.can_operate_showroom(actor, showroom):
        raise PermissionDenied(_("Chỉ nhân viên cửa hàng hoặc cán bộ được làm việc này."))


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
) -> ConsignmentReceipt:
    """Goods a producer leaves on consignment: a receipt, the showroom's stock up, a move per line."""
    ensure_showroom_operator(actor, showroom)
    if not lines:
        raise ValidationFailed([_err("lines", "required", _("Cần ít nhất một sản phẩm."))])
    for product, qty in lines:
        if product.seller_id != seller.pk:
            raise ProductNotTheirs(field="lines")
        if qty <= 0:
            raise ValidationFailed([_err("lines", "not_positive", _("Số lượng phải lớn hơn 0."))])
    now = timezone.now()
    receipt = ConsignmentReceipt.objects.create(
        showroom=showroom,
        seller=seller,
        number=f"tmp-{uuid.uuid4().hex[:24]}",
        received_on=received_on or timezone.localdate(),
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
    *, actor: User, showroom: Showroom, lines: Sequence[tuple[Product, int]], payment: str
) -> ShowroomSale:
    """A counter sale: each line takes stock with `UPDATE … WHERE quantity >= n`; if any line lacks
    stock nothing is sold (InsufficientShowroomStock)."""
    ensure_showroom_operator(actor, showroom)
    if payment not in ShowroomSale.Payment.values:
        raise ValidationFailed([_err("payment", "invalid_choice", _("Hình thức thanh toán không hợp lệ."))])
    merged: dict[int, list[Any]] = {}
    for product, qty in lines:
        if qty <= 0:
            raise ValidationFailed([_err("quantity", "not_positive", _("Số lượng phải lớn hơn 0."))])
        merged.setdefault(product.pk, [product, 0])[1] += qty
    if not merged or len(merged) > MAX_SALE_LINES:
        raise ValidationFailed([_err("lines", "required", _("Cần từ 1 đến 50 sản phẩm."))])
    items = {
        i.product_id: i for i in ShowroomItem.objects.filter(showroom=showroom, product_id__in=list(merged))
    }
    now = timezone.now()
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
        raise ValidationFailed([_err("quantity", "not_positive", _("Số lượng phải lớn hơn 0."))])
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
        errors.append(_err("reason", "required", _("Cần ghi lý do điều chỉnh.")))
    if delta == 0:
        errors.append(_err("delta", "zero", _("Số điều chỉnh phải khác 0.")))
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


# --- campaign activities -----------------------------------------------------------------------------------


def sanitize_news_body(html: str) -> str:
    return nh3.clean(html or "", tags=NEWS_TAGS, attributes={"a": {"href"}}, link_rel="noopener nofollow")


@transaction.atomic
def save_news_post(*, actor: User, post: NewsPost) -> NewsPost:
    """An officer writes or edits a news post; the body is sanitised, the slug made unique, a new
    picture checked and re-encoded (core.images)."""
    ensure_officer(actor)
    images.check_model_image(post, "image")
    post.body = sanitize_news_body(post.body)
    if not post.slug:
        post.slug = _unique_slug(NewsPost, post.title)
    if post.author_id is None:
        post.author = actor
    _full_clean(post, exclude=["author"])
    post.save()
    return post


@transaction.atomic
def record_training(*, actor: User, **fields: Any) -> TrainingSession:
    ensure_officer(actor)
    session = TrainingSession(**fields)
    _full_clean(session)
    session.save()
    return session
