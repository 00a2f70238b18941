"""The admin issues certificates through the service and refuses stars that do not match the score."""

import datetime

import pytest
from django.utils import timezone

from hangviet.catalog.models import Product
from hangviet.ocop.models import Certificate

pytestmark = pytest.mark.django_db


def form(product: Product, **over: object) -> dict[str, object]:
    data = {
        "number": "OCOP-86-2026-0101",
        "product": product.pk,
        "stars": 4,
        "score": "78.50",
        "decision_number": "QĐ số 2001/QĐ-UBND",
        "issued_on": (timezone.localdate() - datetime.timedelta(days=3)).isoformat(),
    }
    data.update(over)
    return data


def test_admin_issues_a_certificate_with_expiry_and_stars(client, f):
    admin = f.user(is_staff=True, is_superuser=True, is_officer=True)
    client.force_login(admin)
    product = f.product()
    response = client.post("/admin/ocop/certificate/add/", form(product))
    assert response.status_code == 302
    cert = Certificate.objects.get(number="OCOP-86-2026-0101")
    assert cert.expires_on.year == cert.issued_on.year + 3
    assert Product.objects.get(pk=product.pk).ocop_stars == 4


def test_admin_refuses_stars_outside_the_score_band(client, f):
    client.force_login(f.user(is_staff=True, is_superuser=True))
    product = f.product()
    response = client.post("/admin/ocop/certificate/add/", form(product, stars=5, score="78.50"))
    assert response.status_code == 200
    assert "Số sao không khớp" in response.content.decode()
    assert not Certificate.objects.exists()
