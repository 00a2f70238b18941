"""What the province counts, verifies, reports and sends out is its own: sellers and products mirrored
from another province's node (`home_node` set) stay out of the indicators, the officers' seller lists,
the marketplace feeds and the sitemaps, while the linked-provinces indicator counts the peers."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from hangviet.catalog.models import Product
from hangviet.catalog.queries import own_public_products
from hangviet.network import mirror
from hangviet.network.models import Peer
from hangviet.sellers.models import Seller
from tests.network.test_mirror import item, page

pytestmark = pytest.mark.django_db


@pytest.fixture
def both(f, remote):
    """A local shop with one product and a mirrored Cần Thơ shop with one, both verified and listed."""
    f.category()
    f.commune("31117", "Phường Ninh Kiều", f.province("92", "Cần Thơ"))
    yesterday = timezone.now() - timedelta(days=1)
    local = f.seller(trading_name="HTX Mật hoa dừa", verified_at=yesterday)
    f.product(local, name="Mật hoa dừa")
    result = mirror.SyncResult()
    mirror.apply_page(remote.peer, page([item()]), result)
    assert result.errors == []
    Seller.objects.filter(home_node="cantho.test").update(verified_at=yesterday)
    Product.objects.filter(home_node="cantho.test").update(created_at=yesterday)
    Peer.objects.filter(pk=remote.peer.pk).update(confirmed_at=yesterday)
    mirrored = Seller.objects.get(home_node="cantho.test")
    assert mirrored.status == Seller.Status.VERIFIED
    assert Product.objects.filter(home_node="cantho.test", is_listed=True).exists()
    return local, mirrored


def _records(client, code: str) -> list[list[str]]:
    year = timezone.localdate().year
    response = client.get(f"/reports/indicators/{code}/records/?from={year}-01-01&to={year}-12-31&format=csv")
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))[1:]


def test_the_indicators_count_own_sellers_and_products_and_the_linked_province(client, f, both):
    client.force_login(f.officer())
    sellers = _records(client, "platform_sellers")
    assert [r for r in sellers if "HTX Mật hoa dừa" in ";".join(r)] and len(sellers) == 1
    assert len(_records(client, "sellers_cooperative")) == 1
    products = _records(client, "platform_products")
    assert len(products) == 1 and "Mật hoa dừa" in ";".join(products[0])
    linked = _records(client, "linked_provinces")
    assert len(linked) == 1 and "cantho.test" in ";".join(linked[0])


def test_officers_list_and_open_only_their_provinces_sellers(client, f, both):
    local, mirrored = both
    client.force_login(f.officer())
    page = client.get("/officer/sellers/?status=verified").content.decode()
    assert local.trading_name in page and mirrored.trading_name not in page
    assert client.get(f"/officer/sellers/{mirrored.pk}/").status_code == 404
    assert client.post(f"/officer/sellers/{mirrored.pk}/verify/").status_code == 404


def test_feeds_and_sitemaps_send_out_own_products_and_shops_only(client, both):
    local, mirrored = both
    assert {p.seller_id for p in own_public_products()} == {local.pk}
    products = client.get("/sitemap-products.xml").content.decode()
    assert local.products.get().slug in products
    assert Product.objects.get(home_node="cantho.test").slug not in products
    shops = client.get("/sitemap-shops.xml").content.decode()
    assert local.slug in shops and mirrored.slug not in shops
