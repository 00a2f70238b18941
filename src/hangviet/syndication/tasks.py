"""Background work of syndication, run by the tasks worker (`hangviet worker`; inline in tests)."""

from django.core.cache import cache
from django.tasks import task

from hangviet.catalog.versions import catalog_version
from hangviet.sellers.models import Seller
from hangviet.syndication import feeds


def build_lock(scope: str) -> str:
    """The cache key held while a scope's feed is being built: one build at a time per scope."""
    return f"syndication:feed-build:{scope}"


@task(queue_name="imports")  # minutes for a large catalog: never ahead of the order emails of "default"
def build_feed(seller_id: int | None = None) -> None:
    """Build a scope's feed files (syndication.feeds.build_feed) and release its build lock."""
    scope = feeds.PLATFORM if seller_id is None else f"shop-{seller_id}"
    try:
        if seller_id is None:
            feeds.build_feed(None)
        elif seller := Seller.objects.filter(pk=seller_id, status=Seller.Status.VERIFIED).first():
            feeds.build_feed(seller)
    finally:
        cache.delete(build_lock(scope))


@task()
def refresh_platform_feed() -> None:
    """Periodic: build the platform feed when the catalog changed since the last one, so that a fetch by
    a shopping engine finds a recent file and never waits for a build."""
    current = feeds.feed_file(feeds.PLATFORM, "tsv")
    if (current is None or current.version != catalog_version()) and cache.add(
        build_lock(feeds.PLATFORM), 1, timeout=feeds.BUILD_LOCK_SECONDS
    ):
        build_feed.call()
