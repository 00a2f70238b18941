import re

import pytest

from hangviet.sellers.models import SellerStatusChange

pytestmark = pytest.mark.django_db


def test_a_status_history_is_shown_in_the_admin_but_cannot_be_added_to_or_edited(client, f):
    seller = f.seller()
    SellerStatusChange.objects.create(seller=seller, from_status="pending", to_status="verified", actor=None)
    client.force_login(f.officer(is_staff=True))
    page = client.get(f"/admin/sellers/seller/{seller.pk}/change/").content.decode()
    assert re.search(r'name="status_changes-TOTAL_FORMS" value="1"', page)
    assert re.search(r'name="status_changes-MAX_NUM_FORMS" value="0"', page)  # no room for a new row
    assert 'name="status_changes-0-reason"' not in page  # shown as text, not as a field


def test_an_orders_lines_and_timeline_are_records_too():
    from django.contrib.admin.sites import site

    from hangviet.core.admin import RecordInline
    from hangviet.orders.models import Order

    inlines = site._registry[Order].inlines
    assert inlines and all(issubclass(inline, RecordInline) for inline in inlines)
