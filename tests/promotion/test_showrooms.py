import datetime
import html
import io
import re
import urllib.parse
from base64 import b64decode
from xml.etree import ElementTree

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from hangviet.core.errors import ValidationFailed
from hangviet.promotion import queries
from hangviet.promotion.errors import InsufficientShowroomStock, NotOnDisplay, ProductNotTheirs
from hangviet.promotion.models import Showroom, ShowroomItem, ShowroomSale, ShowroomStockMove
from hangviet.promotion.services import showrooms
from tests.factories import owner_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def showroom(f):
    return Showroom.objects.create(
        name="Cửa hàng OCOP Ao Bà Om",
        slug="ao-ba-om",
        site="Khu di tích Ao Bà Om",
        street="Quốc lộ 53",
        commune=f.commune(),
        opening_hours="7:00–21:00",
        commission_bp=1000,
        bank_bin="970415",
        bank_account="0011001932418",
    )


@pytest.fixture
def clerk(f, showroom):
    user = f.user()
    showroom.staff.add(user)
    return user


def stocked(f, showroom, clerk, quantity=5, price=45000):
    seller = f.seller()
    product = f.product(seller, price_vnd=price)
    showrooms.receive_consignment(actor=clerk, showroom=showroom, seller=seller, lines=[(product, quantity)])
    return seller, product


def qty(showroom, product) -> int:
    return ShowroomItem.objects.get(showroom=showroom, product=product).quantity


def test_counter_sale_decrements_the_showroom_stock(f, showroom, clerk):
    _, product = stocked(f, showroom, clerk, quantity=5)
    sale = showrooms.sell_at_counter(actor=clerk, showroom=showroom, lines=[(product, 2)], payment="cash")
    assert qty(showroom, product) == 3
    assert sale.total_vnd == 90000 and sale.number.startswith("HD")
    move = ShowroomStockMove.objects.filter(kind="sell").get()
    assert (move.delta, move.quantity_after, move.sale_id) == (-2, 3, sale.pk)
    product.refresh_from_db()
    assert product.stock == 10  # the producer's own online stock is not the showroom's


def test_counter_refuses_to_sell_below_zero_and_sells_nothing(f, showroom, clerk):
    _, a = stocked(f, showroom, clerk, quantity=5)
    _, b = stocked(f, showroom, clerk, quantity=1)
    with pytest.raises(InsufficientShowroomStock) as exc:
        showrooms.sell_at_counter(actor=clerk, showroom=showroom, lines=[(a, 2), (b, 2)], payment="cash")
    assert exc.value.details["available"] == 1
    assert (qty(showroom, a), qty(showroom, b)) == (5, 1)
    assert not ShowroomSale.objects.exists() and not ShowroomStockMove.objects.filter(kind="sell").exists()
    # the same product twice counts together
    with pytest.raises(InsufficientShowroomStock):
        showrooms.sell_at_counter(actor=clerk, showroom=showroom, lines=[(b, 1), (b, 1)], payment="cash")


def test_counter_input_is_checked(f, showroom, clerk):
    _, product = stocked(f, showroom, clerk)
    with pytest.raises(ValidationFailed):
        showrooms.sell_at_counter(actor=clerk, showroom=showroom, lines=[(product, 0)], payment="cash")
    with pytest.raises(ValidationFailed):
        showrooms.sell_at_counter(actor=clerk, showroom=showroom, lines=[(product, 1)], payment="credit")
    with pytest.raises(NotOnDisplay):
        showrooms.sell_at_counter(actor=clerk, showroom=showroom, lines=[(f.product(), 1)], payment="cash")


def test_only_showroom_staff_and_officers_operate(f, showroom, clerk):
    seller, product = stocked(f, showroom, clerk)
    for outsider in (f.user(), owner_of(seller)):
        with pytest.raises(PermissionDenied):
            showrooms.sell_at_counter(actor=outsider, showroom=showroom, lines=[(product, 1)], payment="cash")
        with pytest.raises(PermissionDenied):
            showrooms.receive_consignment(
                actor=outsider, showroom=showroom, seller=seller, lines=[(product, 1)]
            )
    showrooms.sell_at_counter(actor=f.officer(), showroom=showroom, lines=[(product, 1)], payment="cash")
    other_room = Showroom.objects.create(
        name="Cồn Chim",
        slug="con-chim",
        site="Cồn Chim",
        street="Ấp",
        commune=f.commune(),
        opening_hours="8–17",
    )
    with pytest.raises(PermissionDenied):
        showrooms.adjust_showroom_stock(
            actor=clerk, showroom=other_room, product=product, delta=1, reason="x"
        )


def test_receipt_must_carry_the_producers_own_goods(f, showroom, clerk):
    seller = f.seller()
    with pytest.raises(ProductNotTheirs):
        showrooms.receive_consignment(actor=clerk, showroom=showroom, seller=seller, lines=[(f.product(), 3)])
    assert not ShowroomItem.objects.exists()


def test_returns_and_adjustments_keep_a_trail_and_never_go_negative(f, showroom, clerk):
    _, product = stocked(f, showroom, clerk, quantity=4)
    showrooms.return_to_producer(
        actor=clerk, showroom=showroom, product=product, quantity=1, reason="Hết hạn"
    )
    showrooms.adjust_showroom_stock(
        actor=clerk, showroom=showroom, product=product, delta=-1, reason="Vỡ chai"
    )
    with pytest.raises(ValidationFailed):
        showrooms.adjust_showroom_stock(actor=clerk, showroom=showroom, product=product, delta=-1, reason="")
    with pytest.raises(InsufficientShowroomStock):
        showrooms.adjust_showroom_stock(
            actor=clerk, showroom=showroom, product=product, delta=-3, reason="Kiểm kê"
        )
    with pytest.raises(InsufficientShowroomStock):
        showrooms.return_to_producer(actor=clerk, showroom=showroom, product=product, quantity=3)
    assert qty(showroom, product) == 2
    trail = list(
        ShowroomStockMove.objects.order_by("pk").values_list("kind", "delta", "quantity_after", "reason")
    )
    assert trail == [("receive", 4, 4, ""), ("return", -1, 3, "Hết hạn"), ("adjust", -1, 2, "Vỡ chai")]


def test_monthly_settlement_arithmetic(f, showroom, clerk):
    seller = f.seller()
    honey = f.product(seller, name="Mật ong", price_vnd=123457)
    rice = f.product(seller, name="Gạo", price_vnd=33333)
    _other_seller, other = stocked(f, showroom, clerk, quantity=9)
    showrooms.receive_consignment(
        actor=clerk, showroom=showroom, seller=seller, lines=[(honey, 10), (rice, 20)]
    )
    showrooms.sell_at_counter(
        actor=clerk, showroom=showroom, lines=[(honey, 3), (rice, 7), (other, 2)], payment="vietqr"
    )
    showrooms.sell_at_counter(actor=clerk, showroom=showroom, lines=[(honey, 1)], payment="cash")
    showrooms.return_to_producer(actor=clerk, showroom=showroom, product=rice, quantity=5)
    month = timezone.localdate()
    s = queries.consignment_settlement(showroom, seller, month)
    rows = {r.product.name: (r.received, r.sold, r.returned, r.sales_vnd) for r in s.rows}
    assert rows == {"Gạo": (20, 7, 5, 233331), "Mật ong": (10, 4, 0, 493828)}
    assert s.sales_vnd == 727159
    assert s.commission_vnd == 72716  # 10 % of 727,159 = 72,715.9 → rounded half up
    assert s.payable_vnd == 727159 - 72716
    next_month = (month.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    assert queries.consignment_settlement(showroom, seller, next_month).sales_vnd == 0
    assert queries.commission(5, 1000) == 1 and queries.commission(4, 1000) == 0


def test_settlement_xlsx_and_counter_pages(client, f, showroom, clerk):
    seller, product = stocked(f, showroom, clerk, quantity=3, price=50000)
    client.force_login(clerk)
    counter = reverse("promotion:showroom_counter", args=[showroom.slug])
    assert product.name in client.get(counter, {"q": product.name.lower()}).content.decode()
    response = client.post(counter, {f"qty-{product.pk}": "4", "payment": "cash"})
    assert response.status_code == 200 and "Không đủ hàng" in response.content.decode()
    response = client.post(counter, {f"qty-{product.pk}": "2", "payment": "vietqr"})
    assert response.status_code == 302
    assert qty(showroom, product) == 1
    receipt = client.get(response["Location"]).content.decode()
    assert "100.000" in receipt
    # The QR is an <img> of a standalone SVG: without its namespace a browser shows a broken image.
    uri = html.unescape(re.search(r'<img[^>]+src="(data:image/svg\+xml[^"]+)"', receipt).group(1))
    header, _, data = uri.partition(",")
    svg = ElementTree.fromstring(urllib.parse.unquote(data) if "base64" not in header else b64decode(data))  # noqa: S314
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"

    url = reverse("promotion:showroom_settlement", args=[showroom.slug])
    response = client.get(url, {"seller": seller.pk, "month": f"{timezone.localdate():%Y-%m}"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(response.content)).active
    values = [row for row in ws.iter_rows(values_only=True)]
    assert (product.name, product.sku, 3, 2, 0, 0, 100000) in values
    assert ("Số tiền thanh toán cho nhà sản xuất", None, None, None, None, None, 90000) in values
    assert client.get(url, {"seller": seller.pk, "month": "2022-13"}).status_code == 400

    client.force_login(f.user())
    assert client.get(counter).status_code == 403
    assert client.get(url, {"seller": seller.pk, "month": "2022-12"}).status_code == 403
    public = client.get(reverse("promotion:showroom", args=[showroom.slug])).content.decode()
    assert product.name in public and counter not in public


def test_past_receipts_and_sales_count_in_their_own_month(f, showroom, clerk):
    seller = f.seller()
    product = f.product(seller, price_vnd=45000)
    tz = datetime.timezone(datetime.timedelta(hours=7))
    showrooms.receive_consignment(
        actor=clerk,
        showroom=showroom,
        seller=seller,
        lines=[(product, 10)],
        received_on=datetime.date(2022, 9, 1),
        now=datetime.datetime(2022, 9, 1, 8, tzinfo=tz),
    )
    sale = showrooms.sell_at_counter(
        actor=clerk,
        showroom=showroom,
        lines=[(product, 2)],
        payment="cash",
        now=datetime.datetime(2022, 9, 3, 10, tzinfo=tz),
    )
    assert sale.sold_at == datetime.datetime(2022, 9, 3, 10, tzinfo=tz)
    september = queries.consignment_settlement(showroom, seller, datetime.date(2022, 9, 1))
    [row] = september.rows
    assert (row.received, row.sold, september.sales_vnd, september.payable_vnd) == (10, 2, 90000, 81000)
    assert queries.consignment_settlement(showroom, seller, timezone.localdate()).rows == []


def test_an_officer_opens_a_showroom_whose_staff_run_its_counter(f):
    officer, cashier = f.officer(), f.user()
    fields = {
        "name": "Cửa hàng OCOP Cồn Chim",
        "site": "Cồn Chim",
        "street": "Ấp Cồn Chim",
        "commune": f.commune(),
        "opening_hours": "7:00–21:00",
    }
    with pytest.raises(PermissionDenied):
        showrooms.create_showroom(actor=cashier, staff=[cashier], **fields)
    room = showrooms.create_showroom(actor=officer, staff=[cashier], **fields)
    assert room.slug == "cua-hang-ocop-con-chim"
    assert queries.can_operate_showroom(cashier, room)
    with pytest.raises(ValidationFailed) as caught:
        showrooms.update_showroom(actor=officer, showroom=room, commission_bp=10001)
    assert caught.value.errors[0]["field"] == ""  # the showroom's check constraint: at most 100 %
    showrooms.update_showroom(actor=officer, showroom=room, staff=[], opening_hours="8:00–17:00")
    room.refresh_from_db()
    assert room.opening_hours == "8:00–17:00" and not queries.can_operate_showroom(cashier, room)


def test_the_counter_sells_at_the_price_the_showroom_sets(f, showroom, clerk):
    _, product = stocked(f, showroom, clerk, quantity=5, price=45000)
    item = ShowroomItem.objects.get(showroom=showroom, product=product)
    with pytest.raises(PermissionDenied):
        showrooms.set_showroom_price(actor=f.user(), item=item, price_vnd=50000)
    with pytest.raises(ValidationFailed):
        showrooms.set_showroom_price(actor=clerk, item=item, price_vnd=-1)
    showrooms.set_showroom_price(actor=clerk, item=item, price_vnd=50000)
    sale = showrooms.sell_at_counter(actor=clerk, showroom=showroom, lines=[(product, 2)], payment="cash")
    assert sale.total_vnd == 100000
