"""Reads on accounts reused by pages, the API and the personal-data export."""

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from hangviet.accounts.models import ApiToken, User
from hangviet.sellers.models import Membership


def memberships_of(user: User) -> QuerySet[Membership]:
    """The user's seller memberships with their seller, in shop-name order."""
    return Membership.objects.filter(user=user).select_related("seller").order_by("seller__trading_name")


def tokens_of(user: User) -> QuerySet[ApiToken]:
    """The user's API tokens, active first, newest first."""
    return ApiToken.objects.filter(user=user).order_by("revoked_at", "-created_at")


def roles_of(user: User, memberships: list[Membership] | None = None) -> list[str]:
    """Role codes: "buyer" always; "seller_owner"/"seller_staff", "officer", "admin" when they apply."""
    roles = ["buyer"]
    members = memberships if memberships is not None else list(memberships_of(user))
    roles += sorted({f"seller_{m.role}" for m in members})
    if user.is_officer:
        roles.append("officer")
    if user.is_superuser:
        roles.append("admin")
    return roles


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def personal_data(user: User) -> dict[str, Any]:
    """Everything the platform holds about the user, as JSON-ready data (data-subject export).

    Other apps that store personal data about a user (orders, addresses) add their sections here.
    """
    memberships = list(memberships_of(user))
    return {
        "exported_at": timezone.now().isoformat(),
        "profile": {
            "id": user.pk,
            "email": user.email,
            "phone": user.phone,
            "full_name": user.full_name,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
            "terms_accepted_at": _iso(user.terms_accepted_at),
            "is_active": user.is_active,
            "roles": roles_of(user, memberships),
        },
        "memberships": [
            {
                "seller": m.seller.slug,
                "seller_name": m.seller.trading_name,
                "role": m.role,
                "since": _iso(m.created_at),
            }
            for m in memberships
        ],
        "api_tokens": [
            {
                "name": t.name,
                "prefix": t.prefix,
                "scopes": t.scope_values(),
                "created_at": _iso(t.created_at),
                "last_used_at": _iso(t.last_used_at),
                "revoked_at": _iso(t.revoked_at),
            }
            for t in tokens_of(user)
        ],
    }
