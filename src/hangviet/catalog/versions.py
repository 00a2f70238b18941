"""Catalog versions: numbers that catalog writes change, so that cached catalog reads never outlive them.

Each cached read depends on the versions of what it shows, at the grain of what changed:

- a **product page** on its product's version, its seller's, and the `pages` version (what every page
  shows: categories, a bulk import, a mirror sync);
- a **search result** (count, page ids, facets) on the `listing` version, changed only by what alters
  membership, rank or facets: a product added, saved (hidden, repriced, renamed) or deleted, stock
  crossing zero, a seller verified or suspended, a certificate issued or revoked. The products of a
  result page are read fresh by id, so the stock they show is always current;
- the shopping feeds on `catalog_version()`, which every write changes.

A checkout that leaves stock on the shelf changes only the versions of the products it took from (and the
`any` version): every other product page and every search stays cached.

A reader takes the versions *before* it reads the database and stores them with what it caches; a write
changes them at once (a read later in the same transaction sees its own write) and again after the commit
(a read made by another request between the first change and the commit saw the old rows and cached them
under the first change). Every change is an atomic increment in the configured cache (Redis INCR; the
file cache and the database cache increment under a lock), so no two writes can leave the same number.
"""

import hashlib
import time
from collections.abc import Iterable, Sequence

from django.core.cache import cache
from django.db import connection, transaction

ANY = "any"
LISTING = "listing"
PAGES = "pages"
SCOPED_MAX = 200  # past this many products and sellers in one write, everything cached is dropped


def _prefix() -> str:
    # Two databases may share one cache (tests, bench, several sites on one Redis): versions of their own.
    name = str(connection.settings_dict.get("NAME") or "")
    return "catalog:version:" + hashlib.sha1(f"{connection.alias}:{name}".encode()).hexdigest()[:12]  # noqa: S324


def product_key(product_id: int) -> str:
    return f"p{product_id}"


def seller_key(seller_id: int) -> str:
    return f"s{seller_id}"


def _timeout(key: str) -> int | None:
    """The catalog-wide versions live on; a product's or seller's lives a day from its creation (it outlives
    every page cached under it, and recreated from the clock it differs from every value it had), so the
    file cache is not filled with one never-expiring entry per product ever viewed."""
    return None if key.rsplit(":", 1)[1] in (ANY, LISTING, PAGES) else 86400


def _fresh() -> int:
    # A lost key (evicted, culled by the file cache, cache cleared) restarts from the clock, never from a
    # number that an older entry may still carry.
    return time.time_ns() // 1000


def versions(names: Sequence[str]) -> tuple[int, ...]:
    """The current versions of `names`, in order (one cache round trip when none was lost)."""
    prefix = _prefix()
    keys = [f"{prefix}:{name}" for name in names]
    found = cache.get_many(keys)
    for key in keys:
        if found.get(key) is None:
            cache.add(key, _fresh(), timeout=_timeout(key))
            found[key] = cache.get(key) or _fresh()
    return tuple(int(found[key]) for key in keys)


def catalog_version() -> int:
    """Changed by every catalog write."""
    return versions([ANY])[0]


def listing_version() -> int:
    """Changed by the writes that alter which products a search finds, their order or the facets."""
    return versions([LISTING])[0]


def _bump(name: str) -> None:
    key = f"{_prefix()}:{name}"
    try:
        cache.incr(key)
    except ValueError:  # not there: any fresh value differs from every version already used
        if not cache.add(key, _fresh(), timeout=_timeout(key)):  # another writer created it meanwhile
            cache.incr(key)


def _bump_all(names: Iterable[str]) -> None:
    for name in dict.fromkeys(names):
        _bump(name)


def bump_catalog_version() -> None:
    """Change every version a cached read may depend on (what an unscoped catalog_changed() does twice)."""
    _bump_all([ANY, LISTING, PAGES])


def catalog_changed(
    *, products: Iterable[int] = (), sellers: Iterable[int] = (), listing: bool = True
) -> None:
    """Call after any write that changes what the public catalog shows.

    Without `products` or `sellers` (or with more than SCOPED_MAX of them): everything cached is dropped
    (bulk writes, categories). With them:
    the pages of those products (and of those sellers' products); searches too when `listing` (the write
    may change membership, rank or facets: leave it True unless the write certainly cannot).
    """
    names = [product_key(pk) for pk in products] + [seller_key(pk) for pk in sellers]
    if not names or len(names) > SCOPED_MAX:
        names = [LISTING, PAGES]
    elif listing:
        names.append(LISTING)
    names.append(ANY)
    _bump_all(names)
    transaction.on_commit(lambda: _bump_all(names))
