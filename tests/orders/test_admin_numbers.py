"""Issue 10, bug 10: the admin shows amounts as every page does ("244.000 ₫"), not "244000"."""

import pytest
from django.urls import reverse

from hangviet.core.money import format_vnd
from tests.orders.helpers import place

pytestmark = pytest.mark.django_db


def test_the_orders_admin_lists_totals_as_money(client, f, shops):
    order = place([(shops[2], 2)], method="vietqr").orders.get()
    assert order.total_vnd >= 1000
    client.force_login(f.officer(is_staff=True))
    html = client.get(reverse("admin:orders_order_changelist")).content.decode()
    assert format_vnd(order.total_vnd) in html
    assert f">{order.total_vnd}<" not in html
