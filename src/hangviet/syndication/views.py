"""Syndication pages: the Merchant feeds (served from their built files), marketplace exports."""

import time
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.sitemaps.views import SitemapIndexItem
from django.core.cache import cache
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from hangviet.catalog.versions import catalog_version
from hangviet.core.errors import ValidationFailed
from hangviet.core.forms import show_service_errors
from hangviet.sellers.models import Seller
from hangviet.sellers.permissions import member_shop, officer_required
from hangviet.sellers.queries import own_sellers
from hangviet.syndication import feeds, queries, services, tasks
from hangviet.syndication.exports import (
    MAX_EXPORT_PRODUCTS,
    Export,
    build_export,
    export_file,
    export_products,
)
from hangviet.syndication.forms import GuidedListingForm, ListingForm, ListingImportForm, OfficerExportForm
from hangviet.syndication.marketplaces import Marketplace, export_targets
from hangviet.syndication.sitemaps import SITEMAPS

# Tens of megabytes for 100k products: sent in large blocks (FileResponse's default is 4 KiB; measured in
# bench/feeds.py, docs/performance.md).
SEND_BLOCK_BYTES = 1 << 20
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
    response.block_size = SEND_BLOCK_BYTES
    response["ETag"] = etag
    response["Last-Modified"] = http_date(current.modified)
    response["Vary"] = "Accept-Encoding"
    if encoding:
        response["Content-Encoding"] = encoding
    return response


# ---------------------------------------------------------------------------------------------------
# Marketplace exports
# ---------------------------------------------------------------------------------------------------


def _target(code: str) -> Marketplace:
    target = export_targets().get(code)
    if target is None:
        raise Http404
    return target


def _download(export: Export, fmt: str) -> HttpResponse:
    content, content_type, name = export_file(export, fmt)
    return HttpResponse(
        content, content_type=content_type, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


@login_required
@require_safe
def seller_marketplaces(request: HttpRequest, shop: str) -> HttpResponse:
    """A shop's page for other marketplaces: check and download each upload spreadsheet; record where
    its products are listed."""
    seller = member_shop(request.user, shop)
    check = request.GET.get("check", "")
    export = build_export(_target(check), export_products([seller])) if check else None
    return _marketplaces_page(request, seller, export=export)


@login_required
@require_safe
def seller_export(request: HttpRequest, shop: str, code: str, fmt: str) -> HttpResponse:
    """The shop's active products in the marketplace's spreadsheet (refused ones on their own sheet)."""
    seller = member_shop(request.user, shop)
    target = _target(code)
    assert target.export is not None
    if fmt not in target.export.formats:
        raise Http404
    return _download(build_export(target, export_products([seller])), fmt)


@officer_required
@require_safe
def officer_export(request: HttpRequest) -> HttpResponse:
    """An officer exports many sellers' products for one marketplace (all verified sellers by default)."""
    form = OfficerExportForm(request.GET or None)
    export = None
    if form.is_valid():
        sellers = form.cleaned_data["sellers"] or own_sellers().filter(status=Seller.Status.VERIFIED)
        export = build_export(_target(form.cleaned_data["marketplace"]), export_products(sellers))
        if request.GET.get("download"):
            return _download(export, form.cleaned_data["format"])
    context = {"form": form, "export": export, "max_products": MAX_EXPORT_PRODUCTS}
    return render(request, "syndication/officer_export.html", context)


# ---------------------------------------------------------------------------------------------------
# External listings
# ---------------------------------------------------------------------------------------------------


def _marketplaces_page(
    request: HttpRequest, seller: Seller, export: Export | None = None, **forms: Any
) -> HttpResponse:
    context = {
        "seller": seller,
        "targets": export_targets(),
        "export": export,
        "listings": queries.listings_of(seller),
        "listing_form": forms.get("listing_form") or ListingForm(seller=seller),
        "import_form": forms.get("import_form") or ListingImportForm(),
    }
    status = 422 if any(f.errors for f in forms.values()) else 200
    return render(request, "syndication/seller_marketplaces.html", context, status=status)


@login_required
@require_POST
def listing_record(request: HttpRequest, shop: str) -> HttpResponse:
    """A seller records (or updates) a listing on a marketplace."""
    seller = member_shop(request.user, shop)
    form = ListingForm(request.POST, seller=seller)
    if form.is_valid():
        try:
            services.record_listing(actor=request.user, seller=seller, **form.cleaned_data)
        except ValidationFailed as exc:
            show_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu liên kết trên sàn."))
            return redirect("syndication:seller_marketplaces", shop=seller.slug)
    return _marketplaces_page(request, seller, listing_form=form)


@login_required
@require_POST
def listing_import(request: HttpRequest, shop: str) -> HttpResponse:
    """A seller's listings from a CSV/XLSX file, all or nothing."""
    seller = member_shop(request.user, shop)
    form = ListingImportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            count = services.import_listings(
                actor=request.user, seller=seller, file=form.cleaned_data["file"]
            )
        except ValidationFailed as exc:
            form.add_error("file", [e["message"] for e in exc.errors])
        else:
            messages.success(request, _("Đã nhập %(n)s liên kết.") % {"n": count})
            return redirect("syndication:seller_marketplaces", shop=seller.slug)
    return _marketplaces_page(request, seller, import_form=form)


@officer_required
def officer_guided(request: HttpRequest) -> HttpResponse:
    """An officer records the units the department guided onto a national marketplace."""
    form = GuidedListingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_guided_listing(actor=request.user, **form.cleaned_data)
        except ValidationFailed as exc:
            show_service_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận đơn vị lên sàn."))
            return redirect("syndication:officer_guided")
    context = {"form": form, "guided": queries.guided_listings()[:200]}
    return render(request, "syndication/officer_guided.html", context, status=422 if form.errors else 200)


# ---------------------------------------------------------------------------------------------------
# Search engines
# ---------------------------------------------------------------------------------------------------

# Areas of signed-in people, forms and machine endpoints: never crawled.
ROBOTS_DISALLOW = (
    "/admin/",
    "/accounts/",
    "/seller/",
    "/officer/",
    "/api/",
    "/cart/",
    "/checkout/",
    "/orders/",
    "/lots/",
    "/i18n/",
    "/ocop/dossiers/",
    "/ocop/rounds/",
    "/search/",
)


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    base = str(settings.HANGVIET_BASE_URL).rstrip("/")
    lines = [
        "User-agent: *",
        *(f"Disallow: {path}" for path in ROBOTS_DISALLOW),
        "",
        f"Sitemap: {base}/sitemap.xml",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def sitemap_index(request: HttpRequest) -> HttpResponse:
    """The index of every sitemap page, on HANGVIET_BASE_URL (Django's index view would use the request's
    host); each entry's lastmod is its section's latest."""
    base = str(settings.HANGVIET_BASE_URL).rstrip("/")
    entries = []
    for section, kind in SITEMAPS.items():
        sitemap = kind()
        if not sitemap.paginator.count:
            continue  # the schema wants at least one <url> in a sitemap: an empty section is not listed
        url = base + reverse("syndication:sitemap", kwargs={"section": section})
        lastmod: Any = sitemap.get_latest_lastmod()
        pages = [url, *(f"{url}?p={page}" for page in range(2, sitemap.paginator.num_pages + 1))]
        entries += [SitemapIndexItem(page, lastmod) for page in pages]
    context = {"sitemaps": entries}
    return TemplateResponse(request, "sitemap_index.xml", context, content_type="application/xml")
