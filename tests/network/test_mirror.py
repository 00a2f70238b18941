"""A peer's catalog mirrored beside ours: found by the same search, marked with its home node, never
edited here; bad rows are left out and named; tombstones take items off sale."""

import json

import pytest
from django.core.exceptions import PermissionDenied

from hangviet.catalog import services as catalog_services
from hangviet.catalog.models import Product
from hangviet.network import mirror
from hangviet.network.models import MirroredProduct, Peer

pytestmark = pytest.mark.django_db


def provider(remote_id="7", tax_code="1800000001"):
    return {
        "id": remote_id,
        "descriptor": {"name": "HTX Bánh pía Cần Thơ", "long_desc": ""},
        "legal_name": "Hợp tác xã Bánh pía Cần Thơ",
        "kind": "cooperative",
        "tax_code": tax_code,
        "registration_number": "",
        "representative": "Trần Thị B",
        "address": {"street": "Ấp 3", "commune_code": "31117", "province_code": "92"},
        "contact": {"phone": "0292123456", "email": "banhpia@example.vn"},
    }


def item(remote_id="41", name="Bánh pía sầu riêng", price="65000", count=12, **extra):
    data = {
        "id": remote_id,
        "provider_id": "7",
        "descriptor": {"name": name, "long_desc": "<p>Bánh <script>x</script>pía</p>"},
        "category_id": "I",
        "sku": f"BP-{remote_id}",
        "unit": "hộp",
        "net_quantity": "500 g",
        "price": {"currency": "VND", "value": price},
        "quantity": {"available": {"count": count}},
        "tags": [
            {"code": "ocop_stars", "value": "4"},
            {"code": "origin_province", "value": "92"},
            {"code": "origin_commune", "value": "31117"},
        ],
    }
    data.update(extra)
    return data


def page(items, providers=None, deleted=(), cursor="10", head="10"):
    return {
        "message": {
            "catalog": {"providers": providers or [provider()], "items": items, "deleted": list(deleted)},
            "next_cursor": cursor,
            "head": head,
            "has_more": False,
        }
    }


@pytest.fixture
def places(f):
    f.category()
    f.commune("31117", "Phường Ninh Kiều", f.province("92", "Cần Thơ"))


def test_mirrored_items_appear_in_the_same_search_marked_with_their_home(client, remote, places, f):
    f.product(name="Bánh pía Vĩnh Long")
    result = mirror.SyncResult()
    mirror.apply_page(remote.peer, page([item()]), result)
    assert result.items == 1 and result.errors == []
    response = client.get("/search/?q=banh+pia")
    assert response.status_code == 200
    names = [p.name for p in response.context["result"].items]
    assert sorted(names) == ["Bánh pía Vĩnh Long", "Bánh pía sầu riêng"]
    mirrored = Product.objects.get(home_node="cantho.test")
    assert mirrored.seller.home_node == "cantho.test"
    assert mirrored.description == "<p>Bánh pía</p>"
    assert Product.objects.filter(pk=mirrored.pk, is_listed=True, place_province_code="92").exists()
    province_facet = {row["code"]: row["count"] for row in response.context["result"].facets["province"]}
    assert province_facet == {"86": 1, "92": 1}
    assert Peer.objects.get(pk=remote.peer.pk).catalog_cursor == 10


def test_a_second_page_updates_the_mirror_and_a_tombstone_takes_it_off_sale(remote, places):
    result = mirror.SyncResult()
    mirror.apply_page(remote.peer, page([item()]), result)
    mirror.apply_page(remote.peer, page([item(price="70000", count=0)], cursor="11"), result)
    product = MirroredProduct.objects.get(peer=remote.peer, remote_id="41").product
    assert (product.price_vnd, product.stock) == (70000, 0)
    assert Product.objects.filter(home_node="cantho.test").count() == 1
    mirror.apply_page(remote.peer, page([], providers=[], deleted=["41"], cursor="12"), result)
    assert Product.objects.get(pk=product.pk).status == Product.Status.ARCHIVED
    assert not Product.objects.filter(pk=product.pk, is_listed=True).exists()


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        ({"price": {"currency": "USD", "value": "5"}}, "price"),
        ({"price": {"currency": "VND", "value": "-5"}}, "price"),
        ({"quantity": {"available": {"count": -1}}}, "quantity"),
        ({"category_id": "ZZ"}, "category_id"),
        ({"unit": "tấn"}, "unit"),
        ({"descriptor": {"name": "x" * 300}}, "name"),
        ({"provider_id": "99"}, "provider_id"),
        ({"tags": [{"code": "ocop_stars", "value": "9"}]}, "ocop_stars"),
    ],
)
def test_a_bad_item_is_left_out_and_named_the_rest_is_kept(remote, places, bad, field):
    result = mirror.SyncResult()
    mirror.apply_page(
        remote.peer, page([item(**bad), item(remote_id="42", name="Bánh pía đậu xanh")]), result
    )
    assert result.items == 1
    assert field in result.errors[0]
    assert list(Product.objects.filter(home_node="cantho.test").values_list("name", flat=True)) == [
        "Bánh pía đậu xanh"
    ]


def test_a_provider_whose_tax_code_is_a_local_seller_is_left_out(remote, places, f):
    local = f.seller()
    result = mirror.SyncResult()
    mirror.apply_page(remote.peer, page([item()], providers=[provider(tax_code=local.tax_code)]), result)
    assert result.items == 0
    assert not Product.objects.filter(home_node="cantho.test").exists()


def test_a_mirrored_product_is_never_edited_locally(remote, places, f):
    mirror.apply_page(remote.peer, page([item()]), mirror.SyncResult())
    product = Product.objects.get(home_node="cantho.test")
    with pytest.raises(PermissionDenied):
        catalog_services.correct_product(actor=f.officer(), product=product, name="Đổi tên")
    assert Product.objects.get(pk=product.pk).name == "Bánh pía sầu riêng"


def test_the_product_page_shows_the_home_province_and_sync_time(client, remote, places):
    mirror.apply_page(remote.peer, page([item()]), mirror.SyncResult())
    product = Product.objects.get(home_node="cantho.test")
    response = client.get(f"/p/{product.slug}/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "HàngViệt cantho.test" in text
    assert "Cần Thơ" in text
    assert 'data-remote="cantho.test"' in text


def test_sync_records_the_error_when_the_peer_is_down(remote, monkeypatch):
    result = mirror.sync_peer(remote.peer)  # http://cantho.test does not resolve
    peer = Peer.objects.get(pk=remote.peer.pk)
    assert result.items == 0 and not result.complete
    assert peer.last_sync_at is not None and peer.last_error
    assert json.dumps(peer.last_error)
