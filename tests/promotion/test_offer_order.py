"""An accepted offer becomes a marketplace order (issue 6 → orders): through the pages, as the buyer does."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from hangviet.catalog.models import Product, StockMove
from hangviet.orders.models import Order, OrderItem
from hangviet.orders.services.checkout import BuyerDetails
from hangviet.promotion.models import BuyRequest, Mou, Offer
from hangviet.promotion.services import sourcing
from tests.factories import owner_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def deal(f, today):
    """A buy request of 300 bottles, two offers; supplier A has the product in stock (500)."""
    f.commune()
    buyer = f.user()
    supplier = f.seller(trading_name="HTX Mật hoa dừa", bank_bin="970415", bank_account="0011001932418")
    other = f.seller(trading_name="Cơ sở khác")
    product = f.product(supplier, name="Mật hoa dừa 250 ml", price_vnd=85000, stock=500)
    f.product(other, name="Mật ong", stock=1000)
    request = sourcing.post_buy_request(
        actor=buyer,
        buyer_name="Siêu thị Co.op",
        buyer_kind="supermarket",
        contact_email="mua@coop.vn",
        contact_phone="0912345678",
        title="Mật hoa dừa",
        category=product.category,
        volume=300,
        unit="chai",
        delivery_from=today + datetime.timedelta(days=10),
        delivery_to=today + datetime.timedelta(days=40),
        delivery_province=f.province(),
        delivery_place="12 Nguyễn Đáng",
        deadline_on=today + datetime.timedelta(days=7),
    )
    offer_kw = {"volume": 300, "delivery_on": today + datetime.timedelta(days=12)}
    offer = sourcing.make_offer(
        actor=owner_of(supplier), buy_request=request, seller=supplier, unit_price_vnd=62000, **offer_kw
    )
    rival = sourcing.make_offer(
        actor=owner_of(other), buy_request=request, seller=other, unit_price_vnd=70000, **offer_kw
    )
    return buyer, request, offer, rival, product


def form_data(product, **overrides):
    data = {
        "product": product.pk,
        "name": "Siêu thị Co.op",
        "phone": "0912345678",
        "email": "mua@coop.vn",
        "street": "12 Nguyễn Đáng",
        "province": "86",
        "commune": "29242",
        "payment_method": "vietqr",
    }
    data.update(overrides)
    return data


def test_buyer_accepts_an_offer_as_an_order_with_the_offers_price_and_volume(client, deal):
    buyer, request, offer, rival, product = deal
    client.force_login(buyer)
    detail = client.get(reverse("promotion:buy_request", args=[request.pk])).content.decode()
    url = reverse("promotion:offer_order", args=[request.pk, offer.pk])
    assert url in detail
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Mật hoa dừa 250 ml" in html and "62.000" in html and "Mật ong" not in html  # only this seller's
    assert 'value="12 Nguyễn Đáng"' in html  # the request's delivery place is offered

    response = client.post(url, form_data(product, create_mou="1"))
    order = Order.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/checkout/{order.checkout.code}/")
    assert order.seller_id == offer.seller_id and order.buyer_id == buyer.pk
    assert (
        order.status == "awaiting" and order.payment_method == "vietqr" and order.payment_status == "unpaid"
    )
    item = OrderItem.objects.get(order=order)
    assert (item.product_id, item.quantity, item.unit_price_vnd) == (product.pk, 300, 62000)
    assert (
        order.subtotal_vnd == 300 * 62000 and order.total_vnd == order.subtotal_vnd + order.delivery_fee_vnd
    )
    assert order.vietqr_payload and str(order.total_vnd) in order.vietqr_payload
    assert Product.objects.get(pk=product.pk).stock == 200  # reserved the same way as a checkout
    assert StockMove.objects.get(product=product).reason == f"order {order.code}"
    assert "Mật hoa dừa" in order.events.get().note  # the timeline says where it came from
    offer.refresh_from_db(), rival.refresh_from_db(), request.refresh_from_db()
    assert (offer.status, rival.status, request.status) == ("accepted", "declined", "awarded")
    assert Mou.objects.filter(offer=offer).count() == 1
    done = client.get(response["Location"]).content.decode()
    assert order.code in done and "<svg" in done  # the buyer sees the order and its VietQR
    assert order.code in client.get(reverse("orders:mine")).content.decode()


def test_out_of_stock_is_a_clear_error_and_nothing_is_written(client, deal):
    buyer, request, offer, _rival, product = deal
    Product.objects.filter(pk=product.pk).update(stock=120)
    client.force_login(buyer)
    url = reverse("promotion:offer_order", args=[request.pk, offer.pk])
    response = client.post(url, form_data(product))
    assert response.status_code == 200
    assert "Mật hoa dừa 250 ml chỉ còn 120." in response.content.decode()
    assert not Order.objects.exists() and not StockMove.objects.exists()
    assert Product.objects.get(pk=product.pk).stock == 120
    offer.refresh_from_db(), request.refresh_from_db()
    assert offer.status == "submitted" and request.status == "open"  # still open to choose


def test_bad_address_and_foreign_product_are_refused_next_to_the_field(client, f, deal):
    buyer, request, offer, _rival, product = deal
    client.force_login(buyer)
    url = reverse("promotion:offer_order", args=[request.pk, offer.pk])
    foreign = Product.objects.get(name="Mật ong")
    response = client.post(url, form_data(foreign))
    assert response.status_code == 200 and "Sản phẩm không hợp lệ." in response.content.decode()
    response = client.post(url, form_data(product, phone="12"))  # refused by the orders service
    assert response.status_code == 200 and 'id="id_phone_error"' in response.content.decode()
    response = client.post(url, form_data(product, street="", commune="99999"))  # refused by the form
    html = response.content.decode()
    assert 'id="id_street_error"' in html and 'id="id_commune_error"' in html
    assert not Order.objects.exists() and BuyRequest.objects.get().status == "open"


def test_only_the_buyer_may_order_an_offer(client, deal):
    _buyer, request, offer, _rival, product = deal
    url = reverse("promotion:offer_order", args=[request.pk, offer.pk])
    assert client.post(url, form_data(product)).status_code == 302  # anonymous: to the login page
    client.force_login(owner_of(offer.seller))  # the supplier itself
    assert client.get(url).status_code == 403
    assert client.post(url, form_data(product)).status_code == 403
    assert not Order.objects.exists() and Product.objects.get(pk=product.pk).stock == 500
    with pytest.raises(PermissionDenied):  # the service refuses too, whoever calls it
        sourcing.accept_offer_as_order(
            actor=owner_of(offer.seller),
            offer=offer,
            product=product,
            buyer=BuyerDetails("X", "0912345678", "", "1 A", "29242", "86"),
            payment_method="cod",
        )
    offer.refresh_from_db()
    assert offer.status == "submitted" and not Order.objects.exists()


def test_an_awarded_request_cannot_be_ordered_again(client, deal):
    buyer, request, offer, rival, product = deal
    client.force_login(buyer)
    client.post(reverse("promotion:offer_order", args=[request.pk, offer.pk]), form_data(product))
    assert Order.objects.count() == 1
    response = client.post(reverse("promotion:offer_order", args=[request.pk, rival.pk]), form_data(product))
    assert response.status_code == 302 and Order.objects.count() == 1
    assert Offer.objects.get(pk=rival.pk).status == "declined"
