"""Open Graph and Twitter card tags, canonical and hreflang links, and the share box, on each page kind."""

import datetime
import re

import pytest
from django.utils import timezone

from hangviet.catalog.models import ProductImage
from hangviet.promotion.models import Fair, NewsPost
from tests.web.pages_data import certify

pytestmark = pytest.mark.django_db
BASE = "https://hangviet.example.vn"


def meta(html: str) -> dict[str, str]:
    """Every <meta property|name=… content=…> of the page."""
    return dict(re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)">', html))


def links(html: str, rel: str) -> list[tuple[str, str]]:
    return re.findall(rf'<link rel="{rel}"(?: hreflang="([^"]+)")? href="([^"]+)">', html)


def test_a_product_page_has_its_card_with_absolute_image_and_price(client, f):
    product = f.product(
        name="Mật hoa dừa", slug="mat-hoa-dua", price_vnd=150000, description="<p>Ngọt thanh.</p>"
    )
    ProductImage.objects.create(product=product, image="products/mhd.jpg", width=1200, height=630)

    html = client.get("/p/mat-hoa-dua/").content.decode()
    tags = meta(html)

    assert tags["og:type"] == "product"
    assert tags["og:title"] == "Mật hoa dừa"
    assert tags["og:description"] == "Ngọt thanh."
    assert tags["og:url"] == f"{BASE}/p/mat-hoa-dua/"
    assert tags["og:image"] == "http://testserver/media/products/mhd.jpg"  # as the page's own JSON-LD says
    assert tags["product:price:amount"] == "150000" and tags["product:price:currency"] == "VND"
    assert tags["twitter:card"] == "summary_large_image"
    assert links(html, "canonical") == [("", f"{BASE}/p/mat-hoa-dua/")]
    page = f"{BASE}/p/mat-hoa-dua/"
    assert links(html, "alternate") == [("vi", page), ("en", page + "?hl=en"), ("x-default", page)]
    assert (
        f'<input id="share-url" type="url" value="{BASE}/p/mat-hoa-dua/" readonly' in html
    )  # works without JS


def test_the_english_url_of_hreflang_shows_the_page_in_english(client, f):
    f.product(slug="gao")

    html = client.get("/p/gao/?hl=en").content.decode()

    assert '<html lang="en">' in html
    assert client.cookies.get("django_language") is None  # the visitor's own choice is untouched


def test_a_shop_page_has_its_card(client, f):
    seller = f.seller(trading_name="HTX Dừa Sáp", slug="htx-dua-sap", description="Dừa sáp Cầu Kè.")

    tags = meta(client.get(f"/shops/{seller.slug}/").content.decode())

    assert (tags["og:type"], tags["og:title"], tags["og:description"]) == (
        "profile",
        "HTX Dừa Sáp",
        "Dừa sáp Cầu Kè.",
    )
    assert tags["og:url"] == f"{BASE}/shops/htx-dua-sap/"
    assert tags["twitter:card"] == "summary"


def test_a_news_page_has_its_card_with_its_picture(client, f):
    NewsPost.objects.create(
        title="Hội chợ OCOP 2026", slug="hoi-cho-ocop-2026", summary="Khai mạc tại Trà Vinh.",
        body="<p>Khai mạc.</p>",
        image="promotion/news/2026/hoi-cho.jpg", published_at=timezone.now() - datetime.timedelta(hours=1),
    )  # fmt: skip

    tags = meta(client.get("/news/hoi-cho-ocop-2026/").content.decode())

    assert (tags["og:type"], tags["og:title"]) == ("article", "Hội chợ OCOP 2026")
    assert tags["og:description"] == "Khai mạc tại Trà Vinh."
    assert tags["og:image"] == f"{BASE}/media/promotion/news/2026/hoi-cho.jpg"


def test_an_event_page_has_its_card(client, f):
    commune = f.commune()
    Fair.objects.create(
        name="Phiên chợ hàng Việt về nông thôn", slug="phien-cho-cau-ke", organiser="Sở Công Thương",
        description="Hàng Việt chất lượng.", venue="Cầu Kè", province=commune.province, commune=commune,
        starts_on=datetime.date(2026, 6, 1), ends_on=datetime.date(2026, 6, 3),
        applications_open_on=datetime.date(2026, 4, 1), applications_close_on=datetime.date(2026, 5, 1),
    )  # fmt: skip

    tags = meta(client.get("/fairs/phien-cho-cau-ke/").content.decode())

    assert (tags["og:title"], tags["og:description"]) == (
        "Phiên chợ hàng Việt về nông thôn",
        "Hàng Việt chất lượng.",
    )
    assert tags["og:url"] == f"{BASE}/fairs/phien-cho-cau-ke/"


def test_a_page_without_a_main_object_has_no_card_but_a_canonical_url(client):
    html = client.get("/search/?q=gao&page=2").content.decode()

    assert "og:title" not in html and 'id="share-url"' not in html
    assert links(html, "canonical") == [("", f"{BASE}/search/?page=2")]


def test_a_certificate_page_has_its_card_and_is_in_the_sitemap(client, f):
    product = f.product(name="Khô cá lóc", description="<p>Phơi nắng.</p>")
    ProductImage.objects.create(product=product, image="products/kho-ca.jpg", width=1200, height=630)
    certify(product, stars=4, number="OCOP-86-2025-7")

    tags = meta(client.get("/ocop/certificates/OCOP-86-2025-7/").content.decode())
    sitemap = client.get("/sitemap-certificates.xml").content.decode()

    assert tags["og:title"] == "Khô cá lóc · OCOP 4★ · OCOP-86-2025-7"
    assert tags["og:description"] == "Phơi nắng."
    assert tags["og:image"] == f"{BASE}/media/products/kho-ca.jpg"
    assert f"<loc>{BASE}/ocop/certificates/OCOP-86-2025-7/</loc>" in sitemap
