"""A seller and an officer at work in a real browser, on a phone, in Vietnamese: each reaches their own
home from the header and does the day's work there. Screenshots of each step land in var/e2e/."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from hangviet.catalog.models import Product
from hangviet.orders.models import Checkout, Order, OrderItem
from hangviet.sellers.models import Seller
from hangviet.trace.models import Lot
from tests.e2e.conftest import NARROW, overflow, too_wide

pytestmark = pytest.mark.django_db(transaction=True)


def awaiting_order(f, shop, product, code="DH7001"):
    com = f.commune()
    checkout = Checkout.objects.create(
        code=f"G{code}", buyer_name="Trần Thị Bích", buyer_phone="0987654321", street="12 Nguyễn Đáng",
        commune=com, province=com.province, payment_method="cod", total_vnd=product.price_vnd * 2,
    )  # fmt: skip
    order = Order.objects.create(
        code=code, checkout=checkout, seller=shop, status="awaiting", payment_method="cod",
        payment_status="cod", subtotal_vnd=product.price_vnd * 2, delivery_fee_vnd=0,
        total_vnd=product.price_vnd * 2, respond_by=timezone.now() + datetime.timedelta(hours=12),
    )  # fmt: skip
    OrderItem.objects.create(
        order=order, product=product, product_name=product.name, product_slug=product.slug, sku=product.sku,
        unit=product.unit, unit_price_vnd=product.price_vnd, quantity=2, line_total_vnd=product.price_vnd * 2,
    )  # fmt: skip
    return order


def test_a_seller_finds_the_shop_centre_prices_the_vietnamese_way_ships_and_prints_lot_labels(
    f, open_page, shot
):
    owner = f.user()
    shop = f.seller(owner=owner, trading_name="HTX Mật hoa dừa", slug="htx-mat-hoa-dua")
    category = f.category()
    sap = f.product(shop, name="Dừa sáp nguyên trái", slug="dua-sap", price_vnd=90000, stock=20)
    order = awaiting_order(f, shop, sap)
    ingredient = Lot.objects.create(  # the raw nectar the shop collected itself
        product=f.product(shop, name="Mật hoa dừa thô"), code="NL-01",
        produced_on=timezone.localdate(), quantity=50,
    )  # fmt: skip

    page = open_page(user=owner)
    page.goto("/")
    page.get_by_role("link", name="Cửa hàng của tôi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("HTX Mật hoa dừa")
    expect(page.get_by_role("link", name="1 đơn chờ xác nhận")).to_be_visible()
    assert page.get_by_role("img", name="Đơn hàng theo tuần").count() == 1
    assert overflow(page) <= 0, too_wide(page)
    shot(page, "centre")

    # A product priced the way Vietnamese people write it.
    page.get_by_role("link", name="Thêm sản phẩm").first.click()
    page.get_by_label("Tên sản phẩm").fill("Mật hoa dừa 250 ml")
    page.locator("#id_category").select_option(str(category.pk))
    page.locator("#id_unit").select_option("chai")
    page.get_by_label("Giá (đồng)").fill("125.000")
    page.locator("#id_stock").fill("12")
    page.locator("#id_sku").fill("MHD-250")
    page.locator("#id_status").select_option("active")
    shot(page, "new-product")
    page.get_by_role("button", name="Thêm sản phẩm").click()
    expect(page.get_by_role("status")).to_contain_text("Đã thêm sản phẩm")
    product = Product.objects.get(seller=shop, sku="MHD-250")
    assert product.price_vnd == 125_000
    page.goto(f"/p/{product.slug}/")
    expect(page.locator("main")).to_contain_text("125.000 ₫")
    shot(page, "product-page")

    # Confirm and ship the order waiting in the centre.
    page.goto(f"/seller/{shop.slug}/")
    page.get_by_role("link", name=order.code).click()
    page.get_by_role("button", name="Xác nhận đơn").click()
    page.get_by_label("Đơn vị vận chuyển").fill("Viettel Post")
    page.get_by_label("Mã vận đơn").fill("VTP123456789")
    shot(page, "confirmed")
    page.get_by_role("button", name="Đã giao cho vận chuyển").click()
    expect(page.locator("main")).to_contain_text("Đang giao")
    order.refresh_from_db()
    assert (order.status, order.tracking_number) == ("shipped", "VTP123456789")
    shot(page, "shipped")

    # A lot made from a supplier's lot, and its QR labels.
    page.goto(f"/lots/{shop.slug}/")
    page.get_by_label("Sản phẩm", exact=True).select_option(str(product.pk))
    page.get_by_label("Mã lô").fill("L2412")
    page.get_by_label("Số lượng", exact=True).fill("100")
    page.get_by_label("Lô nguyên liệu đã dùng").select_option(str(ingredient.pk))
    page.get_by_role("button", name="Tạo lô").click()
    expect(page.get_by_role("status")).to_contain_text("Đã tạo lô L2412")
    lot = Lot.objects.get(product=product, code="L2412")
    assert list(lot.inputs.all()) == [ingredient]
    shot(page, "lot")
    page.get_by_role("button", name="Xem trước").click()
    assert page.locator("svg").count() >= 1
    shot(page, "labels")
    pdf = page.request.get(f"/lots/{shop.slug}/{lot.pk}/labels/")
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF-")


def test_the_new_role_pages_do_not_scroll_sideways_at_360px(f, open_page, shot):
    owner = f.user()
    shop = f.seller(owner=owner, trading_name="Cơ sở sản xuất có tên rất dài để thử trang trên điện thoại")
    product = f.product(shop, name="Kẹo dừa sáp Cầu Kè loại đặc biệt hộp quà tặng 500 gam", stock=2)
    awaiting_order(f, shop, product)
    f.seller(status=Seller.Status.PENDING)
    found = {}
    for user, paths in (
        (owner, [f"/seller/{shop.slug}/", "/seller/"]),
        (f.officer(), ["/officer/", "/officer/counterfeit/"]),
    ):
        page = open_page(user=user, viewport=NARROW)
        for path in paths:
            assert page.goto(path).status == 200, path
            shot(page, re.sub(r"\W+", "-", path).strip("-"))
            if (extra := overflow(page)) > 0:
                found[path] = (extra, too_wide(page))
    assert found == {}
