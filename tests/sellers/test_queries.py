"""sellers.queries: one definition of "verified shops with their product count" and of "the shops of a
user", read through the pages and API that show them."""

import pytest
from django.urls import reverse

from hangviet.catalog.models import Product
from hangviet.sellers.models import Membership, Seller

pytestmark = pytest.mark.django_db


def test_home_and_shops_api_count_only_active_products_of_verified_shops(client, f):
    shop = f.seller(trading_name="HTX Mật Ong Cầu Kè")
    f.product(shop)
    f.product(shop)
    f.product(shop, status=Product.Status.DRAFT)
    f.product(shop, status=Product.Status.ARCHIVED)
    pending = f.seller(trading_name="HTX Chưa Xác Minh", status=Seller.Status.PENDING)
    f.product(pending)

    items = client.get("/api/v1/shops").json()["items"]
    counts = {item["trading_name"]: item["product_count"] for item in items}
    assert counts == {"HTX Mật Ong Cầu Kè": 2}
    assert client.get(f"/api/v1/shops/{shop.slug}").json()["product_count"] == 2
    assert client.get(f"/api/v1/shops/{pending.slug}").status_code == 404

    home = client.get("/").content.decode()
    assert "HTX Mật Ong Cầu Kè" in home and "HTX Chưa Xác Minh" not in home


def test_the_shop_picker_and_account_page_list_exactly_the_users_shops(client, f):
    user = f.user()
    f.seller(owner=user, trading_name="Cửa hàng Của Tôi A")
    staff_at = f.seller(trading_name="Cửa hàng Của Tôi B")
    Membership.objects.create(user=user, seller=staff_at, role=Membership.Role.STAFF)
    f.seller(trading_name="Cửa hàng Người Khác")
    client.force_login(user)

    for url in ("/seller/", reverse("accounts:account")):
        html = client.get(url).content.decode()
        assert "Cửa hàng Của Tôi A" in html and "Cửa hàng Của Tôi B" in html, url
        assert "Cửa hàng Người Khác" not in html, url


def test_a_user_with_one_shop_goes_straight_to_it(client, f):
    user = f.user()
    shop = f.seller(owner=user)
    client.force_login(user)
    assert client.get("/seller/").headers["Location"] == f"/seller/{shop.slug}/"
