"""Fixed-window rate limits on Django's cache, for public write endpoints (login, registration, reset).

A rate is written "N/S": at most N counted events per S seconds for one key. Counters use
`cache.add` then `cache.incr`, atomic in every cache the platform configures: Redis (REDIS_URL), the
default file cache (hangviet.core.filecache: under a file lock, across processes) and locmem (within
its process). Counters are shared by every worker through the configured cache and expire on their own
at the end of their window. Keys are hashed: no raw email or phone in the cache.

Count first, then act: `hit` before the work it guards, so N parallel requests can never all pass a
check made before any of them counted (check-then-count lets a burst through).

    if not ratelimit.hit(key, rate):       # count this attempt; False once over the limit
        refuse()
    ...
    ratelimit.unhit(key, rate)             # give the attempt back if it turned out not to count
"""

import contextlib
import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

_PREFIX = "hv:rl:"


@dataclass(frozen=True)
class Rate:
    limit: int
    period: int  # seconds


def parse_rate(rate: str | Rate) -> Rate:
    """ "5/300" → Rate(limit=5, period=300). Raises ImproperlyConfigured on anything else."""
    if isinstance(rate, Rate):
        return rate
    try:
        count, _, seconds = str(rate).strip().partition("/")
        parsed = Rate(limit=int(count), period=int(seconds))
    except ValueError as exc:
        raise ImproperlyConfigured(f"A rate is written 'N/S' (events per seconds), got {rate!r}.") from exc
    if parsed.limit < 1 or parsed.period < 1:
        raise ImproperlyConfigured(f"A rate needs N ≥ 1 and S ≥ 1, got {rate!r}.")
    return parsed


def setting_rate(name: str, default: str) -> Rate:
    """The rate in settings.<name>, else `default`."""
    return parse_rate(getattr(settings, name, default))


def _cache_key(key: str, rate: Rate, now: float | None = None) -> str:
    window = int((time.time() if now is None else now) // rate.period)
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    return f"{_PREFIX}{rate.period}:{window}:{digest}"


def count(key: str, rate: str | Rate) -> int:
    """Events counted for `key` in the current window."""
    r = parse_rate(rate)
    return int(cache.get(_cache_key(key, r), 0))


def is_limited(key: str, rate: str | Rate) -> bool:
    """True when `key` has used up its events for the current window (checks, counts nothing)."""
    r = parse_rate(rate)
    return count(key, r) >= r.limit


def hit(key: str, rate: str | Rate) -> bool:
    """Count one event for `key`; True while within the limit, False once this event exceeds it."""
    r = parse_rate(rate)
    ck = _cache_key(key, r)
    # add() is a no-op when the counter exists, so two first hits cannot both reset it to 0.
    cache.add(ck, 0, timeout=r.period)
    try:
        value = cache.incr(ck)
    except ValueError:  # the counter vanished between add() and incr() (a full file cache culls at random)
        value = 1 if cache.add(ck, 1, timeout=r.period) else cache.incr(ck)
    return bool(value <= r.limit)


def unhit(key: str, rate: str | Rate) -> None:
    """Give back one event counted by `hit` (e.g. a login attempt that succeeded is no failure)."""
    with contextlib.suppress(ValueError):  # the window ended meanwhile: nothing to give back
        cache.decr(_cache_key(key, parse_rate(rate)))


def reset(key: str, rate: str | Rate) -> None:
    """Forget the events of `key` in the current window (e.g. after a successful login)."""
    cache.delete(_cache_key(key, parse_rate(rate)))


def client_ip(request: HttpRequest) -> str:
    """The client's address. Behind a trusted proxy (BEHIND_PROXY=1), the last X-Forwarded-For hop,
    which the proxy appended itself and the client cannot forge."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return str(request.META.get("REMOTE_ADDR") or "unknown")
