"""The showroom settlement XLSX: a product or producer named like a formula stays text."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from hangviet.promotion.services import showrooms
from hangviet.sellers.models import Seller
from tests.hostile_files import FORMULA_NAMES, assert_no_formula
from tests.promotion.test_showrooms import clerk, showroom  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def test_formula_names_in_the_settlement_are_text(client, f, showroom, clerk):  # noqa: F811
    seller = f.seller()
    Seller.objects.filter(pk=seller.pk).update(legal_name='=HYPERLINK("http://x","bam vao day")')
    products = [f.product(seller, name=name, price_vnd=10000) for name in FORMULA_NAMES]
    showrooms.receive_consignment(
        actor=clerk, showroom=showroom, seller=seller, lines=[(p, 2) for p in products]
    )
    showrooms.sell_at_counter(actor=clerk, showroom=showroom, lines=[(products[0], 1)], payment="cash")
    client.force_login(clerk)

    url = reverse("promotion:showroom_settlement", args=[showroom.slug])
    response = client.get(url, {"seller": seller.pk, "month": f"{timezone.localdate():%Y-%m}"})

    assert response.status_code == 200
    assert_no_formula(response.content, [*FORMULA_NAMES, '=HYPERLINK("http://x","bam vao day")'])
    values = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert (
        '=HYPERLINK("http://x","y")',
        products[0].sku,
        2,
        1,
        0,
        0,
        10000,
    ) in values  # numbers stay numbers
