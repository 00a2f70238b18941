"""One rule decides a product's current OCOP certificate (ocop.queries.current_certificate): in force
today, most stars, then the latest expiry. An expired or revoked certificate is shown nowhere as current:
not on the product page, not in the product API, not on a lot's scan page (which warns about it instead)."""

import datetime

import pytest
from django.utils import timezone

from hangviet.ocop import services
from hangviet.ocop.models import Certificate
from hangviet.trace.identifiers import scan_path
from tests.trace.helpers import gtin_lot

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def certificate(product, number, *, stars=4, issued_days_ago=300, days_left=400, status="valid"):
    return Certificate.objects.create(
        number=number,
        product=product,
        stars=stars,
        score=70 + stars * 5,
        issued_on=TODAY - datetime.timedelta(days=issued_days_ago),
        expires_on=TODAY + datetime.timedelta(days=days_left),
        status=status,
    )


def shown(client, product, lot):
    """What the three public places show: product page HTML, the API's certificate, scan page HTML."""
    page = client.get(f"/p/{product.slug}/").content.decode()
    api = client.get(f"/api/v1/products/{product.slug}").json()["certificate"]
    scan = client.get(scan_path(lot)).content.decode()
    return page, api, scan


def test_an_older_certificate_in_force_wins_over_a_newer_revoked_one(client, f):
    officer = f.officer()
    _owner, product, lot = gtin_lot(f)
    certificate(product, "OCOP-CON-HIEU-LUC", stars=3, issued_days_ago=500)
    newer = certificate(product, "OCOP-THU-HOI", stars=5, issued_days_ago=20)
    services.revoke_certificate(actor=officer, certificate=newer, reason="Vi phạm chất lượng")

    page, api, scan = shown(client, product, lot)

    assert "OCOP-CON-HIEU-LUC" in page and "OCOP-THU-HOI" not in page and "OCOP 3 sao" in page
    assert api["number"] == "OCOP-CON-HIEU-LUC" and api["stars"] == 3 and api["status"] == "valid"
    assert "OCOP-CON-HIEU-LUC" in scan and "OCOP 3 sao" in scan and "thu hồi" not in scan


def test_an_expired_certificate_is_not_current_anywhere(client, f):
    _owner, product, lot = gtin_lot(f)
    certificate(product, "OCOP-HET-HAN", stars=5, issued_days_ago=1100, days_left=-3)

    page, api, scan = shown(client, product, lot)

    assert "OCOP-HET-HAN" not in page and "OCOP 5 sao" not in page
    assert api is None
    assert "OCOP-HET-HAN đã hết hiệu lực" in scan and "OCOP 5 sao" not in scan


def test_a_revoked_certificate_is_not_current_anywhere(client, f):
    officer = f.officer()
    _owner, product, lot = gtin_lot(f)
    revoked = certificate(product, "OCOP-R-2", stars=4)
    services.revoke_certificate(actor=officer, certificate=revoked, reason="Giả mạo hồ sơ")

    page, api, scan = shown(client, product, lot)

    assert "OCOP-R-2" not in page and "OCOP 4 sao" not in page
    assert api is None
    assert "OCOP-R-2 đã bị thu hồi" in scan and "OCOP 4 sao" not in scan


def test_of_two_in_force_the_most_stars_is_current(client, f):
    _owner, product, lot = gtin_lot(f)
    certificate(product, "OCOP-BON-SAO", stars=4, issued_days_ago=10)
    certificate(product, "OCOP-NAM-SAO", stars=5, issued_days_ago=400, days_left=20)

    page, api, scan = shown(client, product, lot)

    assert "OCOP-NAM-SAO" in page and "OCOP-BON-SAO" not in page
    assert api["number"] == "OCOP-NAM-SAO" and api["status"] == "expiring"
    assert "OCOP-NAM-SAO" in scan and "OCOP-BON-SAO" not in scan
