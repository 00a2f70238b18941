"""The small demo catalog of another province, for a second node beside the Vĩnh Long demo."""

import pytest
from django.core.management import call_command

from hangviet.catalog.models import Product
from hangviet.sellers.models import Seller

pytestmark = pytest.mark.django_db


def test_the_can_tho_demo_loads_verified_shops_with_listed_products_once(f, capsys):
    f.category()
    f.commune("31135", "Phường Ninh Kiều", f.province("92", "Thành phố Cần Thơ"))
    f.commune("31120", "Phường Cái Khế", f.province("92", "Thành phố Cần Thơ"))
    call_command("network", "demo", "--province", "92")
    call_command("network", "demo", "--province", "92")
    assert Seller.objects.filter(status=Seller.Status.VERIFIED, province_id="92").count() == 2
    assert Product.objects.filter(is_listed=True, place_province_code="92").count() == 5
    assert "canbo.92@demo.hangviet.vn" in capsys.readouterr().out
