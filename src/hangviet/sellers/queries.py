"""Reads on sellers reused by pages, the API and reports."""

import datetime

from django.db.models import QuerySet

from hangviet.sellers.models import Seller


def sellers_verified_before(end_at: datetime.datetime, kind: str = "") -> QuerySet[Seller]:
    """Sellers verified now whose verification happened before `end_at` (an aware instant), of one
    kind (enterprise, cooperative, household) or all."""
    qs = Seller.objects.filter(status=Seller.Status.VERIFIED, verified_at__lt=end_at)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.select_related("commune").order_by("trading_name", "pk")
