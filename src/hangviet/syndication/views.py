"""Public syndication pages: the Merchant feeds (served from their built files)."""

import time

from django.conf import settings
from django.core.cache import cache
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseNotModified
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from hangviet.catalog.versions import catalog_version
from hangviet.sellers.models import Seller
from hangviet.syndication import feeds, tasks

# While no file of a scope exists yet and another request is building it.
BUILDING_RETRY_AFTER = 30


@require_safe
def platform_feed(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """/feeds/google-merchant.tsv and .xml: every public product of the platform."""
    return _serve(request, None, fmt)


@require_safe
def shop_feed(request: HttpRequest, shop: str, fmt: str) -> HttpResponseBase:
    """/feeds/<shop>/google-merchant.tsv and .xml: a verified shop's public products."""
    seller = get_object_or_404(Seller, slug=shop, status=Seller.Status.VERIFIED)
    return _serve(request, seller, fmt)


def _serve(request: HttpRequest, seller: Seller | None, fmt: str) -> HttpResponseBase:
    """The newest built file. When the catalog changed since it was built (and it is older than
    HANGVIET_FEED_REFRESH_SECONDS) a build is enqueued and this file is served meanwhile; only a scope's
    very first file is built in the request, once (others answer 503 until it is there)."""
    scope = feeds.scope_of(seller)
    current = feeds.feed_file(scope, fmt)
    stale = current is None or current.version != catalog_version()
    due = current is None or time.time() - current.modified >= settings.HANGVIET_FEED_REFRESH_SECONDS
    if stale and due and cache.add(tasks.build_lock(scope), 1, timeout=feeds.BUILD_LOCK_SECONDS):
        if current is None:
            try:
                feeds.build_feed(seller)
            finally:
                cache.delete(tasks.build_lock(scope))
            current = feeds.feed_file(scope, fmt)
        else:
            tasks.build_feed.enqueue(None if seller is None else seller.pk)
    if current is None:
        unavailable = HttpResponse(status=503)
        unavailable["Retry-After"] = str(BUILDING_RETRY_AFTER)
        return unavailable
    etag = f'"{current.version}-{fmt}"'
    if etag in request.headers.get("If-None-Match", ""):
        return HttpResponseNotModified(headers={"ETag": etag})
    path, encoding = current.path, None
    gzipped = feeds.feed_file(scope, fmt, gzipped=True)
    if (
        "gzip" in request.headers.get("Accept-Encoding", "")
        and gzipped
        and gzipped.version == current.version
    ):
        path, encoding = gzipped.path, "gzip"
    try:
        handle = open(path, "rb")  # noqa: SIM115 (FileResponse closes it)
    except FileNotFoundError:  # replaced by a newer build between the look-up and here
        return _serve(request, seller, fmt)
    response = FileResponse(handle, content_type=feeds.FORMATS[fmt], filename=f"google-merchant.{fmt}")
    response["ETag"] = etag
    response["Last-Modified"] = http_date(current.modified)
    response["Vary"] = "Accept-Encoding"
    if encoding:
        response["Content-Encoding"] = encoding
    return response
