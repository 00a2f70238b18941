"""Public OCOP API: check a certificate, the register of recognised products, the statistics."""

import datetime
from decimal import Decimal

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema
from pydantic import Field

from hangviet.ocop import queries
from hangviet.ocop.models import Certificate

router = Router()


class ProductRefOut(Schema):
    slug: str
    name: str


class CertificateBriefOut(Schema):
    number: str
    stars: int
    score: Decimal
    issued_on: datetime.date
    expires_on: datetime.date
    status: str


class CertificateOut(CertificateBriefOut):
    decision_number: str
    decision_date: datetime.date | None
    product: ProductRefOut
    producer: str
    revoked_reason: str
    replaces: str | None
    is_genuine: bool = True
    is_valid: bool


class RegistryItemOut(Schema):
    product: ProductRefOut
    producer: str
    group: str
    commune: str
    certificate: CertificateBriefOut


class RegistryOut(Schema):
    count: int
    items: list[RegistryItemOut]


class RegistryIn(Schema):
    stars: int | None = Field(None, ge=3, le=5)
    group: str = Field("", max_length=5, pattern=r"^(|I|II|III|IV|V|VI)$")
    commune: str = Field("", max_length=5, pattern=r"^\d{0,5}$")
    year: int | None = Field(None, ge=2018, le=2100)
    status: str = Field("", pattern=r"^(|valid|expiring|expired|revoked)$")
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=100_000)  # far past the registry's end; an unbounded one overflowed SQL


class StatsIn(Schema):
    year: int | None = Field(None, ge=2018, le=2100)


class CountOut(Schema):
    code: str
    name: str
    count: int


class StatsOut(Schema):
    year: int
    as_of: datetime.date
    recognised: int
    by_stars: dict[str, int]
    by_group: list[CountOut]
    by_commune: list[CountOut]
    new: int
    certificates_issued: int
    expiring_soon: int


def _brief(certificate: Certificate, today: datetime.date) -> dict[str, object]:
    return {
        "number": certificate.number,
        "stars": certificate.stars,
        "score": certificate.score,
        "issued_on": certificate.issued_on,
        "expires_on": certificate.expires_on,
        "status": certificate.status_on(today),
    }


@router.get("/ocop/certificates/{number}", response=CertificateOut, auth=None)
def certificate(request: HttpRequest, number: str) -> dict[str, object]:
    """Anyone checks a certificate: genuine (it exists here) and its status today; unknown → 404."""
    found = queries.certificate_by_number(number)
    if found is None:
        raise Http404
    today = timezone.localdate()
    status = found.status_on(today)
    return {
        **_brief(found, today),
        "decision_number": found.decision_number,
        "decision_date": found.decision_date,
        "product": {"slug": found.product.slug, "name": found.product.name},
        "producer": found.product.seller.trading_name,
        "revoked_reason": found.revoked_reason if status == "revoked" else "",
        "replaces": found.replaces.number if found.replaces_id else None,  # type: ignore[union-attr]
        "is_valid": status in ("valid", "expiring"),
    }


@router.get("/ocop/products", response=RegistryOut, auth=None)
def products(request: HttpRequest, filters: Query[RegistryIn]) -> dict[str, object]:
    """The register of recognised products (certificates in force unless `status` says otherwise)."""
    today = timezone.localdate()
    qs = queries.registry(
        queries.RegistryFilters(
            stars=filters.stars,
            group=filters.group,
            commune=filters.commune,
            year=filters.year,
            status=filters.status,
        ),
        today,
    )
    groups = queries.root_categories()
    rows = list(qs[filters.offset : filters.offset + filters.limit])
    items = []
    for cert in rows:
        code = queries.group_code(cert.product.category.code)
        items.append(
            {
                "product": {"slug": cert.product.slug, "name": cert.product.name},
                "producer": cert.product.seller.trading_name,
                "group": groups[code].name if code in groups else code,
                "commune": queries.commune_of(cert).name,
                "certificate": _brief(cert, today),
            }
        )
    return {"count": qs.count(), "items": items}


@router.get("/ocop/stats", response=StatsOut, auth=None)
def stats(request: HttpRequest, params: Query[StatsIn]) -> dict[str, object]:
    """Recognised products (in force at the end of `year`, or today), by stars, group, commune; new in
    the year; expiring within 30 days."""
    return queries.stats(params.year)
