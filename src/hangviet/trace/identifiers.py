"""The identifiers HàngViệt writes into QR codes and EPCIS events for its lots and serial items."""

from django.conf import settings

from hangviet.trace import digital_link as dl
from hangviet.trace.models import Lot, SerialItem


def base_url() -> str:
    return str(settings.HANGVIET_BASE_URL).rstrip("/")


def has_gtin(lot: Lot) -> bool:
    return bool(lot.product.gtin) and dl.is_valid_gtin(lot.product.gtin)


def lot_uri(lot: Lot, *, with_dates: bool = False) -> str:
    """The lot's URI: a GS1 Digital Link when the product has a real GTIN, else the platform's own."""
    if has_gtin(lot):
        dates = {}
        if with_dates and lot.expires_on:
            dates["17"] = lot.expires_on
        elif with_dates and lot.best_before_on:
            dates["15"] = lot.best_before_on
        return dl.build(lot.product.gtin, lot=lot.code, dates=dates, base=base_url())
    return dl.platform_uri(base_url(), lot.product.slug, lot.code)


def serial_uri(item: SerialItem) -> str:
    lot = item.lot
    if has_gtin(lot):
        return dl.build(lot.product.gtin, lot=lot.code, serial=item.serial, base=base_url())
    return dl.platform_uri(base_url(), lot.product.slug, lot.code, item.serial)


def scan_path(lot: Lot, serial: str = "") -> str:
    """The public scan page (the default link) of a lot, relative to the site."""
    return dl.platform_uri("", lot.product.slug, lot.code, serial)
