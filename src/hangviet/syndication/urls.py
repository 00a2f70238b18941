from django.contrib.sitemaps import views as sitemap_views
from django.urls import path, re_path
from django.views.decorators.cache import cache_page

from hangviet.syndication import views
from hangviet.syndication.sitemaps import SITEMAPS

# A sitemap page reads up to 5,000 rows: kept for an hour (search engines fetch it a few times a day).
SITEMAP_CACHE_SECONDS = 3600

app_name = "syndication"

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots"),
    path(
        "sitemap.xml",
        cache_page(SITEMAP_CACHE_SECONDS)(views.sitemap_index),
        name="sitemap_index",
    ),
    path(
        "sitemap-<section>.xml",
        cache_page(SITEMAP_CACHE_SECONDS)(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
    re_path(r"^feeds/google-merchant\.(?P<fmt>tsv|xml)$", views.platform_feed, name="platform_feed"),
    re_path(
        r"^feeds/(?P<shop>[-a-zA-Z0-9_]+)/google-merchant\.(?P<fmt>tsv|xml)$",
        views.shop_feed,
        name="shop_feed",
    ),
    path("seller/<slug:shop>/marketplaces/", views.seller_marketplaces, name="seller_marketplaces"),
    re_path(
        r"^seller/(?P<shop>[-a-zA-Z0-9_]+)/marketplaces/(?P<code>[-a-z0-9]+)\.(?P<fmt>xlsx|csv)$",
        views.seller_export,
        name="seller_export",
    ),
    path("seller/<slug:shop>/marketplaces/listings/", views.listing_record, name="listing_record"),
    path("seller/<slug:shop>/marketplaces/listings/import/", views.listing_import, name="listing_import"),
    path("officer/marketplaces/export/", views.officer_export, name="officer_export"),
    path("officer/marketplaces/guided/", views.officer_guided, name="officer_guided"),
]
