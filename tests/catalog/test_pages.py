"""Public product and shop pages: what they show, JSON-LD, who may see them, weight and query counts."""

import json

import pytest

from hangviet.catalog.models import Product
from hangviet.core.money import format_vnd
from hangviet.sellers.models import Seller
from tests.web.pages_data import (
    BUDGET_BYTES,
    DESCRIPTION,
    add_image,
    catalog,
    certify,
    parse,
    transferred_size,
)

pytestmark = pytest.mark.django_db


def page(client, path: str, status: int = 200) -> str:
    response = client.get(path)
    assert response.status_code == status
    return response.content.decode()


def jsonld_of(html: str) -> dict:
    blocks = parse(html).jsonld
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_product_page_shows_price_stock_origin_gtin_description_and_seller_identity(client, f):
    seller = f.seller(registration_number="1500123456", trading_name="HTX Mắm Cầu Kè")
    p = f.product(
        seller,
        name="Nước mắm cá linh",
        price_vnd=120000,
        stock=7,
        unit="chai",
        net_quantity="500 ml",
        gtin="08934567890128",
        description=DESCRIPTION,
        origin_commune=f.commune(),
    )
    html = page(client, f"/p/{p.slug}/")
    assert "<h1>Nước mắm cá linh</h1>" in html
    assert "120.000\u00a0₫" in html and "/ chai" in html and "500 ml" in html
    assert "Còn hàng (7)" in html
    origin = p.origin_commune
    assert "<dd>8934567890128</dd>" in html  # printed as the EAN-13 on the pack, as in the JSON-LD
    assert f"{origin.name}, {origin.province.name}" in html
    assert "<strong>độ đạm 40°N</strong>" in html  # sanitised HTML is rendered, not escaped
    for value in (
        seller.legal_name,
        seller.tax_code,
        "1500123456",
        seller.address,
        seller.phone,
        seller.email,
        seller.representative,
    ):
        assert value in html
    assert f'href="/shops/{seller.slug}/"' in html


def test_product_page_shows_sold_out(client, f):
    p = f.product(stock=0)
    html = page(client, f"/p/{p.slug}/")
    assert "Hết hàng" in html
    assert jsonld_of(html)["offers"]["availability"] == "https://schema.org/OutOfStock"


def test_product_page_gallery_has_sized_lazy_images_and_thumbnails(client, f):
    p = f.product()
    for i in range(3):
        add_image(p, i)
    html = page(client, f"/p/{p.slug}/")
    images = parse(html).images
    assert len(images) == 6  # three slides, three thumbnails
    for img in images:
        assert img.get("width") and img.get("height") and img.get("alt")
    lazy = [img for img in images if img.get("loading") == "lazy"]
    assert len(lazy) == 5 and "lead" in (images[0].get("class") or "")
    assert 'href="#anh-2"' in html and 'id="anh-2"' in html


@pytest.mark.parametrize(("days_left", "state"), [(400, "Còn hiệu lực"), (10, "Sắp hết hạn")])
def test_product_page_shows_the_ocop_certificate_and_its_state(client, f, days_left, state):
    p = f.product()
    certify(p, stars=4, days_left=days_left, number="QĐ-OCOP-2025-017")
    html = page(client, f"/p/{p.slug}/")
    assert "QĐ-OCOP-2025-017" in html and state in html
    assert "OCOP 4 sao" in html


def test_expired_certificate_is_not_shown(client, f):
    p = f.product()
    certify(p, stars=4, days_left=-1, number="HET-HAN-1")
    html = page(client, f"/p/{p.slug}/")
    assert "HET-HAN-1" not in html and "OCOP 4 sao" not in html


def test_revoked_certificate_is_not_shown(client, f):
    p = f.product()
    cert = certify(p, stars=5, number="THU-HOI-1")
    cert.status = "revoked"
    cert.save()
    assert "THU-HOI-1" not in page(client, f"/p/{p.slug}/")


def test_product_jsonld_matches_the_page(client, f):
    seller = f.seller(trading_name="HTX Bưởi Năm Roi")
    p = f.product(
        seller, name="Bưởi <Năm Roi> & mật ong", price_vnd=89000, gtin="08934567890128", sku="BNR-1"
    )
    add_image(p)
    html = page(client, f"/p/{p.slug}/")
    assert 'type="application/ld+json" nonce="' in html
    assert "<Năm Roi>" not in html.split('application/ld+json"')[1].split("</script>")[0]
    data = jsonld_of(html)
    assert data["@type"] == "Product" and data["name"] == p.name and data["sku"] == "BNR-1"
    assert data["gtin13"] == "8934567890128" and "gtin14" not in data
    assert data["brand"]["name"] == "HTX Bưởi Năm Roi"
    offer = data["offers"]
    assert offer["priceCurrency"] == "VND" and offer["itemCondition"] == "https://schema.org/NewCondition"
    assert offer["availability"] == "https://schema.org/InStock"
    assert format_vnd(offer["price"]) in html and offer["price"] == 89000
    assert offer["url"].endswith(f"/p/{p.slug}/") and offer["url"].startswith("http")
    assert data["image"][0].startswith("http") and data["image"][0].endswith(".jpg")


def test_jsonld_description_is_the_shown_text_without_markup(client, f):
    p = f.product(description=DESCRIPTION.replace("không chất", "không chất &amp;"))
    data = jsonld_of(page(client, f"/p/{p.slug}/"))
    assert data["description"].endswith("không chất & bảo quản. Cá cơm than Muối hạt")
    assert "<" not in data["description"]


def test_jsonld_uses_gtin14_for_a_real_14_digit_gtin_and_omits_a_missing_one(client, f):
    with14 = f.product(gtin="18934567890125")
    without = f.product(gtin="")
    assert jsonld_of(page(client, f"/p/{with14.slug}/"))["gtin14"] == "18934567890125"
    data = jsonld_of(page(client, f"/p/{without.slug}/"))
    assert "gtin13" not in data and "gtin14" not in data


def test_script_end_in_a_name_cannot_break_out_of_the_jsonld(client, f):
    p = f.product(name="</script><script>alert(1)</script>")
    html = page(client, f"/p/{p.slug}/")
    assert "<script>alert(1)" not in html
    assert jsonld_of(html)["name"] == p.name


@pytest.mark.parametrize(
    ("product_status", "seller_status"),
    [
        (Product.Status.DRAFT, Seller.Status.VERIFIED),
        (Product.Status.ARCHIVED, Seller.Status.VERIFIED),
        (Product.Status.ACTIVE, Seller.Status.PENDING),
        (Product.Status.ACTIVE, Seller.Status.REJECTED),
    ],
)
def test_non_public_product_is_404_for_the_public_and_for_other_users(
    client, f, product_status, seller_status
):
    p = f.product(f.seller(status=seller_status), status=product_status)
    page(client, f"/p/{p.slug}/", status=404)
    client.force_login(f.user())
    page(client, f"/p/{p.slug}/", status=404)


def test_unknown_product_is_404(client):
    page(client, "/p/khong-co/", status=404)


def test_seller_member_previews_a_draft_with_a_banner(client, f):
    owner = f.user()
    p = f.product(f.seller(owner=owner), status=Product.Status.DRAFT, name="Bánh pía nháp")
    client.force_login(owner)
    html = page(client, f"/p/{p.slug}/")
    assert "Bản xem trước" in html and "Bánh pía nháp" in html


def test_public_product_has_no_preview_banner(client, f):
    p = f.product()
    assert "Bản xem trước" not in page(client, f"/p/{p.slug}/")


def test_shop_page_shows_identity_products_and_ocop_badges(client, f):
    seller = f.seller(trading_name="HTX Dừa Sáp", description="Dừa sáp Cầu Kè chính gốc.")
    star = f.product(seller, name="Dừa sáp loại 1")
    certify(star, stars=4)
    f.product(seller, name="Kẹo dừa sáp nháp", status=Product.Status.DRAFT)
    f.product(name="Sản phẩm của cửa hàng khác")
    html = page(client, f"/shops/{seller.slug}/")
    assert "<h1>HTX Dừa Sáp</h1>" in html and "Dừa sáp Cầu Kè chính gốc." in html
    assert "Dừa sáp loại 1" in html and "OCOP 4 sao" in html
    assert "Kẹo dừa sáp nháp" not in html and "Sản phẩm của cửa hàng khác" not in html
    assert seller.tax_code in html and seller.legal_name in html and seller.address in html
    assert "Hợp tác xã" in html


def test_shop_page_paginates(client, f):
    seller = f.seller()
    for i in range(30):
        f.product(seller, name=f"Khô cá {i}")
    first = page(client, f"/shops/{seller.slug}/")
    assert first.count('class="card"') == 24 and 'href="?page=2"' in first
    assert page(client, f"/shops/{seller.slug}/?page=2").count('class="card"') == 6
    assert page(client, f"/shops/{seller.slug}/?page=abc").count('class="card"') == 24


@pytest.mark.parametrize("status", [Seller.Status.PENDING, Seller.Status.REJECTED])
def test_unverified_shop_is_404_but_its_members_preview_it(client, f, status):
    owner = f.user()
    seller = f.seller(owner=owner, status=status)
    page(client, f"/shops/{seller.slug}/", status=404)
    client.force_login(f.user())
    page(client, f"/shops/{seller.slug}/", status=404)
    client.force_login(owner)
    assert "Bản xem trước" in page(client, f"/shops/{seller.slug}/")


def test_product_and_shop_pages_in_english(client, f):
    p = f.product(stock=3)
    client.cookies["django_language"] = "en"
    html = page(client, f"/p/{p.slug}/")
    assert "In stock (3)" in html and "About the seller" in html and "Tax code" in html
    assert "Contact and legal information" in page(client, f"/shops/{p.seller.slug}/")


def test_product_page_within_budget_local_and_sized(client, f):
    products = catalog(count=24, sellers=3)
    p = products[0]
    for i in range(1, 6):
        add_image(p, i)
    response = client.get(f"/p/{p.slug}/")
    html = response.content.decode()
    parsed = parse(html)
    assert transferred_size(response.content, parsed.assets) <= 60 * 1024 == BUDGET_BYTES
    for url in parsed.urls:
        assert not url.startswith(("http:", "https:", "//")), url
    for img in parsed.images[1:]:
        assert img.get("width") and img.get("height") and img.get("loading") == "lazy"


def test_shop_page_within_budget(client):
    products = catalog(count=24, sellers=1)
    response = client.get(f"/shops/{products[0].seller.slug}/")
    parsed = parse(response.content.decode())
    assert transferred_size(response.content, parsed.assets) <= BUDGET_BYTES
    for img in parsed.images:
        assert img.get("width") and img.get("height") and img.get("loading") == "lazy"


def test_product_page_query_count(client, django_assert_max_num_queries):
    products = catalog(count=24, sellers=3)
    p = products[0]
    for i in range(1, 6):
        add_image(p, i)
    # product with images, certificate (provider); related products, their images; sold counts of all;
    # rating, newest reviews (orders' providers); the supply-chain panel; the product's and its seller's ids,
    # whose versions the cached copy records: 10, whatever the number of each
    with django_assert_max_num_queries(10):
        assert client.get(f"/p/{p.slug}/").status_code == 200


def test_shop_page_query_count(client, django_assert_max_num_queries):
    products = catalog(count=24, sellers=1)
    # the shop, its products (count, page, images, OCOP count), their sold counts, its rating, marketplaces
    with django_assert_max_num_queries(8):
        assert client.get(f"/shops/{products[0].seller.slug}/").status_code == 200
