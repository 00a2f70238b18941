"""Google Merchant Center feeds (docs/domain feeds.md): the platform's and each shop's, as TSV and RSS 2.0.

A feed is never rendered per request: `build_feed` writes both formats (and their gzip copies) in one
pass over the catalog into files named by the catalog version they were built from (catalog.versions),
each moved into place whole; `feed_file` finds the newest. The view serves that file and asks for a new
one (a task) when the catalog has changed since; see docs/syndication.md.

What goes in: public products (active, of a verified seller) that have a picture (Google refuses an
item without `image_link`); stock decides the availability; a GTIN only when it is a real one
(`is_real_gtin`), else `identifier_exists=no`.
"""

import gzip
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from xml.sax.saxutils import escape

from django.conf import settings
from django.core.files.storage import default_storage
from django.db.models import OuterRef, QuerySet, Subquery
from django.urls import reverse
from stdnum import ean

from hangviet.catalog.models import Product, ProductImage
from hangviet.catalog.queries import own_public_products
from hangviet.catalog.versions import catalog_version
from hangviet.catalog.views import plain_text
from hangviet.sellers.models import Seller

G_NAMESPACE = "http://base.google.com/ns/1.0"
FORMATS = {"tsv": "text/tab-separated-values; charset=utf-8", "xml": "application/rss+xml; charset=utf-8"}
# Google's limits, in characters (feeds.md).
ID_MAX = 50
TITLE_MAX = 150
DESCRIPTION_MAX = 5000
# The columns of the TSV, in order; the XML carries the same attributes (title, link, description as
# RSS elements, the others in the g: namespace).
COLUMNS = (
    "id",
    "title",
    "description",
    "link",
    "image_link",
    "availability",
    "price",
    "brand",
    "condition",
    "gtin",
    "identifier_exists",
    "product_type",
)
RSS_ELEMENTS = frozenset({"title", "link", "description"})
PLATFORM = "all"
# A build holds its scope's lock at most this long (a worker that died releases it by expiry).
BUILD_LOCK_SECONDS = 1800

# Tabs, line breaks and every other control character (XML 1.0 refuses most of them) become one space.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
_SPACES = re.compile(r" {2,}")


def feed_value(text: str, limit: int | None = None) -> str:
    """A value as a feed carries it: one line, no tab or control character, at most `limit` characters."""
    value = _SPACES.sub(" ", _CONTROL.sub(" ", text)).strip()
    if limit is not None and len(value) > limit:
        value = value[: limit - 1].rstrip() + "…"
    return value


def is_real_gtin(gtin: str) -> bool:
    """A GTIN a shopping engine may be given: a valid check digit and a number GS1 issues for trade items.

    Not real (never sent, so never "invented" for Google): empty, a bad check digit, all zeros, GS1's
    restricted-circulation prefixes (02x, 04x, 200–299: in-store numbers), coupons (981–984, 99x) and
    952, which GS1 reserves for demonstrations and examples (the demo's numbers).
    """
    if not gtin.isdigit() or len(gtin) > 14 or len(gtin.lstrip("0")) < 7 or not ean.is_valid(gtin):
        return False
    full = gtin.zfill(14)
    if full.startswith("000000"):  # a GTIN-8: 0… and 2… are restricted circulation (RCN-8)
        return full[6] not in "02"
    prefix = full[1:4]  # after the indicator digit (0 for a GTIN-12/13)
    restricted = prefix[:2] in {"02", "04"} or prefix[0] == "2"
    coupon = prefix in {"981", "982", "983", "984"} or prefix[:2] == "99"
    return not (restricted or coupon or prefix == "952")


@dataclass(frozen=True)
class FeedItem:
    id: str
    title: str
    description: str
    link: str
    image_link: str
    availability: str
    price: str
    brand: str
    condition: str
    gtin: str
    identifier_exists: str
    product_type: str

    def values(self) -> tuple[str, ...]:
        return tuple(getattr(self, column) for column in COLUMNS)


def base_url() -> str:
    return str(settings.HANGVIET_BASE_URL).rstrip("/")


def absolute(url: str) -> str:
    """A site path as an absolute URL (a storage may already answer absolute ones)."""
    return url if url.startswith(("http://", "https://")) else base_url() + url


def feed_products(seller: Seller | None = None) -> QuerySet[Product]:
    """The products a feed lists: this province's own public ones (a mirrored product is in its home
    province's feed), with at least one picture (its first in `first_image`)."""
    first_image = ProductImage.objects.filter(product=OuterRef("pk")).order_by("position", "pk")
    products = own_public_products().annotate(first_image=Subquery(first_image.values("image")[:1]))
    if seller is not None:
        products = products.filter(seller=seller)
    return products.filter(first_image__isnull=False).order_by("pk")


def feed_items(products: QuerySet[Product], *, id_field: str = "pk") -> Iterator[FeedItem]:
    """The feed's items, read in chunks (`id_field`: "sku" in a shop's feed, where SKUs are unique; the
    platform's uses "HV" + the product number, SKUs being unique only within a shop)."""
    # first_image is annotated by feed_products (the stubs cannot see it).
    rows = products.values_list(  # type: ignore[misc]
        "pk",
        "sku",
        "slug",
        "name",
        "description",
        "price_vnd",
        "stock",
        "gtin",
        "seller__trading_name",
        "category__name",
        "first_image",
    )
    for pk, sku, slug, name, description, price, stock, gtin, brand, category, image in rows.iterator(
        chunk_size=2000
    ):
        title = feed_value(name, TITLE_MAX)
        real_gtin = is_real_gtin(gtin)
        yield FeedItem(
            id=feed_value(sku if id_field == "sku" else f"HV{pk}", ID_MAX),
            title=title,
            description=feed_value(plain_text(description), DESCRIPTION_MAX) or title,
            link=absolute(reverse("catalog:product", args=[slug])),
            image_link=absolute(default_storage.url(image)),
            availability="in_stock" if stock > 0 else "out_of_stock",
            price=f"{price} VND",
            brand=feed_value(brand, 70),
            condition="new",
            gtin=gtin.lstrip("0").zfill(13) if real_gtin else "",
            identifier_exists="" if real_gtin else "no",
            product_type=feed_value(category, 750),
        )


def write_tsv(items: Iterator[FeedItem] | list[FeedItem], out: IO[str]) -> None:
    out.write("\t".join(COLUMNS) + "\n")
    for item in items:
        out.write("\t".join(item.values()) + "\n")


def xml_head(title: str, link: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<rss version="2.0" xmlns:g="{G_NAMESPACE}">\n<channel>\n'
        f"<title>{escape(feed_value(title))}</title>\n<link>{escape(link)}</link>\n"
        f"<description>{escape(feed_value(title))}</description>\n"
    )


def xml_item(item: FeedItem) -> str:
    parts = ["<item>"]
    for column, value in zip(COLUMNS, item.values(), strict=True):
        if value:
            tag = column if column in RSS_ELEMENTS else "g:" + column
            parts.append(f"<{tag}>{escape(value)}</{tag}>")
    parts.append("</item>\n")
    return "".join(parts)


XML_TAIL = "</channel>\n</rss>\n"


# ---------------------------------------------------------------------------------------------------
# The cached files
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedFile:
    path: Path
    version: int
    modified: float


def feeds_dir() -> Path:
    return Path(settings.HANGVIET_FEEDS_DIR)


def scope_of(seller: Seller | None) -> str:
    return PLATFORM if seller is None else f"shop-{seller.pk}"


def feed_file(scope: str, fmt: str, *, gzipped: bool = False) -> FeedFile | None:
    """The newest built file of a scope ("all" or "shop-<id>") and format, if any."""
    newest: FeedFile | None = None
    suffix = f".{fmt}.gz" if gzipped else f".{fmt}"
    try:
        entries = list(os.scandir(feeds_dir() / scope))
    except FileNotFoundError:
        return None
    for entry in entries:
        stem = entry.name.removesuffix(suffix)
        if stem == entry.name or not stem.isdigit():
            continue
        if newest is None or int(stem) > newest.version:
            newest = FeedFile(Path(entry.path), int(stem), entry.stat().st_mtime)
    return newest


def build_feed(seller: Seller | None = None) -> int:
    """Write the scope's TSV and XML (and their .gz) for the current catalog; returns the version built.

    The version is read before the catalog is: a write made during the build changes it, so that
    build is already stale and the next request asks for another one.
    """
    version = catalog_version()
    scope = scope_of(seller)
    directory = feeds_dir() / scope
    directory.mkdir(parents=True, exist_ok=True)
    if seller is None:
        title, link, id_field = "HàngViệt", base_url() + "/", "pk"
    else:
        title = f"{seller.trading_name} · HàngViệt"
        link, id_field = absolute(reverse("catalog:shop", args=[seller.slug])), "sku"
    temps: list[str] = []
    try:
        with (
            tempfile.NamedTemporaryFile(
                "w", encoding="utf-8", dir=directory, suffix=".part", delete=False
            ) as tsv,
            tempfile.NamedTemporaryFile(
                "w", encoding="utf-8", dir=directory, suffix=".part", delete=False
            ) as xml,
        ):
            temps += [tsv.name, xml.name]
            tsv.write("\t".join(COLUMNS) + "\n")
            xml.write(xml_head(title, link))
            for item in feed_items(feed_products(seller), id_field=id_field):
                tsv.write("\t".join(item.values()) + "\n")
                xml.write(xml_item(item))
            xml.write(XML_TAIL)
        for fmt, name in (("tsv", tsv.name), ("xml", xml.name)):
            with open(name, "rb") as src, gzip.open(name + ".gz", "wb", compresslevel=6) as dst:
                temps.append(name + ".gz")
                shutil.copyfileobj(src, dst, 1 << 20)
            os.replace(name + ".gz", directory / f"{version}.{fmt}.gz")
            os.replace(name, directory / f"{version}.{fmt}")  # plain last: its presence means both are there
    finally:
        for name in temps:
            Path(name).unlink(missing_ok=True)
    _remove_older(directory, version)
    return version


def _remove_older(directory: Path, version: int) -> None:
    """Files of older versions go (a reader that has one open keeps reading it)."""
    for entry in os.scandir(directory):
        stem = entry.name.split(".", 1)[0]
        if stem.isdigit() and int(stem) < version:
            Path(entry.path).unlink(missing_ok=True)
