"""Buy-request notifications are tasks written in the same transaction as the change they announce
(database task backend): a committed request, offer or award always has its email, a refused one none.
The test's transaction never commits, so a task row seen here was written inside it."""

import datetime

import pytest

from hangviet.promotion.errors import OfferExists
from hangviet.promotion.services import sourcing
from tests.factories import owner_of

pytestmark = pytest.mark.django_db


def test_request_offer_and_award_have_their_email_tasks_in_their_transactions(database_tasks, f, today):
    supplier = f.seller(trading_name="HTX Mật hoa dừa")
    f.product(supplier, name="Mật hoa dừa Cầu Ngang", stock=500, price_vnd=60000)
    buyer = f.user()
    request = sourcing.post_buy_request(
        actor=buyer,
        buyer_name="Siêu thị Co.op",
        buyer_kind="supermarket",
        contact_email="mua@coop.vn",
        title="Mật hoa dừa",
        category=f.category(),
        volume=100,
        unit="chai",
        delivery_from=today + datetime.timedelta(days=10),
        delivery_to=today + datetime.timedelta(days=40),
        delivery_province=f.province(),
        delivery_place="Kho Bình Dương",
        deadline_on=today + datetime.timedelta(days=7),
    )
    assert database_tasks("hangviet.promotion.tasks.notify_matched_suppliers") == [[request.pk]]

    terms = {"unit_price_vnd": 55000, "volume": 100, "delivery_on": today + datetime.timedelta(days=15)}
    offer = sourcing.make_offer(actor=owner_of(supplier), buy_request=request, seller=supplier, **terms)
    with pytest.raises(OfferExists):  # refused: no second notification
        sourcing.make_offer(actor=owner_of(supplier), buy_request=request, seller=supplier, **terms)
    assert database_tasks("hangviet.promotion.tasks.notify_buyer_of_offer") == [[offer.pk]]

    sourcing.accept_offer(actor=buyer, offer=offer)
    assert database_tasks("hangviet.promotion.tasks.notify_offer_accepted") == [[offer.pk]]
