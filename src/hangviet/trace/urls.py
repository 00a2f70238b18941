from django.urls import path, re_path

from hangviet.trace import gs1_ai, resolver, views

app_name = "trace"

urlpatterns = [
    # GS1 Digital Link resolver: everything under a primary key (/01/, /00/, /414/…, from GS1's syntax
    # dictionary) is parsed by the resolver itself, from the raw path where the server gives it.
    re_path(
        r"^(?P<key>{})/(?P<rest>.*)$".format("|".join(sorted(gs1_ai.PRIMARY_KEYS, key=len, reverse=True))),
        resolver.resolve,
        name="resolve",
    ),
    path(".well-known/gs1resolver", resolver.well_known, name="well_known"),
    # The public scan page (also the platform's own lot URI for products without a GTIN).
    path("scan/p/<slug:product>/", views.scan, name="scan_product"),
    path("scan/p/<slug:product>/<path:lot>", views.scan, name="scan"),
    path("scan/certificate/<int:pk>/", views.certificate, name="certificate"),
    path("officer/counterfeit/", views.officer_flags, name="officer_flags"),
    path("chains/", views.chain_list, name="chains"),
    path("chains/<slug:slug>/", views.chain_detail, name="chain"),
    # Producer pages.
    path("lots/<slug:shop>/", views.lot_list, name="lots"),
    path("lots/<slug:shop>/<int:pk>/", views.lot_detail, name="lot"),
    path("lots/<slug:shop>/<int:pk>/labels/", views.label_sheet, name="labels"),
    path("lots/<slug:shop>/<int:pk>/qr.<str:kind>", views.qr_code, name="qr"),
    path("lots/<slug:shop>/<int:pk>/epcis.jsonld", views.lot_export, name="export"),
    path("lots/<slug:shop>/<int:pk>/flags/<int:flag_id>/resolve/", views.resolve_flag, name="resolve_flag"),
]
