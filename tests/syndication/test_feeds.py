"""The Google Merchant feeds, read through HTTP as Merchant Center fetches them."""

import gzip
import xml.etree.ElementTree as ET

import pytest

from hangviet.catalog.models import Product
from hangviet.sellers.models import Seller

pytestmark = pytest.mark.django_db

G = "{http://base.google.com/ns/1.0}"
REQUIRED = ("id", "title", "description", "link", "image_link", "availability", "price", "brand", "condition")
REAL_GTIN = "08936049501012"  # 893 (GS1 Vietnam), valid check digit
DEMO_GTIN = "09520001000019"  # 952: GS1's prefix for demonstrations and examples


def tsv_rows(client, url="/feeds/google-merchant.tsv"):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/tab-separated-values")
    lines = b"".join(response.streaming_content).decode("utf-8").split("\n")
    assert lines[-1] == ""
    header = lines[0].split("\t")
    return header, [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:-1]]


def xml_items(client, url="/feeds/google-merchant.xml"):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(b"".join(response.streaming_content))  # noqa: S314 (our own feed; raises unless well-formed)
    assert root.tag == "rss" and root.get("version") == "2.0"
    return root.findall("./channel/item")


def test_tsv_has_every_required_attribute_in_googles_formats(client, f, pictured):
    seller = f.seller(trading_name="HTX Dừa Sáp")
    pictured(seller, name="Mật hoa dừa", slug="mat-hoa-dua", price_vnd=150000, stock=5, gtin=REAL_GTIN)

    header, rows = tsv_rows(client)

    assert header[: len(REQUIRED)] == list(REQUIRED)
    [row] = rows
    assert row["title"] == "Mật hoa dừa"
    assert row["price"] == "150000 VND"
    assert row["availability"] == "in_stock"
    assert row["condition"] == "new"
    assert row["brand"] == "HTX Dừa Sáp"
    assert row["link"] == "https://hangviet.example.vn/p/mat-hoa-dua/"
    assert row["image_link"] == "https://hangviet.example.vn/media/products/mat-hoa-dua.jpg"
    assert row["gtin"] == "8936049501012"
    assert row["identifier_exists"] == ""
    assert row["description"] == "Mật hoa dừa"  # none written: the title stands in (it is required)


def test_values_carry_no_tab_or_newline_and_respect_the_limits(client, f, pictured):
    pictured(name="Gạo\tST25\nthơm", description="<p>Dòng 1</p>\n<p>Dòng\t2 " + "x" * 6000 + "</p>")

    _, [row] = tsv_rows(client)

    assert row["title"] == "Gạo ST25 thơm"
    assert "\t" not in row["description"] and "\n" not in row["description"]
    assert row["description"].startswith("Dòng 1 Dòng 2 x")
    assert len(row["description"]) == 5000
    [item] = xml_items(client)
    assert item.findtext("title") == "Gạo ST25 thơm"
    assert "\t" not in item.findtext("description")


def test_title_is_cut_at_150_characters(client, f, pictured):
    pictured(name=("Nước mắm " + "rất ngon " * 30)[:200])  # as long as a product name may be (200)

    _, [row] = tsv_rows(client)

    assert len(row["title"]) == 150
    assert row["title"].endswith("…")


@pytest.mark.parametrize("gtin", ["", DEMO_GTIN, "02000000000008", "08936049501013"])
def test_a_product_without_a_real_gtin_says_identifier_exists_no(client, f, pictured, gtin):
    pictured(gtin=gtin)

    _, [row] = tsv_rows(client)
    [item] = xml_items(client)

    assert row["gtin"] == ""
    assert row["identifier_exists"] == "no"
    assert item.find(G + "gtin") is None
    assert item.findtext(G + "identifier_exists") == "no"


def test_hidden_products_are_left_out_and_out_of_stock_ones_say_so(client, f, pictured):
    seller = f.seller()
    pictured(seller, sku="LIVE", stock=0)
    pictured(seller, sku="DRAFT", status=Product.Status.DRAFT)
    pictured(seller, sku="OLD", status=Product.Status.ARCHIVED)
    pictured(f.seller(status=Seller.Status.PENDING), sku="UNVERIFIED")
    f.product(seller, sku="NO-PICTURE")

    _, rows = tsv_rows(client, f"/feeds/{seller.slug}/google-merchant.tsv")

    assert [(r["id"], r["availability"]) for r in rows] == [("LIVE", "out_of_stock")]


def test_xml_is_namespaced_rss_with_the_same_attributes(client, f, pictured):
    product = pictured(price_vnd=45000, stock=3, gtin=REAL_GTIN)

    [item] = xml_items(client)

    assert item.findtext(G + "id") == f"HV{product.pk}"
    assert item.findtext(G + "price") == "45000 VND"
    assert item.findtext(G + "availability") == "in_stock"
    assert item.findtext(G + "gtin") == "8936049501012"
    assert item.findtext("link") == f"https://hangviet.example.vn/p/{product.slug}/"
    for name in ("image_link", "brand", "condition"):
        assert item.findtext(G + name)


def test_a_shop_feed_lists_only_that_shop_and_an_unverified_shop_has_none(client, f, pictured):
    mine, other = f.seller(), f.seller()
    pictured(mine, sku="A-1")
    pictured(other, sku="B-1")
    pending = f.seller(status=Seller.Status.PENDING)

    _, rows = tsv_rows(client, f"/feeds/{mine.slug}/google-merchant.tsv")

    assert [r["id"] for r in rows] == ["A-1"]
    assert client.get(f"/feeds/{pending.slug}/google-merchant.xml").status_code == 404
    assert client.get("/feeds/no-such-shop/google-merchant.tsv").status_code == 404


def test_the_feed_follows_a_catalog_change(client, f, pictured, django_capture_on_commit_callbacks):
    product = pictured(price_vnd=100000)
    assert tsv_rows(client)[1][0]["price"] == "100000 VND"

    product.price_vnd = 90000
    product.save(update_fields=["price_vnd"])  # as a service saves: the catalog version changes
    with django_capture_on_commit_callbacks(execute=True):
        stale = tsv_rows(client)  # served while the new build is enqueued (it runs on commit)

    assert stale[1][0]["price"] in {"100000 VND", "90000 VND"}
    assert tsv_rows(client)[1][0]["price"] == "90000 VND"


def test_the_feed_is_not_rebuilt_while_the_catalog_is_unchanged(client, f, pictured, settings):
    pictured()
    first = client.get("/feeds/google-merchant.tsv")
    files = sorted(p.name for p in (settings.HANGVIET_FEEDS_DIR / "all").iterdir())

    second = client.get("/feeds/google-merchant.tsv")

    assert second["ETag"] == first["ETag"]
    assert sorted(p.name for p in (settings.HANGVIET_FEEDS_DIR / "all").iterdir()) == files
    again = client.get("/feeds/google-merchant.tsv", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304


def test_gzip_is_served_from_its_own_file(client, f, pictured):
    pictured(name="Bánh pía")

    response = client.get("/feeds/google-merchant.xml", headers={"Accept-Encoding": "gzip"})

    assert response["Content-Encoding"] == "gzip"
    body = gzip.decompress(b"".join(response.streaming_content)).decode()
    assert "<title>Bánh pía</title>" in body
