"""Reads of trade promotion reused by pages, the API, the iCalendar feed, exports and reports."""

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from hangviet.catalog.models import Product
from hangviet.catalog.queries import category_with_descendants, public_products
from hangviet.core.money import format_vnd
from hangviet.core.text import fold
from hangviet.promotion.models import (
    Booth,
    BoothApplication,
    BuyRequest,
    ConsignmentLine,
    Contest,
    Fair,
    Mou,
    NewsPost,
    Offer,
    Showroom,
    ShowroomItem,
    ShowroomSaleLine,
    ShowroomStockMove,
    SupplierCertification,
    SupplierMatch,
    TrainingSession,
    Trip,
)
from hangviet.sellers.models import Seller

MAX_MATCHES = 20
_WORD = re.compile(r"[a-z0-9]+")
_STOPWORDS = {"cac", "loai", "san", "pham", "hang", "can", "mua", "va", "cho", "the", "tan", "kg"}

# --- fairs -------------------------------------------------------------------------------------------


def public_fairs() -> QuerySet[Fair]:
    return Fair.objects.filter(is_published=True).select_related("province", "commune")


def fair_with_map(slug: str) -> Fair:
    """A public fair with its booths (each with its exhibitor) loaded; raises Fair.DoesNotExist."""
    return (
        public_fairs()
        .prefetch_related(
            Prefetch("booths", queryset=Booth.objects.select_related("application").order_by("row", "column"))
        )
        .get(slug=slug)
    )


def exhibitors(fair: Fair) -> QuerySet[BoothApplication]:
    """The fair's approved units with their booths and products shown."""
    return (
        fair.applications.filter(status=BoothApplication.Status.APPROVED)
        .select_related("seller")
        .prefetch_related(Prefetch("booths", queryset=Booth.objects.order_by("row", "column")), "products")
        .order_by("organisation_name")
    )


def booth_grid(booths: list[Booth]) -> dict[str, Any]:
    """The booth map as rows of cells (None where no booth stands), for the HTML/SVG grid."""
    if not booths:
        return {"rows": [], "columns": 0, "width": 0, "height": 0}
    rows = max(b.row for b in booths)
    columns = max(b.column for b in booths)
    cells: list[list[Booth | None]] = [[None] * columns for _row in range(rows)]
    for booth in booths:
        cells[booth.row - 1][booth.column - 1] = booth
    return {"rows": cells, "columns": columns, "width": columns * 44 + 4, "height": rows * 44 + 4}


def fair_summary(fair: Fair) -> dict[str, int]:
    """Booths in total and taken, units approved, waiting, and results recorded after the fair."""
    booths = fair.booths.aggregate(total=Count("pk"), taken=Count("pk", filter=Q(application__isnull=False)))
    apps = fair.applications.aggregate(
        approved=Count("pk", filter=Q(status=BoothApplication.Status.APPROVED)),
        submitted=Count("pk", filter=Q(status=BoothApplication.Status.SUBMITTED)),
        waitlisted=Count("pk", filter=Q(status=BoothApplication.Status.WAITLISTED)),
        visitors=Sum("visitors"),
        sales=Sum("sales_vnd"),
    )
    return {
        "booths": booths["total"],
        "booths_taken": booths["taken"],
        "units": apps["approved"],
        "submitted": apps["submitted"],
        "waitlisted": apps["waitlisted"],
        "visitors": apps["visitors"] or 0,
        "sales_vnd": apps["sales"] or 0,
    }


def fairs_in_year(year: int, kind: str | None = None) -> QuerySet[Fair]:
    """Fairs (or market sessions) that started in `year`, with booths and units counted (for reports)."""
    qs = Fair.objects.filter(starts_on__year=year)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.annotate(
        booth_count=Count("booths", distinct=True),
        unit_count=Count(
            "applications", filter=Q(applications__status=BoothApplication.Status.APPROVED), distinct=True
        ),
    ).order_by("starts_on")


# --- the events calendar ----------------------------------------------------------------------------


@dataclass
class Event:
    uid: str
    title: str
    kind: str
    starts_on: datetime.date
    ends_on: datetime.date
    place: str
    url: str
    description: str = ""
    updated_at: datetime.datetime | None = None


def upcoming_events(today: datetime.date | None = None) -> list[Event]:
    """Fairs, market sessions and training sessions that end today or later, soonest first (all of them: the
    page and the API show them page by page, the iCalendar feed whole)."""
    from django.urls import reverse

    today = today or timezone.localdate()
    events: list[Event] = []
    for fair in public_fairs().filter(ends_on__gte=today).order_by("starts_on"):
        events.append(
            Event(
                uid=f"fair-{fair.pk}",
                title=fair.name,
                kind=fair.get_kind_display(),
                starts_on=fair.starts_on,
                ends_on=fair.ends_on,
                place=f"{fair.venue}, {fair.commune.name}, {fair.province.name}",
                url=reverse("promotion:fair", args=[fair.slug]),
                description=fair.organiser,
                updated_at=fair.created_at,
            )
        )
    for session in TrainingSession.objects.filter(held_on__gte=today).order_by("held_on"):
        events.append(
            Event(
                uid=f"training-{session.pk}",
                title=session.topic,
                kind=_("Tập huấn"),
                starts_on=session.held_on,
                ends_on=session.held_on,
                place=session.place,
                url=reverse("promotion:trainings"),
                description=f"{session.organiser} · {session.audience}",
            )
        )
    events.sort(key=lambda e: (e.starts_on, e.title))
    return events


# --- buy requests and matching -----------------------------------------------------------------------


def open_buy_requests(today: datetime.date | None = None) -> QuerySet[BuyRequest]:
    today = today or timezone.localdate()
    return (
        BuyRequest.objects.filter(status=BuyRequest.Status.OPEN, deadline_on__gte=today)
        .select_related("category", "delivery_province")
        .annotate(offer_count=Count("offers"))
        .order_by("deadline_on", "-pk")
    )


def buy_requests_for_seller(seller: Seller, today: datetime.date | None = None) -> QuerySet[BuyRequest]:
    """Open buy requests the platform matched the shop to and the shop has not answered yet."""
    return (
        open_buy_requests(today)
        .filter(Exists(SupplierMatch.objects.filter(buy_request=OuterRef("pk"), seller=seller)))
        .exclude(Exists(Offer.objects.filter(buy_request=OuterRef("pk"), seller=seller)))
    )


def fair_applications_of(seller: Seller, today: datetime.date | None = None) -> QuerySet[BoothApplication]:
    """The shop's booth applications for fairs not over yet (withdrawn ones left out), soonest first."""
    today = today or timezone.localdate()
    return (
        BoothApplication.objects.filter(seller=seller, fair__ends_on__gte=today)
        .exclude(status=BoothApplication.Status.WITHDRAWN)
        .select_related("fair")
        .order_by("fair__starts_on", "pk")
    )


def offers_for(buy_request: BuyRequest) -> QuerySet[Offer]:
    return buy_request.offers.select_related("seller", "seller__province").order_by("unit_price_vnd", "pk")


@dataclass
class Match:
    seller: Seller
    score: int
    reasons: list[dict[str, Any]] = field(default_factory=list)
    products: list[Product] = field(default_factory=list)


def _tokens(text: str) -> list[str]:
    words = [w for w in _WORD.findall(fold(text)) if len(w) >= 2 and w not in _STOPWORDS]
    return list(dict.fromkeys(words))[:8]


def _name_matches(tokens: list[str], name_folded: str) -> bool:
    """At least 60 % of the request's words appear as words of the product's name."""
    if not tokens:
        return False
    words = set(_WORD.findall(name_folded))
    return sum(t in words for t in tokens) * 10 >= len(tokens) * 6


def match_suppliers(buy_request: BuyRequest, today: datetime.date | None = None) -> list[Match]:
    """Verified sellers able to answer a buy request, best first, each with the reasons it matched.

    Hard rules: a public product in the category (or named like the request), at least the OCOP stars
    asked, and VietGAP / chain membership when asked. Score: category 40, name 25, 5 per OCOP star,
    certifications 10 each, stock covering the volume 15 (part of it 5), same province 10, price in range 10.
    """
    today = today or timezone.localdate()
    tokens = _tokens(buy_request.title)
    category_ids = category_with_descendants(buy_request.category) if buy_request.category else []
    relevant = Q(category_id__in=category_ids) if category_ids else Q(pk__in=[])
    for token in tokens:
        relevant |= Q(name_folded__contains=token)
    products = public_products().filter(relevant)
    if buy_request.min_ocop_stars:
        products = products.filter(ocop_stars__gte=buy_request.min_ocop_stars)
    valid_cert = Q(valid_until__isnull=True) | Q(valid_until__gte=today)
    certs: dict[int, set[str]] = defaultdict(set)
    for seller_id, kind in SupplierCertification.objects.filter(valid_cert).values_list("seller_id", "kind"):
        certs[seller_id].add(kind)

    by_seller: dict[int, Match] = {}
    for product in products.order_by("pk")[:5000]:
        in_category = product.category_id in category_ids
        named = _name_matches(tokens, product.name_folded)
        if not (in_category or named):
            continue
        held = certs.get(product.seller_id, set())
        if buy_request.needs_vietgap and not held & {"vietgap", "globalgap"}:
            continue
        if buy_request.needs_chain and "chain" not in held:
            continue
        match = by_seller.setdefault(product.seller_id, Match(seller=product.seller, score=0))
        match.products.append(product)
        product.in_category = in_category  # type: ignore[attr-defined]
        product.named = named  # type: ignore[attr-defined]

    matches = []
    for match in by_seller.values():
        matches.append(_score(match, buy_request, certs.get(match.seller.pk, set())))
    matches.sort(key=lambda m: (-m.score, m.seller.trading_name))
    return matches[:MAX_MATCHES]


def _score(match: Match, buy_request: BuyRequest, held: set[str]) -> Match:
    products = match.products
    score = 0
    reasons: list[dict[str, Any]] = []
    in_category = [p for p in products if p.in_category]  # type: ignore[attr-defined]
    named = [p for p in products if p.named]  # type: ignore[attr-defined]
    if in_category and buy_request.category:
        score += 40
        reasons.append({"code": "category", "params": {"category": buy_request.category.name}})
    if named:
        score += 25
        reasons.append({"code": "name", "params": {"product": named[0].name}})
    best_stars = max(p.ocop_stars for p in products)
    if best_stars:
        score += 5 * best_stars
        reasons.append({"code": "ocop", "params": {"stars": best_stars}})
    if held & {"vietgap", "globalgap"}:
        score += 10
        reasons.append({"code": "vietgap", "params": {}})
    if "chain" in held:
        score += 10
        reasons.append({"code": "chain", "params": {}})
    stock = sum(p.stock for p in products)
    if stock >= buy_request.volume:
        score += 15
        reasons.append({"code": "capacity_full", "params": {"stock": stock, "volume": buy_request.volume}})
    elif stock:
        score += 5
        reasons.append({"code": "capacity_partial", "params": {"stock": stock, "volume": buy_request.volume}})
    if match.seller.province_id == buy_request.delivery_province_id:
        score += 10
        reasons.append({"code": "same_province", "params": {"province": match.seller.province.name}})
    cheapest = min(p.price_vnd for p in products)
    low, high = buy_request.price_min_vnd or 0, buy_request.price_max_vnd
    if (high is None or cheapest <= high) and cheapest >= low and (high is not None or low):
        score += 10
        reasons.append({"code": "price_in_range", "params": {"price": cheapest}})
    match.score = score
    match.reasons = reasons
    match.products = sorted(products, key=lambda p: (-p.ocop_stars, p.price_vnd))[:5]
    return match


def reason_text(reason: dict[str, Any]) -> str:
    """One match reason as a sentence in the page's language."""
    p = reason.get("params", {})
    code = reason.get("code")
    if code == "category":
        return _("Có sản phẩm thuộc danh mục %(category)s") % p
    if code == "name":
        return _("Có sản phẩm đúng tên yêu cầu: %(product)s") % p
    if code == "ocop":
        return _("Sản phẩm đạt OCOP %(stars)s sao") % p
    if code == "vietgap":
        return _("Có chứng nhận VietGAP/GlobalGAP còn hiệu lực")
    if code == "chain":
        return _("Thuộc chuỗi cung ứng thực phẩm an toàn")
    if code == "capacity_full":
        return _("Tồn kho %(stock)s đủ khối lượng yêu cầu %(volume)s") % p
    if code == "capacity_partial":
        return _("Tồn kho %(stock)s, đáp ứng một phần khối lượng %(volume)s") % p
    if code == "same_province":
        return _("Cùng tỉnh nhận hàng (%(province)s)") % p
    if code == "price_in_range":
        return _("Giá từ %(price)s, trong khoảng giá mong muốn") % {"price": format_vnd(int(p["price"]))}
    return str(code)


# --- trips and MoUs ------------------------------------------------------------------------------------


def trips_with_counts() -> QuerySet[Trip]:
    return (
        Trip.objects.select_related("partner_province")
        .annotate(
            mou_count=Count("mous", distinct=True), participant_count=Count("participants", distinct=True)
        )
        .order_by("-starts_on")
    )


# --- showrooms -------------------------------------------------------------------------------------------


def showrooms() -> QuerySet[Showroom]:
    return (
        Showroom.objects.filter(is_active=True)
        .select_related("commune__province")
        .annotate(
            product_count=Count("items", filter=Q(items__quantity__gt=0)),
        )
    )


def showroom_items(showroom: Showroom, q: str = "") -> QuerySet[ShowroomItem]:
    items = showroom.items.select_related("product", "product__seller").order_by("product__name")
    if q:
        folded = fold(q).strip()
        items = items.filter(
            Q(product__name_folded__contains=folded)
            | Q(product__gtin=q.strip().zfill(14))
            | Q(product__sku=q)
        )
    return items


def can_operate_showroom(user: Any, showroom: Showroom) -> bool:
    from hangviet.sellers.permissions import is_officer

    if not getattr(user, "is_authenticated", False):
        return False
    return is_officer(user) or showroom.staff.filter(pk=user.pk).exists()


def stock_moves(showroom: Showroom) -> QuerySet[ShowroomStockMove]:
    return showroom.stock_moves.select_related("product", "actor")


@dataclass
class SettlementRow:
    product: Product
    received: int = 0
    sold: int = 0
    returned: int = 0
    adjusted: int = 0
    sales_vnd: int = 0


@dataclass
class Settlement:
    showroom: Showroom
    seller: Seller
    month: datetime.date  # first day of the month
    rows: list[SettlementRow]
    sales_vnd: int
    commission_vnd: int
    payable_vnd: int


def month_bounds(month: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    start = month.replace(day=1)
    end = (start + datetime.timedelta(days=32)).replace(day=1)
    tz = timezone.get_current_timezone()
    return (
        datetime.datetime.combine(start, datetime.time.min, tzinfo=tz),
        datetime.datetime.combine(end, datetime.time.min, tzinfo=tz),
    )


def commission(amount_vnd: int, commission_bp: int) -> int:
    """The showroom's commission on `amount_vnd`, rounded half up to the đồng (basis points: 1000 = 10 %)."""
    return (amount_vnd * commission_bp + 5000) // 10000


def consignment_settlement(showroom: Showroom, seller: Seller, month: datetime.date) -> Settlement:
    """What a showroom owes a producer for a month: sales of its goods minus the showroom's commission."""
    start, end = month_bounds(month)
    rows: dict[int, SettlementRow] = {}

    def row(product: Product) -> SettlementRow:
        return rows.setdefault(product.pk, SettlementRow(product=product))

    moves = ShowroomStockMove.objects.filter(
        showroom=showroom, product__seller=seller, created_at__gte=start, created_at__lt=end
    ).select_related("product")
    for move in moves:
        r = row(move.product)
        if move.kind == ShowroomStockMove.Kind.RECEIVE:
            r.received += move.delta
        elif move.kind == ShowroomStockMove.Kind.RETURN:
            r.returned += -move.delta
        elif move.kind == ShowroomStockMove.Kind.ADJUST:
            r.adjusted += move.delta
    lines = ShowroomSaleLine.objects.filter(
        sale__showroom=showroom, seller=seller, sale__sold_at__gte=start, sale__sold_at__lt=end
    ).select_related("product")
    for line in lines:
        r = row(line.product)
        r.sold += line.quantity
        r.sales_vnd += line.quantity * line.unit_price_vnd
    ordered = sorted(rows.values(), key=lambda r: r.product.name)
    sales = sum(r.sales_vnd for r in ordered)
    fee = commission(sales, showroom.commission_bp)
    return Settlement(
        showroom=showroom,
        seller=seller,
        month=month.replace(day=1),
        rows=ordered,
        sales_vnd=sales,
        commission_vnd=fee,
        payable_vnd=sales - fee,
    )


def consignors(showroom: Showroom) -> QuerySet[Seller]:
    """Producers with goods in the showroom (now or once)."""
    seller_ids = ConsignmentLine.objects.filter(receipt__showroom=showroom).values("product__seller_id")
    item_ids = showroom.items.values("product__seller_id")
    return Seller.objects.filter(Q(pk__in=seller_ids) | Q(pk__in=item_ids)).order_by("trading_name")


# --- campaign activities ------------------------------------------------------------------------------------


def published_news() -> QuerySet[NewsPost]:
    return NewsPost.objects.filter(published_at__isnull=False, published_at__lte=timezone.now()).order_by(
        "-published_at", "-pk"
    )


def latest_news(n: int = 3) -> list[NewsPost]:
    """The `n` most recent published news posts (for the home page)."""
    return list(published_news()[: max(0, n)])


def contests_with_entries() -> QuerySet[Contest]:
    return Contest.objects.annotate(entry_count=Count("entries")).prefetch_related("entries")


def training_totals(year: int | None = None) -> dict[str, int]:
    qs = TrainingSession.objects.all()
    if year:
        qs = qs.filter(held_on__year=year)
    agg = qs.aggregate(sessions=Count("pk"), attendance=Sum("attendance"))
    return {"sessions": agg["sessions"], "attendance": agg["attendance"] or 0}


# --- for the campaign indicators (reports) -------------------------------------------------------


def fairs_starting_between(start: datetime.date, end: datetime.date, kind: str) -> QuerySet[Fair]:
    """Fairs (or market sessions) that started in [start, end], with booths and approved units counted."""
    return (
        Fair.objects.filter(kind=kind, starts_on__gte=start, starts_on__lte=end)
        .select_related("commune")
        .annotate(
            booth_count=Count("booths", distinct=True),
            unit_count=Count(
                "applications", filter=Q(applications__status=BoothApplication.Status.APPROVED), distinct=True
            ),
        )
        .order_by("starts_on", "pk")
    )


def booths_of_fairs_between(start: datetime.date, end: datetime.date, kind: str) -> QuerySet[Booth]:
    """Every booth on the map of a fair (or market session) that started in [start, end]."""
    return (
        Booth.objects.filter(fair__kind=kind, fair__starts_on__gte=start, fair__starts_on__lte=end)
        .select_related("fair", "application")
        .order_by("fair__starts_on", "fair_id", "row", "column")
    )


def units_at_fairs_between(start: datetime.date, end: datetime.date, kind: str) -> QuerySet[BoothApplication]:
    """The units approved (given booths) at fairs (or market sessions) that started in [start, end]."""
    return (
        BoothApplication.objects.filter(
            fair__kind=kind,
            fair__starts_on__gte=start,
            fair__starts_on__lte=end,
            status=BoothApplication.Status.APPROVED,
        )
        .select_related("fair")
        .order_by("fair__starts_on", "fair_id", "organisation_name", "pk")
    )


def trips_starting_between(start: datetime.date, end: datetime.date) -> QuerySet[Trip]:
    return (
        Trip.objects.filter(starts_on__gte=start, starts_on__lte=end)
        .annotate(mou_count=Count("mous", distinct=True))
        .order_by("starts_on", "pk")
    )


def mous_signed_between(start: datetime.date, end: datetime.date) -> QuerySet[Mou]:
    """MoUs and contracts signed in [start, end], on a trip or from an accepted offer."""
    return (
        Mou.objects.filter(signed_on__gte=start, signed_on__lte=end)
        .select_related("trip")
        .order_by("signed_on", "pk")
    )


def trainings_held_between(start: datetime.date, end: datetime.date) -> QuerySet[TrainingSession]:
    return TrainingSession.objects.filter(held_on__gte=start, held_on__lte=end).order_by("held_on", "pk")


def contests_starting_between(start: datetime.date, end: datetime.date) -> QuerySet[Contest]:
    return (
        Contest.objects.filter(starts_on__gte=start, starts_on__lte=end)
        .annotate(entry_count=Count("entries"))
        .order_by("starts_on", "pk")
    )


def showrooms_open_on(day: datetime.date) -> QuerySet[Showroom]:
    """Active showrooms opened on or before `day` (a showroom without an opening date counts), with the
    products on their shelves counted."""
    return (
        Showroom.objects.filter(is_active=True)
        .filter(Q(opened_on__isnull=True) | Q(opened_on__lte=day))
        .select_related("commune")
        .annotate(item_count=Count("items", distinct=True))
        .order_by("name", "pk")
    )


def showroom_items_open_on(day: datetime.date) -> QuerySet[ShowroomItem]:
    """Products on display in the showrooms of `showrooms_open_on(day)`: one row per showroom and product."""
    return (
        ShowroomItem.objects.filter(showroom__in=showrooms_open_on(day).values("pk"))
        .select_related("showroom", "product__seller")
        .order_by("showroom__name", "product__name", "pk")
    )


def fairs_with_applications_to_decide() -> QuerySet[Fair]:
    """Fairs with booth applications waiting for a decision, each with `to_decide` (officer workspace)."""
    waiting = Q(applications__status=BoothApplication.Status.SUBMITTED)
    return (
        Fair.objects.annotate(to_decide=Count("applications", filter=waiting))
        .filter(to_decide__gt=0)
        .order_by("starts_on", "pk")
    )
