"""Reads of traceability reused by the resolver, pages, API and reports."""

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core import signing
from django.db.models import Count, Q, QuerySet, Sum
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from hangviet.catalog.models import Product
from hangviet.core.schemas import instant_error
from hangviet.sellers.models import Seller
from hangviet.trace import epcis
from hangviet.trace.models import (
    CounterfeitFlag,
    EpcisEvent,
    EventIdentifier,
    ExportMarket,
    Lot,
    ScanCount,
    SupplyChain,
)

DEFAULT_PER_PAGE = 30
MAX_PER_PAGE = 500
MAX_VALUES_PER_PARAM = 50
_TOKEN_SALT = "hangviet.trace.epcis.page"  # noqa: S105 (a signing salt, not a secret)

_MATCH: dict[str, tuple[str, ...]] = {
    "MATCH_epc": (EventIdentifier.Role.EPC,),
    "MATCH_parentID": (EventIdentifier.Role.PARENT,),
    "MATCH_inputEPC": (EventIdentifier.Role.INPUT_EPC,),
    "MATCH_outputEPC": (EventIdentifier.Role.OUTPUT_EPC,),
    "MATCH_anyEPC": (
        EventIdentifier.Role.EPC,
        EventIdentifier.Role.PARENT,
        EventIdentifier.Role.INPUT_EPC,
        EventIdentifier.Role.OUTPUT_EPC,
    ),
    "MATCH_epcClass": (EventIdentifier.Role.EPC_CLASS,),
    "MATCH_inputEPCClass": (EventIdentifier.Role.INPUT_CLASS,),
    "MATCH_outputEPCClass": (EventIdentifier.Role.OUTPUT_CLASS,),
    "MATCH_anyEPCClass": (
        EventIdentifier.Role.EPC_CLASS,
        EventIdentifier.Role.INPUT_CLASS,
        EventIdentifier.Role.OUTPUT_CLASS,
    ),
}
_EQ = {
    "eventType": "event_type",
    "EQ_action": "action",
    "EQ_bizStep": "biz_step",
    "EQ_disposition": "disposition",
    "EQ_readPoint": "read_point",
    "EQ_bizLocation": "biz_location",
    "EQ_eventID": "event_id",
}
_TIMES = {
    "GE_eventTime": "event_time__gte",
    "LT_eventTime": "event_time__lt",
    "GE_recordTime": "record_time__gte",
    "LT_recordTime": "record_time__lt",
    "GE_errorDeclarationTime": "declared_at__gte",
    "LT_errorDeclarationTime": "declared_at__lt",
}
MATCH_PARAMETERS = tuple(_MATCH)
EQ_PARAMETERS = tuple(_EQ)
TIME_PARAMETERS = tuple(_TIMES)
QUERY_PARAMETERS = frozenset(
    {*_MATCH, *_EQ, *_TIMES, "EQ_errorReason", "EXISTS_errorDeclaration", "perPage", "nextPageToken"}
)


class QueryParameterError(epcis.EpcisInvalid):
    code = "query_parameter_exception"
    message = "Tham số truy vấn EPCIS không hợp lệ."


def public_lot(product_slug: str, code: str) -> Lot | None:
    """A lot of a verified seller's product, with what the scan page shows."""
    return (
        Lot.objects.select_related(
            "product__seller__commune", "product__seller__province", "product__category", "origin_commune"
        )
        .filter(product__slug=product_slug, code=code, product__seller__status=Seller.Status.VERIFIED)
        .exclude(product__status=Product.Status.DRAFT)
        .first()
    )


def public_product(slug: str) -> Product | None:
    """A verified seller's published product, by its slug (what a scan of an unknown lot names)."""
    return (
        Product.objects.select_related("seller")
        .filter(slug=slug, seller__status=Seller.Status.VERIFIED)
        .exclude(status=Product.Status.DRAFT)
        .first()
    )


def product_by_gtin(gtin: str) -> Product | None:
    return (
        Product.objects.select_related("seller")
        .filter(gtin=gtin, seller__status=Seller.Status.VERIFIED)
        .exclude(status=Product.Status.DRAFT)
        .order_by("pk")
        .first()
    )


def lot_events(lot: Lot) -> QuerySet[EpcisEvent]:
    """The events naming a lot (or its serials), in time order: the lot's journey."""
    return EpcisEvent.objects.filter(identifiers__lot=lot).distinct().order_by("event_time", "pk")


def declarations_of(event_ids: list[str]) -> dict[str, EpcisEvent]:
    """The error declarations of these eventIDs, by eventID."""
    found = EpcisEvent.objects.filter(event_id__in=event_ids, declared_at__isnull=False)
    return {event.event_id: event for event in found}


def lots_of(seller: Seller) -> QuerySet[Lot]:
    return (
        Lot.objects.filter(product__seller=seller).select_related("product").order_by("-produced_on", "-pk")
    )


def chains_of_seller(seller_id: int) -> QuerySet[SupplyChain]:
    return SupplyChain.objects.filter(members__seller_id=seller_id).distinct().order_by("name")


def public_chains() -> QuerySet[SupplyChain]:
    return SupplyChain.objects.annotate(member_count=Count("members", distinct=True)).prefetch_related(
        "export_markets"
    )


def chain_stats(today: datetime.date | None = None) -> dict[str, Any]:
    """Chains, annual output and export volume by product type, for the campaign indicators."""
    rows = (
        SupplyChain.objects.values("product_type")
        .annotate(chains=Count("pk", distinct=True), output=Sum("annual_output_tonnes"))
        .order_by("product_type")
    )
    exports = dict(
        SupplyChain.objects.values("product_type")
        .annotate(volume=Sum("export_markets__volume_tonnes"))
        .values_list("product_type", "volume")
    )
    labels = dict(SupplyChain.ProductType.choices)
    by_type = [
        {
            "product_type": row["product_type"],
            "label": str(labels.get(row["product_type"], row["product_type"])),
            "chains": row["chains"],
            "annual_output_tonnes": float(row["output"] or 0),
            "export_tonnes": float(exports.get(row["product_type"]) or 0),
        }
        for row in rows
    ]
    total = sum((Decimal(str(r["annual_output_tonnes"])) for r in by_type), Decimal(0))
    valid = SupplyChain.objects.filter(valid_until__gte=today).count() if today else None
    out: dict[str, Any] = {
        "total_chains": sum(r["chains"] for r in by_type),
        "total_annual_output_tonnes": float(total),
        "by_product_type": by_type,
    }
    if valid is not None:
        out["valid_chains"] = valid
    return out


# --- EPCIS query -------------------------------------------------------------------------------------


def _bad(field: str, message: str) -> QueryParameterError:
    return QueryParameterError([{"field": f"query.{field}", "code": "invalid", "message": message}])


def _values(params: Mapping[str, str], name: str) -> list[str]:
    values = [v for v in params[name].split("|") if v]
    if not values or len(values) > MAX_VALUES_PER_PARAM:
        raise _bad(name, _("Cần 1–50 giá trị, ngăn bởi '|'."))
    return values


def _match(values: list[str]) -> Q:
    condition = Q()
    for value in values:
        condition |= Q(value__startswith=value[:-1]) if value.endswith("*") else Q(value=value)
    return condition


def query_events(params: Mapping[str, str]) -> tuple[list[EpcisEvent], str | None]:
    """EPCIS SimpleEventQuery over REST: (events of this page, next page token or None)."""
    unknown = sorted(set(params) - QUERY_PARAMETERS)
    if unknown:
        raise _bad(unknown[0], _("Tham số không được hỗ trợ."))
    # Public, as the scan page and the lot history: nothing of a shop an officer has not verified yet.
    events = EpcisEvent.objects.filter(Q(seller__isnull=True) | Q(seller__status=Seller.Status.VERIFIED))
    for name, roles in _MATCH.items():
        if name in params:
            ids = EventIdentifier.objects.filter(_match(_values(params, name)), role__in=roles).values(
                "event_id"
            )
            events = events.filter(pk__in=ids)
    for name, column in _EQ.items():
        if name in params:
            values = _values(params, name)
            if name == "EQ_bizStep":
                values = [epcis.normalize_vocab("bizStep", v) for v in values]
            elif name == "EQ_disposition":
                values = [epcis.normalize_vocab("disposition", v) for v in values]
            events = events.filter(**{f"{column}__in": values})
    if "EQ_errorReason" in params:
        reasons = [epcis.normalize_vocab("errorReason", v) for v in _values(params, "EQ_errorReason")]
        events = events.filter(error_reason__in=reasons)
    if "EXISTS_errorDeclaration" in params:
        if params["EXISTS_errorDeclaration"] not in ("", "true"):
            raise _bad("EXISTS_errorDeclaration", _("Tham số này không nhận giá trị (hoặc 'true')."))
        events = events.filter(declared_at__isnull=False)
    for name, lookup in _TIMES.items():
        if name in params:
            try:
                moment = parse_datetime(params[name].replace(" ", "+"))
            except ValueError:  # well formed but no such time: 2026-02-30
                moment = None
            if (
                moment is None or moment.tzinfo is None or instant_error(moment)
            ):  # +18:00: a 500 on PostgreSQL
                raise _bad(name, _("Cần thời điểm ISO 8601 có múi giờ, ví dụ 2026-01-31T08:00:00+07:00."))
            events = events.filter(**{lookup: moment})
    per_page = DEFAULT_PER_PAGE
    if "perPage" in params:
        try:
            per_page = int(params["perPage"])
        except ValueError:
            per_page = 0
        if not 1 <= per_page <= MAX_PER_PAGE:
            raise _bad("perPage", _("perPage từ 1 đến 500."))
    if "nextPageToken" in params:
        try:
            after_time, after_pk = signing.loads(params["nextPageToken"], salt=_TOKEN_SALT)
            moment = parse_datetime(after_time)
        except (signing.BadSignature, ValueError, TypeError):
            raise _bad("nextPageToken", _("nextPageToken không hợp lệ.")) from None
        events = events.filter(Q(event_time__gt=moment) | Q(event_time=moment, pk__gt=after_pk))
    page = list(events.order_by("event_time", "pk")[: per_page + 1])
    token = None
    if len(page) > per_page:
        page = page[:per_page]
        last = page[-1]
        token = signing.dumps([last.event_time.isoformat(), last.pk], salt=_TOKEN_SALT, compress=True)
    return page, token


# --- for the campaign indicators (reports) -------------------------------------------------------


def chains_certified_on(day: datetime.date) -> QuerySet[SupplyChain]:
    """Supply chains whose certification covers `day` (certified on or before, valid until on or after)."""
    return (
        SupplyChain.objects.filter(certified_on__lte=day, valid_until__gte=day)
        .prefetch_related("export_markets")
        .order_by("product_type", "name", "pk")
    )


def export_markets_of_chains_on(day: datetime.date) -> QuerySet[ExportMarket]:
    """Export markets of the chains certified on `day` (one row per chain and country)."""
    return (
        ExportMarket.objects.filter(chain__certified_on__lte=day, chain__valid_until__gte=day)
        .select_related("chain")
        .order_by("chain__name", "country_name", "pk")
    )


def scan_counts_between(start: datetime.date, end: datetime.date) -> QuerySet[ScanCount]:
    """Scans of lots' QR codes per lot and day in [start, end] (counted without personal data)."""
    return (
        ScanCount.objects.filter(day__gte=start, day__lte=end)
        .select_related("lot__product")
        .order_by("day", "lot_id", "pk")
    )


def lot_scans_of(seller: Seller, since: datetime.date) -> QuerySet[Lot]:
    """The shop's lots scanned since `since`, each with `scans` (page opens since then), most first."""
    return (
        Lot.objects.filter(product__seller=seller, scan_counts__day__gte=since)
        .annotate(scans=Sum("scan_counts__count"))
        .select_related("product")
        .order_by("-scans", "code", "pk")
    )


def counterfeit_flags(status: str = "open") -> QuerySet[CounterfeitFlag]:
    """Counterfeit flags, "open" (not checked yet), "resolved" or "" for all, newest first (officers)."""
    flags = CounterfeitFlag.objects.select_related("item__lot__product__seller").order_by(
        "-created_at", "-pk"
    )
    if status == "open":
        flags = flags.filter(resolved_at__isnull=True)
    elif status == "resolved":
        flags = flags.filter(resolved_at__isnull=False)
    return flags
