from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from hangviet.config.api import api
from hangviet.core.views import public_media

admin.site.site_header = "HàngViệt – Quản trị"
admin.site.site_title = "HàngViệt"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("hangviet.accounts.urls")),
    path("seller/<slug:shop>/import/", include("hangviet.catalog.import_urls")),
    path("seller/<slug:shop>/products/", include("hangviet.catalog.seller_urls")),
    path("", include("hangviet.sellers.urls")),
    path("", include("hangviet.catalog.urls")),
    path("", include("hangviet.ocop.urls")),
    path("", include("hangviet.orders.urls")),
    path("", include("hangviet.trace.urls")),
    path("", include("hangviet.promotion.urls")),
    path("", include("hangviet.syndication.urls")),
    path("", include("hangviet.network.urls")),
    path("", include("hangviet.reports.urls")),
    path("", include("hangviet.core.urls")),
    path("", include("hangviet.web.urls")),
    # Public uploads only (HANGVIET_PUBLIC_MEDIA_PREFIXES; a reverse proxy may serve the same prefixes).
    # Private files have no URL here: each room serves them from its own view, after its own check.
    path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", public_media),
]
