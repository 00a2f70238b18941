"""Trade promotion API: open buy requests and offers (token auth), fairs and events (public reads)."""

import datetime

from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from hangviet.accounts.auth import ORDERS_TOKEN
from hangviet.core import limits
from hangviet.core.errors import NotFound
from hangviet.core.schemas import BodyIn, Paged
from hangviet.promotion import queries
from hangviet.promotion.models import BuyRequest, Fair
from hangviet.promotion.services import sourcing
from hangviet.sellers.queries import shops_of

router = Router()

MAX_PAGE_SIZE = 100


class BuyRequestOut(Schema):
    id: int
    title: str
    buyer_name: str
    buyer_kind: str
    category: str | None
    volume: int
    unit: str
    delivery_from: datetime.date
    delivery_to: datetime.date
    delivery_province: str
    delivery_place: str
    min_ocop_stars: int
    needs_vietgap: bool
    needs_chain: bool
    price_min_vnd: int | None
    price_max_vnd: int | None
    deadline_on: datetime.date
    status: str
    offer_count: int

    @staticmethod
    def resolve_category(obj: BuyRequest) -> str | None:
        return obj.category.slug if obj.category else None

    @staticmethod
    def resolve_delivery_province(obj: BuyRequest) -> str:
        return obj.delivery_province_id


class BuyRequestPage(Schema):
    count: int
    items: list[BuyRequestOut]


class BuyRequestFilters(Schema):
    q: str = Field("", max_length=100)
    category: str = Field("", max_length=80)
    page: int = Field(1, ge=1, le=1000)
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE)


class OfferIn(BodyIn):
    seller: str = Field(..., max_length=80, description="slug of the seller making the offer")
    unit_price_vnd: int = Field(..., gt=0, le=limits.PRICE_MAX_VND)
    volume: int = Field(..., gt=0, le=limits.QUANTITY_MAX)
    delivery_on: datetime.date
    note: str = Field("", max_length=2000)


class OfferOut(Schema):
    id: int
    buy_request: int
    seller: str
    unit_price_vnd: int
    volume: int
    total_vnd: int
    delivery_on: datetime.date
    status: str

    @staticmethod
    def resolve_buy_request(obj: object) -> int:
        return obj.buy_request_id  # type: ignore[attr-defined]

    @staticmethod
    def resolve_seller(obj: object) -> str:
        return obj.seller.slug  # type: ignore[attr-defined]


@router.get("/buy-requests", response=BuyRequestPage)
def list_buy_requests(request: HttpRequest, filters: Query[BuyRequestFilters]) -> dict[str, object]:
    """Open buy requests (deadline not passed), soonest deadline first."""
    qs = queries.open_buy_requests()
    if filters.q:
        qs = qs.filter(title__icontains=filters.q.strip())
    if filters.category:
        qs = qs.filter(category__slug=filters.category)
    start = (filters.page - 1) * filters.page_size
    return {"count": qs.count(), "items": list(qs[start : start + filters.page_size])}


@router.get("/buy-requests/{request_id}", response=BuyRequestOut)
def get_buy_request(request: HttpRequest, request_id: int) -> BuyRequest:
    qs = BuyRequest.objects.select_related("category").annotate(offer_count=Count("offers"))
    return get_object_or_404(qs, pk=request_id)


@router.post("/buy-requests/{request_id}/offers", response={201: OfferOut}, auth=ORDERS_TOKEN)
def post_offer(request: HttpRequest, request_id: int, body: OfferIn) -> tuple[int, object]:
    """A seller's member answers a buy request with an offer (one per seller)."""
    buy_request = get_object_or_404(BuyRequest, pk=request_id)
    seller = shops_of(request.auth).filter(slug=body.seller).first()  # type: ignore[attr-defined]
    if seller is None:
        raise NotFound("Không tìm thấy người bán.", field="body.seller")
    offer = sourcing.make_offer(
        actor=request.auth,  # type: ignore[attr-defined]
        buy_request=buy_request,
        seller=seller,
        unit_price_vnd=body.unit_price_vnd,
        volume=body.volume,
        delivery_on=body.delivery_on,
        note=body.note,
    )
    return 201, offer


class FairOut(Schema):
    slug: str
    name: str
    kind: str
    organiser: str
    programme: str
    starts_on: datetime.date
    ends_on: datetime.date
    venue: str
    province: str
    commune: str
    applications_open_on: datetime.date
    applications_close_on: datetime.date

    @staticmethod
    def resolve_province(obj: Fair) -> str:
        return obj.province_id

    @staticmethod
    def resolve_commune(obj: Fair) -> str:
        return obj.commune_id


class BoothOut(Schema):
    code: str
    kind: str
    row: int
    column: int
    width_m: int
    depth_m: int
    price_vnd: int
    exhibitor: str | None

    @staticmethod
    def resolve_exhibitor(obj: object) -> str | None:
        application = obj.application  # type: ignore[attr-defined]
        return application.organisation_name if application else None


class ExhibitorOut(Schema):
    name: str
    seller: str | None
    booths: list[str]


class FairDetailOut(FairOut):
    booths: list[BoothOut]
    exhibitors: list[ExhibitorOut]
    booth_count: int
    unit_count: int


class EventOut(Schema):
    uid: str
    title: str
    kind: str
    starts_on: datetime.date
    ends_on: datetime.date
    place: str
    url: str


@router.get("/fairs", response=list[FairOut])
@paginate(Paged)
def list_fairs(request: HttpRequest, year: int | None = Query(None, ge=2000, le=2100)) -> QuerySet[Fair]:  # type: ignore[type-arg]
    """Newest first, page by page ({"count", "items"})."""
    qs = queries.public_fairs().order_by("-starts_on", "pk")
    if year:
        qs = qs.filter(starts_on__year=year)
    return qs


@router.get("/fairs/{slug}", response=FairDetailOut)
def get_fair(request: HttpRequest, slug: str) -> Fair:
    try:
        fair = queries.fair_with_map(slug)
    except Fair.DoesNotExist as exc:
        raise NotFound() from exc
    summary = queries.fair_summary(fair)
    fair.exhibitors = [  # type: ignore[attr-defined]
        {
            "name": a.organisation_name,
            "seller": a.seller.slug if a.seller else None,
            "booths": [b.code for b in a.booths.all()],
        }
        for a in queries.exhibitors(fair)
    ]
    fair.booth_count, fair.unit_count = summary["booths"], summary["units"]  # type: ignore[attr-defined]
    return fair


@router.get("/events", response=list[EventOut])
@paginate(Paged)
def list_events(request: HttpRequest) -> list[queries.Event]:
    """Upcoming fairs, market sessions and training sessions, soonest first, page by page ({"count", "items"}:
    the same list as /events/ and /events.ics)."""
    return queries.upcoming_events()
