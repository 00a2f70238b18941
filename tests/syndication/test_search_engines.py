"""sitemap.xml (validated against the sitemaps.org schemas kept in tests/syndication/xsd/) and robots.txt."""

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from lxml import etree

from hangviet.catalog.models import Product
from hangviet.sellers.models import Seller

pytestmark = pytest.mark.django_db
XSD = Path(__file__).parent / "xsd"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def valid(content: bytes, schema: str) -> etree._Element:
    root = etree.fromstring(content)
    validator = etree.XMLSchema(etree.parse(str(XSD / schema)))
    assert validator.validate(root), validator.error_log
    return root


def test_the_sitemap_index_and_every_section_validate_against_the_schema(client, f):
    seller = f.seller(slug="htx-dua")
    product = f.product(seller, slug="mat-hoa-dua")
    f.product(seller, slug="nhap", status=Product.Status.DRAFT)
    f.seller(slug="chua-xac-minh", status=Seller.Status.PENDING)

    index = valid(client.get("/sitemap.xml").content, "siteindex.xsd")
    sections = [loc.text for loc in index.findall("s:sitemap/s:loc", NS)]
    # No certificate and no fair here: an empty sitemap would break the schema, so it is not listed.
    assert [urlsplit(u).path for u in sections] == ["/sitemap-products.xml", "/sitemap-shops.xml"]
    assert all(u.startswith("https://hangviet.example.vn/") for u in sections)
    locs = {}
    for url in sections:
        root = valid(client.get(urlsplit(url).path).content, "sitemap.xsd")
        locs[urlsplit(url).path] = [loc.text for loc in root.findall("s:url/s:loc", NS)]

    assert locs["/sitemap-products.xml"] == ["https://hangviet.example.vn/p/mat-hoa-dua/"]
    assert locs["/sitemap-shops.xml"] == ["https://hangviet.example.vn/shops/htx-dua/"]
    assert product.slug == "mat-hoa-dua"


def test_product_lastmod_is_the_products_own_modification_time(client, f):
    product = f.product(slug="gao-st25")
    Product.objects.filter(pk=product.pk).update(updated_at="2024-03-05T08:30:00Z")

    root = valid(client.get("/sitemap-products.xml").content, "sitemap.xsd")

    assert root.findtext("s:url/s:lastmod", namespaces=NS) == "2024-03-05"
    index = valid(client.get("/sitemap.xml").content, "siteindex.xsd")
    assert index.findtext("s:sitemap/s:lastmod", namespaces=NS) == "2024-03-05T15:30:00+07:00"


def test_robots_keeps_crawlers_out_of_private_areas_and_names_the_sitemap(client):
    response = client.get("/robots.txt")
    lines = response.content.decode().splitlines()

    assert response["Content-Type"].startswith("text/plain")
    assert lines[0] == "User-agent: *"
    for private in (
        "/admin/",
        "/accounts/",
        "/seller/",
        "/officer/",
        "/api/",
        "/cart/",
        "/checkout/",
        "/orders/",
    ):
        assert f"Disallow: {private}" in lines
    assert "Disallow: /p/" not in lines and "Disallow: /" not in lines
    assert lines[-1] == "Sitemap: https://hangviet.example.vn/sitemap.xml"
