import pytest

from hangviet.demo.builders import load_demo as load_foundation_demo
from hangviet.promotion.demo import loader as demo
from hangviet.promotion.models import (
    Booth,
    BoothApplication,
    BuyRequest,
    Offer,
    ShowroomItem,
    ShowroomStockMove,
)

pytestmark = pytest.mark.django_db


def test_demo_recreates_the_2022_year_once():
    load_foundation_demo(images=False)
    created = demo.load_demo()
    figures = demo.indicators_2022()
    assert figures["fairs"] == {
        "hoi-cho-ocop-tra-vinh-2022": (270, 120),
        "phien-cho-truong-long-hoa-2022": (60, 22),
        "phien-cho-ngu-lac-2022": (60, 22),
        "hoi-cho-ok-om-bok-2022": (300, 116),
    }
    assert (figures["trips"], figures["mous"]) == (6, 32)
    assert figures["showrooms"] == 3 and 190 <= figures["showroom_products"] <= 210
    assert figures["trained"] > 1000 and figures["contests"] == 2
    assert BoothApplication.objects.filter(seller__isnull=False, seller__is_demo=True).exists()
    # every 2022 booth is held by exactly one unit, and the showroom stock agrees with its moves
    assert not Booth.objects.filter(fair__starts_on__year=2022, application__isnull=True).exists()
    item = ShowroomItem.objects.order_by("pk").first()
    last = (
        ShowroomStockMove.objects.filter(showroom=item.showroom, product=item.product)
        .order_by("-created_at", "-pk")
        .first()
    )
    assert last.quantity_after == item.quantity
    assert BuyRequest.objects.filter(status="open").count() == 4 and Offer.objects.exists()
    assert created["fairs"] == 5
    assert demo.load_demo() == {}  # idempotent
