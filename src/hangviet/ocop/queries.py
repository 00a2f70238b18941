"""Reads about OCOP certificates reused by pages, the API, the resolver and reports."""

import datetime
from collections.abc import Iterable

from django.db.models import QuerySet
from django.utils import timezone

from hangviet.catalog.models import Product
from hangviet.ocop.models import Certificate


def valid_certificates(today: datetime.date | None = None) -> QuerySet[Certificate]:
    """Certificates in force on `today`: not revoked or expired, issued, not past their expiry date."""
    today = today or timezone.localdate()
    return Certificate.objects.filter(
        status=Certificate.Status.VALID, issued_on__lte=today, expires_on__gte=today
    ).order_by("-stars", "-expires_on", "-pk")


def current_certificate(product: Product, today: datetime.date | None = None) -> Certificate | None:
    """The product's best certificate in force (most stars, then the latest expiry), or None."""
    return valid_certificates(today).filter(product=product).first()


def current_certificates(
    product_ids: Iterable[int], today: datetime.date | None = None
) -> dict[int, Certificate]:
    """{product id: its best certificate in force} for many products in one query."""
    ids = set(product_ids)
    best: dict[int, Certificate] = {}
    if not ids:
        return best
    for certificate in valid_certificates(today).filter(product_id__in=ids):
        best.setdefault(certificate.product_id, certificate)
    return best
