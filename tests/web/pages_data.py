"""Realistic data for page tests: a catalog of OCOP products with images and certificates."""

import datetime
import gzip
import io
import re
from html.parser import HTMLParser

from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from hangviet.catalog.models import Category, Product, ProductImage
from hangviet.ocop.models import Certificate
from hangviet.sellers.models import Seller
from tests import factories as f

BUDGET_BYTES = 60 * 1024

DESCRIPTION = (
    "<p>Nước mắm truyền thống ủ chượp 12 tháng trong thùng gỗ, <strong>độ đạm 40°N</strong>, "
    "không chất bảo quản.</p><ul><li>Cá cơm than</li><li>Muối hạt</li></ul>"
)


def jpeg(width: int = 64, height: int = 48) -> ContentFile:
    buf = io.BytesIO()
    Image.new("RGB", (width, height), (200, 120, 40)).save(buf, "JPEG")
    return ContentFile(buf.getvalue(), name="anh.jpg")


def add_image(product: Product, position: int = 0, thumbnail: bool = True) -> ProductImage:
    img = ProductImage(product=product, position=position, alt=f"{product.name} ảnh {position + 1}")
    img.image.save("anh.jpg", jpeg(), save=False)
    if thumbnail:
        img.thumbnail.save("thumb.jpg", jpeg(16, 12), save=False)
        img.thumb_width, img.thumb_height = 16, 12
    img.save()
    return img


def certify(product: Product, stars: int = 4, days_left: int = 400, number: str | None = None) -> Certificate:
    today = timezone.localdate()
    cert = Certificate.objects.create(
        number=number or f"OCOP-{product.pk}-{stars}",
        product=product,
        stars=stars,
        score=70 + stars * 5,
        issued_on=today - datetime.timedelta(days=300),
        expires_on=today + datetime.timedelta(days=days_left),
    )
    Product.objects.filter(pk=product.pk).update(ocop_stars=stars if days_left >= 0 else 0)
    return cert


def ocop_groups() -> list[Category]:
    """The six OCOP root groups as the seed migration creates them (created here if a test flushed them)."""
    roots = list(Category.objects.filter(parent__isnull=True))
    return roots or [f.category(code=c, name=n) for c, n in (("I", "Thực phẩm"), ("II", "Đồ uống"))]


def catalog(count: int = 24, sellers: int = 4) -> list[Product]:
    """`count` public products over `sellers` verified shops: images, prices, OCOP stars, some sold out."""
    com = f.commune()
    shops = [
        f.seller(trading_name=f"HTX Nông sản {i}", kind=Seller.Kind.COOPERATIVE, commune=com)
        for i in range(sellers)
    ]
    groups = ocop_groups()
    products = []
    for i in range(count):
        p = f.product(
            shops[i % sellers],
            name=f"Nước mắm cá cơm Phú Quốc loại đặc biệt {i}",
            category=groups[i % len(groups)],
            price_vnd=45000 + i * 5000,
            stock=0 if i % 7 == 6 else 20 + i,
            description=DESCRIPTION,
            net_quantity="500 ml",
            origin_commune=com,
        )
        add_image(p, 0)
        if i % 3 == 0:
            add_image(p, 1)
        if i % 2 == 0:
            certify(p, stars=3 + i % 3)
        products.append(p)
    return products


class Assets(HTMLParser):
    """Collects <img> attributes and the URLs of linked stylesheets and scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.images: list[dict[str, str | None]] = []
        self.assets: list[str] = []
        self.urls: list[str] = []
        self.jsonld: list[str] = []
        self._in_jsonld = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "link" and a.get("rel") in ("canonical", "alternate"):
            return  # the page's own absolute addresses for search engines, never fetched by the browser
        for key in ("src", "href", "action"):
            if a.get(key):
                self.urls.append(a[key] or "")
        if tag == "img":
            self.images.append(a)
        elif tag == "link" and a.get("rel") == "stylesheet":
            self.assets.append(a["href"] or "")
        elif tag == "script" and a.get("src"):
            self.assets.append(a["src"] or "")
        self._in_jsonld = tag == "script" and a.get("type") == "application/ld+json"

    def handle_endtag(self, tag: str) -> None:
        self._in_jsonld = False

    def handle_data(self, data: str) -> None:
        if self._in_jsonld:
            self.jsonld.append(data)


def parse(html: str) -> Assets:
    parser = Assets()
    parser.feed(html)
    return parser


def static_bytes(url: str) -> bytes:
    path = finders.find(re.sub(r"^/static/", "", url))
    assert path, f"asset {url} not found"
    with open(path, "rb") as fh:
        return fh.read()


def transferred_size(html: bytes, assets: list[str]) -> int:
    """Bytes on the wire, gzip-compressed: the HTML plus each stylesheet and script it links."""
    total = len(gzip.compress(html))
    for url in assets:
        total += len(gzip.compress(static_bytes(url)))
    return total
