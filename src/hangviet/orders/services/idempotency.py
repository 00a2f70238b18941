"""`Idempotency-Key`s of the API checkout: the answer a placed checkout got, kept 24 h and given again."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from hangviet.orders.errors import AlreadyAnswered, IdempotencyKeyReused
from hangviet.orders.models import Checkout, IdempotencyKey

IDEMPOTENCY_TTL = timedelta(hours=24)


@dataclass(frozen=True)
class Idempotency:
    """A request's `Idempotency-Key`: whose key it is (`scope`, e.g. `cart:<token>`), a fingerprint of
    the request, and `answer`, which writes the response of a checkout that took effect (called inside its
    transaction, so the key is remembered with the order or not at all)."""

    scope: str
    key: str
    fingerprint: str
    answer: Callable[[Checkout], tuple[int, str]]


def remembered_answer(idempotency: Idempotency) -> tuple[int, str] | None:
    """The (status, body) kept for this key in this scope for 24 h, or None; IdempotencyKeyReused when
    the key came with another request."""
    found = IdempotencyKey.objects.filter(
        scope=idempotency.scope, key=idempotency.key, expires_at__gt=timezone.now()
    ).first()
    if found is None:
        return None
    if found.fingerprint != idempotency.fingerprint:
        raise IdempotencyKeyReused()
    return found.status, found.response


def replay(idempotency: Idempotency | None) -> None:
    """Raise AlreadyAnswered with the answer this key already got, if it got one."""
    if idempotency is not None and (answer := remembered_answer(idempotency)) is not None:
        raise AlreadyAnswered(*answer)


def remember(idempotency: Idempotency, checkout: Checkout) -> None:
    status, response = idempotency.answer(checkout)
    now = timezone.now()
    IdempotencyKey.objects.filter(scope=idempotency.scope, key=idempotency.key, expires_at__lte=now).delete()
    IdempotencyKey.objects.create(
        scope=idempotency.scope,
        key=idempotency.key,
        fingerprint=idempotency.fingerprint,
        status=status,
        response=response,
        created_at=now,
        expires_at=now + IDEMPOTENCY_TTL,
    )


def purge_idempotency_keys(now: datetime | None = None) -> int:
    """Forget the keys older than 24 h (they are ignored from then on anyway); returns how many."""
    deleted, _per_model = IdempotencyKey.objects.filter(expires_at__lte=now or timezone.now()).delete()
    return deleted
