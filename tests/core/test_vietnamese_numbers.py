"""Money and quantities typed the Vietnamese way: "125.000" is 125 000 đồng, never 125 (issue 10, bug 1).

parse_vnd is a contract other code reuses (the spreadsheet import): text → int, or a ValidationError
with a stable code; its table is tested directly. Every form reads through it: tested through the pages.
"""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from hangviet.catalog.models import Product
from hangviet.core.money import parse_vnd

ACCEPTED = [
    ("125.000", 125000),
    ("125000", 125000),
    ("125 000", 125000),
    ("125\u00a0000", 125000),
    ("125\u202f000", 125000),
    ("125.000 ₫", 125000),
    ("125.000\u00a0₫", 125000),
    ("125.000đ", 125000),
    ("125.000 đ", 125000),
    ("125.000 VND", 125000),
    ("125.000 vnđ", 125000),
    ("125.000 đồng", 125000),
    ("  1.250.000  ", 1250000),
    ("1 250 000", 1250000),
    ("0", 0),
    ("007", 7),
    ("-3", -3),
    ("−3.000", -3000),
    ("+12", 12),
    ("999", 999),
]

AMBIGUOUS = [
    "125,5",
    "1.25",
    "12.34.5",
    "0.500",
    "125,000",
    "125.000,00",
    "1.2345",
    "1 25",
    "125.",
    ".500",
    "1.000 000",
]
INVALID = ["", "   ", "abc", "12a", "₫", "1e5", "12-3", "--3", "١٢٣", "1" * 41]


@pytest.mark.parametrize(("text", "expected"), ACCEPTED)
def test_parse_vnd_reads_the_ways_vietnamese_write_numbers(text, expected):
    assert parse_vnd(text) == expected


@pytest.mark.parametrize("text", AMBIGUOUS)
def test_parse_vnd_refuses_ambiguous_numbers(text):
    with pytest.raises(ValidationError) as caught:
        parse_vnd(text)
    assert caught.value.code == "ambiguous_number"


@pytest.mark.parametrize("text", INVALID)
def test_parse_vnd_refuses_what_is_not_a_number(text):
    with pytest.raises(ValidationError) as caught:
        parse_vnd(text)
    assert caught.value.code == "invalid_number"


# --- Through the pages -------------------------------------------------------------------------------


@pytest.fixture
def shop(f, client):
    owner = f.user()
    seller = f.seller(owner=owner)
    client.force_login(owner)
    return seller


def product_data(f, **overrides):
    data = {
        "name": "Mật hoa dừa Sokfarm",
        "category": f.category().pk,
        "description": "",
        "unit": "chai",
        "net_quantity": "250 ml",
        "price_vnd": "125.000",
        "stock": "1.200",
        "sku": "MHD-250",
        "gtin": "",
        "origin_commune": "",
        "status": "active",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["125.000", "125000", "125 000", "125.000 ₫", "125.000đ"])
def test_product_price_typed_the_vietnamese_way_is_saved_in_full(f, client, shop, typed):
    response = client.post(f"/seller/{shop.slug}/products/new/", product_data(f, price_vnd=typed))
    assert response.status_code == 302, response.context["form"].errors
    product = Product.objects.get()
    assert product.price_vnd == 125000
    assert product.stock == 1200


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["125,5", "1.25", "12.34.5"])
def test_ambiguous_price_is_refused_with_a_message_and_nothing_is_saved(f, client, shop, typed):
    response = client.post(f"/seller/{shop.slug}/products/new/", product_data(f, price_vnd=typed))
    assert response.status_code == 200
    assert response.context["form"].errors["price_vnd"] == [
        f"“{typed}” không rõ là bao nhiêu: dùng dấu chấm để tách hàng nghìn (ví dụ 125.000), "
        "không có phần lẻ."
    ]
    assert not Product.objects.exists()


@pytest.mark.django_db
def test_ambiguous_price_message_is_translated(f, client, shop):
    client.cookies["django_language"] = "en"
    response = client.post(f"/seller/{shop.slug}/products/new/", product_data(f, price_vnd="125,5"))
    assert response.context["form"].errors["price_vnd"] == [
        "“125,5” is ambiguous: use a dot between thousands (for example 125.000) and no decimals."
    ]


@pytest.mark.django_db
def test_product_form_shows_the_price_grouped_on_a_text_input(f, client, shop):
    product = f.product(shop, price_vnd=125000)
    html = client.get(f"/seller/{shop.slug}/products/{product.pk}/").content.decode()
    assert 'name="price_vnd" value="125.000"' in html
    field = html.split('name="price_vnd"')[0].rsplit("<input", 1)[1] + html.split('name="price_vnd"')[1]
    field = field.split(">", 1)[0]
    assert 'type="text"' in field and 'inputmode="numeric"' in field


@pytest.mark.django_db
def test_product_edit_keeps_a_grouped_price_in_full(f, client, shop):
    product = f.product(shop, price_vnd=99000, sku="MHD-250")
    data = product_data(f, price_vnd="1.250.000")
    del data["stock"]
    response = client.post(f"/seller/{shop.slug}/products/{product.pk}/", data)
    assert response.status_code == 302, response.context["form"].errors
    product.refresh_from_db()
    assert product.price_vnd == 1250000


@pytest.mark.django_db
def test_search_price_filter_reads_50_000_as_fifty_thousand(client, f):
    f.product(name="Trà sen rẻ", price_vnd=40000)
    f.product(name="Trà sen vừa", price_vnd=60000)
    f.product(name="Trà sen đắt", price_vnd=250000)
    response = client.get("/search/", {"q": "tra sen", "price_min": "50.000", "price_max": "200.000 ₫"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Trà sen vừa" in html
    assert "Trà sen rẻ" not in html and "Trà sen đắt" not in html
    assert 'value="50.000"' in html


@pytest.mark.django_db
def test_search_reversed_price_range_is_refused_with_a_message(client, f):
    f.product(name="Trà sen vừa", price_vnd=60000)
    response = client.get("/search/", {"price_min": "200.000", "price_max": "100.000"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Giá đến phải lớn hơn hoặc bằng giá từ." in html
    assert 'aria-describedby="err-price_max"' in html
    assert "Trà sen vừa" in html  # the rest of the search still runs


@pytest.mark.django_db
def test_search_ambiguous_price_is_explained(client):
    with translation.override("vi"):
        response = client.get("/search/", {"price_min": "1.5"})
    assert response.status_code == 400
    assert "“1.5” không rõ là bao nhiêu" in response.content.decode()


@pytest.mark.django_db
def test_cart_quantity_typed_with_a_thousands_dot(client, f, settings):
    from hangviet.orders.models import CartItem

    settings.HANGVIET_CART_MAX_QUANTITY = 2000
    product = f.product(slug="mat-hoa-dua", stock=5000)
    response = client.post("/cart/add/", {"product": product.slug, "quantity": "1.200"})
    assert response.status_code == 302
    assert list(CartItem.objects.values_list("quantity", flat=True)) == [1200]
