"""Reads on accounts reused by pages, the API and the personal-data export."""

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from hangviet.accounts.models import ApiToken, User
from hangviet.core.providers import provided


def tokens_of(user: User) -> QuerySet[ApiToken]:
    """The user's API tokens, active first, newest first."""
    return ApiToken.objects.filter(user=user).order_by("revoked_at", "-created_at")


def roles_of(user: User) -> list[str]:
    """Role codes: "buyer" always; the rooms' ("seller_owner"/"seller_staff"), "officer", "admin"."""
    roles = ["buyer"]
    for room_roles in provided("account_roles"):
        roles += room_roles(user)
    if user.is_officer:
        roles.append("officer")
    if user.is_superuser:
        roles.append("admin")
    return roles


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def personal_data(user: User) -> dict[str, Any]:
    """Everything the platform holds about the user, as JSON-ready data (data-subject export).

    The rooms above accounts that hold personal data about a user add their sections ("personal_data"
    in settings.HANGVIET_PROVIDERS: the seller memberships).
    """
    data: dict[str, Any] = {
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
            "roles": roles_of(user),
        },
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
    for section in provided("personal_data"):
        data.update(section(user))
    return data
