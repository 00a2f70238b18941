import datetime

import pytest
from django.core.exceptions import PermissionDenied

from hangviet.core.errors import ValidationFailed
from hangviet.trace import demo, services
from hangviet.trace.models import EpcisEvent, Lot, SupplyChain

pytestmark = pytest.mark.django_db


def test_only_officers_certify_chains_and_bad_input_is_rejected(f):
    with pytest.raises(PermissionDenied):
        services.certify_chain(
            actor=f.user(),
            name="X",
            slug="x",
            product_type="rice",
            decision_number="1",
            certified_on=datetime.date(2025, 1, 1),
            valid_until=datetime.date(2027, 1, 1),
            annual_output_tonnes=1,
        )
    with pytest.raises(ValidationFailed) as info:
        services.certify_chain(
            actor=f.officer(),
            name="X",
            slug="x",
            product_type="gold",
            decision_number="1",
            certified_on=datetime.date(2025, 1, 1),
            valid_until=datetime.date(2024, 1, 1),
            annual_output_tonnes=-1,
            markets=[{"country_code": "JPN"}],
        )
    fields = {e["field"] for e in info.value.errors}
    assert fields == {"product_type", "valid_until", "annual_output_tonnes", "markets.0.country_code"}
    assert not SupplyChain.objects.exists()


def test_demo_builds_ten_chains_lots_with_journeys_and_is_idempotent(client):
    demo.load_demo()
    demo.load_demo()
    assert SupplyChain.objects.count() == 10
    stats = client.get("/api/v1/chains/stats").json()
    assert stats["total_chains"] == 10
    assert stats["total_annual_output_tonnes"] == 410_252
    by_type = {row["product_type"]: row for row in stats["by_product_type"]}
    assert {k: v["chains"] for k, v in by_type.items()} == {
        "coconut_nectar": 1,
        "rice": 6,
        "vegetables": 2,
        "meat": 1,
    }
    nectar = SupplyChain.objects.get(product_type="coconut_nectar")
    assert set(nectar.export_markets.values_list("country_code", flat=True)) == {"JP", "NL"}
    assert Lot.objects.count() == 3
    assert EpcisEvent.objects.count() == 12
    page = client.get("/chains/")
    assert page.status_code == 200 and "Chuỗi mật hoa dừa hữu cơ Cầu Ngang" in page.content.decode()
    detail = client.get(f"/chains/{nectar.slug}/").content.decode()
    assert "Nhật Bản" in detail and "Hà Lan" in detail
    lot = Lot.objects.get(code="MHD-2602-01")
    scan = client.get(f"/scan/p/{lot.product.slug}/{lot.code}").content.decode()
    assert "Chuỗi mật hoa dừa hữu cơ Cầu Ngang" in scan and "Đóng hũ" in scan
