"""The seller's payout statement XLSX: a legal name written like a formula stays text."""

import pytest
from django.utils import timezone

from hangviet.orders.models import Order
from hangviet.sellers.models import Seller
from tests.factories import owner_of
from tests.hostile_files import assert_no_formula
from tests.orders.helpers import place

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ['=HYPERLINK("http://x","y")', "+1", "-1+2", "@SUM(A1)"])
def test_a_formula_legal_name_in_the_statement_is_text(client, shops, name):
    household, product = shops[1], shops[3]
    Seller.objects.filter(pk=household.pk).update(legal_name=name)
    order = place([(product, 1)]).orders.get()
    Order.objects.filter(pk=order.pk).update(status="delivered", delivered_at=timezone.now())
    client.force_login(owner_of(household))

    response = client.get(
        f"/seller/{household.slug}/payouts/statement.xlsx?month={timezone.localdate():%Y-%m}"
    )

    assert response.status_code == 200
    assert_no_formula(response.content, [name])
