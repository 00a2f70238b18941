from django.urls import path, re_path

from hangviet.syndication import views

app_name = "syndication"

urlpatterns = [
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
