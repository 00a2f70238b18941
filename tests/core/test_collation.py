"""One order of Vietnamese names everywhere (issue 10 bug 12): the product and lot forms list communes
as the checkout does, by the folded name ("Xã Ân Thử" before "Xã Bình Thử", whatever Unicode says)."""

import re

import pytest

from hangviet.core.text import sort_key

pytestmark = pytest.mark.django_db

NAMES = ["Xã Bình Thử", "Xã Đôn Thử", "Xã Ân Thử", "Phường Trà Vinh"]


def listed(html: str, select_name: str) -> list[str]:
    select = re.search(rf'<select name="{select_name}".*?</select>', html, re.S).group(0)
    return [name for name in re.findall(r'<option value="\d+"[^>]*>([^<]+)</option>', select)]


@pytest.fixture
def seller_with_communes(f, client):
    province = f.province()
    for n, name in enumerate(NAMES):
        f.commune(code=f"9990{n}", name=name, prov=province)
    owner = f.user()
    seller = f.seller(owner=owner)
    client.force_login(owner)
    return seller


def test_sort_key_reads_vietnamese_letters_as_their_base_letter():
    assert sorted(NAMES, key=sort_key) == ["Phường Trà Vinh", "Xã Ân Thử", "Xã Bình Thử", "Xã Đôn Thử"]
    assert sorted(NAMES) != sorted(NAMES, key=sort_key)  # plain code-point order puts "Xã Ân" after "Xã B"


def test_product_and_lot_forms_list_communes_in_the_checkouts_order(client, seller_with_communes):
    seller = seller_with_communes
    for page in (f"/seller/{seller.slug}/products/new/", f"/lots/{seller.slug}/"):
        names = listed(client.get(page).content.decode(), "origin_commune")
        assert names == sorted(names, key=sort_key), page
        ours = [n for n in names if n in NAMES[:3]]
        assert ours == ["Xã Ân Thử", "Xã Bình Thử", "Xã Đôn Thử"], page
