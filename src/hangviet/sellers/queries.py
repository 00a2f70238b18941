"""Reads of sellers reused by pages, the API and other rooms: one definition per rule."""

import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from hangviet.sellers.models import Membership, Seller

# The province's own sellers: not mirrored from another province's node (the network sets `home_node` on
# those). What the province counts, verifies, reports and sends to marketplaces is its own only.
OWN = Q(home_node__isnull=True)


def own_sellers() -> QuerySet[Seller]:
    """This province's sellers, any status (the officers' lists and the indicators)."""
    return Seller.objects.filter(OWN)


def verified_shops() -> QuerySet[Seller]:
    """The shops the public sees (verified sellers), each with `product_count`: its active products."""
    return (
        Seller.objects.filter(status=Seller.Status.VERIFIED)
        .select_related("province", "commune")
        .annotate(product_count=Count("products", filter=Q(products__status="active")))
    )


def shops_of(user: Any) -> QuerySet[Seller]:
    """The shops `user` is a member of, owner or staff (none for an anonymous visitor)."""
    if not getattr(user, "is_authenticated", False):
        return Seller.objects.none()
    return Seller.objects.filter(memberships__user=user)


def memberships_of(user: Any) -> QuerySet[Membership]:
    """The user's memberships with their shop, in shop-name order (none for an anonymous visitor)."""
    if not getattr(user, "is_authenticated", False):
        return Membership.objects.none()
    return Membership.objects.filter(user=user).select_related("seller").order_by("seller__trading_name")


def member_roles(user: Any) -> list[str]:
    """The user's role codes in shops: "seller_owner" and/or "seller_staff" (settings.HANGVIET_PROVIDERS)."""
    return sorted({f"seller_{role}" for role in memberships_of(user).values_list("role", flat=True)})


def personal_data_of(user: Any) -> dict[str, Any]:
    """The user's memberships for the personal-data export (settings.HANGVIET_PROVIDERS)."""
    return {
        "memberships": [
            {
                "seller": m.seller.slug,
                "seller_name": m.seller.trading_name,
                "role": m.role,
                "since": m.created_at.isoformat(),
            }
            for m in memberships_of(user)
        ]
    }


def deletion_blocker(user: Any) -> str:
    """Why the account may not be deleted yet: it is the only owner of a shop, which would be left without
    anyone to run it; "" when nothing blocks (settings.HANGVIET_PROVIDERS)."""
    sole_owned = (
        Membership.objects.filter(user=user, role=Membership.Role.OWNER)
        .annotate(
            owners=Count("seller__memberships", filter=Q(seller__memberships__role=Membership.Role.OWNER))
        )
        .filter(owners=1)
        .select_related("seller")
        .order_by("seller__trading_name")
    )
    if shops := [m.seller.trading_name for m in sole_owned]:
        return _(
            "Bạn là chủ duy nhất của cửa hàng %(shops)s; hãy chuyển quyền chủ cho người khác "
            "trước khi xoá tài khoản."
        ) % {"shops": ", ".join(shops)}
    return ""


def sellers_verified_before(end_at: datetime.datetime, kind: str = "") -> QuerySet[Seller]:
    """This province's sellers verified now whose verification happened before `end_at` (an aware
    instant), of one kind (enterprise, cooperative, household) or all (mirrored sellers left out)."""
    qs = own_sellers().filter(status=Seller.Status.VERIFIED, verified_at__lt=end_at)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.select_related("commune").order_by("trading_name", "pk")
