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
from tests.e2e.helpers import NARROW, overflow, too_wide

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


def test_the_new_role_pages_do_not_scroll_sideways_at_360px_and_pass_axe(f, open_page, shot):
    from axe_playwright_python.sync_playwright import Axe

    owner = f.user()
    shop = f.seller(owner=owner, trading_name="Cơ sở sản xuất có tên rất dài để thử trang trên điện thoại")
    product = f.product(shop, name="Kẹo dừa sáp Cầu Kè loại đặc biệt hộp quà tặng 500 gam", stock=2)
    awaiting_order(f, shop, product)
    f.seller(status=Seller.Status.PENDING)
    found, problems = {}, {}
    axe = Axe()
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
            serious = [
                f"{v['id']}: {v['help']} ({len(v['nodes'])})"
                for v in axe.run(page).response["violations"]
                if v["impact"] in ("serious", "critical")
            ]
            if serious:
                problems[path] = serious
    assert found == {}
    assert problems == {}


@pytest.fixture
def officer_world(f):
    from django.core.files.base import ContentFile

    from hangviet.promotion.models import Booth, BoothApplication, Fair, Showroom
    from hangviet.promotion.services import showrooms

    officer = f.officer(is_staff=True)
    pending = f.seller(status=Seller.Status.PENDING, trading_name="HTX Dừa sáp Cầu Kè")
    pending.licence.save("gcn.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    pending.licence_type = "application/pdf"
    pending.save()
    shop = f.seller(trading_name="Cơ sở Bánh tét Trà Cuôn")
    com = f.commune()
    starts = timezone.localdate() + datetime.timedelta(days=20)
    fair = Fair.objects.create(
        name="Hội chợ OCOP Vĩnh Long", slug="hoi-cho-ocop", organiser="Sở Công Thương", starts_on=starts,
        ends_on=starts + datetime.timedelta(days=3), venue="Quảng trường", province=com.province, commune=com,
        applications_open_on=starts - datetime.timedelta(days=30),
        applications_close_on=starts - datetime.timedelta(days=5),
    )  # fmt: skip
    Booth.objects.create(fair=fair, code="A1", row=1, column=1)  # rows and columns count from 1
    application = BoothApplication.objects.create(fair=fair, seller=shop, organisation_name=shop.trading_name)
    showroom = Showroom.objects.create(
        name="Cửa hàng OCOP Ao Bà Om", slug="ao-ba-om", site="Khu di tích Ao Bà Om", street="Quốc lộ 53",
        commune=com, opening_hours="7:00–21:00", commission_bp=1000, bank_bin="970415",
        bank_account="0011001932418",
    )  # fmt: skip
    cake = f.product(shop, name="Bánh tét lá cẩm", price_vnd=60000)
    showrooms.receive_consignment(actor=officer, showroom=showroom, seller=shop, lines=[(cake, 5)])
    return {"officer": officer, "pending": pending, "application": application, "cake": cake}


def test_an_officer_verifies_a_seller_assigns_a_booth_and_sells_at_the_counter_with_vietqr(
    open_page, shot, officer_world
):
    w = officer_world
    page = open_page(user=w["officer"])
    page.goto("/")
    page.get_by_role("link", name="Bàn làm việc").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bàn làm việc của cán bộ")
    assert overflow(page) <= 0, too_wide(page)
    shot(page, "workspace")

    # Verify the seller, its business licence in view.
    page.get_by_role("link", name="Người bán chờ xác minh").click()
    page.get_by_role("link", name="HTX Dừa sáp Cầu Kè").click()
    licence = page.get_by_role("link", name="Giấy chứng nhận đăng ký kinh doanh")
    expect(licence).to_be_visible()
    served = page.request.get(licence.get_attribute("href"))
    assert served.status == 200 and served.headers["content-type"] == "application/pdf"
    shot(page, "seller-to-verify")
    page.get_by_role("button", name="Xác minh người bán này").click()
    expect(page.get_by_role("status")).to_contain_text("Đã xác minh HTX Dừa sáp Cầu Kè")
    w["pending"].refresh_from_db()
    assert w["pending"].status == "verified"

    # Assign a booth to the waiting application, from the workspace's queue.
    page.goto("/officer/")
    page.get_by_role("link", name="Hội chợ OCOP Vĩnh Long").click()
    page.get_by_role("button", name="Duyệt, xếp gian").click()
    w["application"].refresh_from_db()
    assert w["application"].status == "approved"
    assert [b.code for b in w["application"].booths.all()] == ["A1"]
    shot(page, "booth-assigned")

    # A counter sale paid by VietQR: the receipt's QR is a picture the browser can draw.
    page.goto("/showrooms/ao-ba-om/counter/")
    page.get_by_label("Bánh tét lá cẩm").fill("2")
    page.get_by_label("Chuyển khoản VietQR").check()
    page.get_by_role("button", name="Bán", exact=True).click()
    expect(page.locator("main")).to_contain_text("120.000 ₫")
    qr = page.get_by_role("img", name=re.compile("Mã VietQR"))
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0"), "the VietQR picture must load"
    shot(page, "counter-receipt")


def test_a_council_member_scores_a_dossier_from_the_page(open_page, shot):
    from hangviet.catalog.categories import load_ocop_categories
    from hangviet.catalog.models import Category
    from hangviet.ocop.models import Criterion, Rubric, RubricPart, ScoreSheet
    from hangviet.ocop.rubrics import load_rubrics
    from tests.ocop.helpers import in_evaluation, make_round, points_for

    # The OCOP groups and rubrics come from migrations, which a browser test's flush empties: load them.
    if not Category.objects.filter(code="I.2.2").exists():
        load_ocop_categories(Category)
    if not Rubric.objects.exists():
        load_rubrics(Rubric, RubricPart, Criterion, ScoreSheet)
    dossier = in_evaluation(make_round())
    member = dossier.round.council_members.order_by("pk").first()
    page = open_page(user=member)
    page.goto(f"/ocop/dossiers/{dossier.pk}/sheet/")
    for code, points in points_for(dossier, "72.5").items():
        field = page.locator(f'[name="c_{code}"]')
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(points.removesuffix(".00").removesuffix(".0"))
        else:
            field.fill(points)
    shot(page, "sheet")
    page.get_by_role("button", name="Nộp phiếu").click()
    expect(page.get_by_role("status").first).to_contain_text("Đã nộp phiếu chấm")
    sheet = ScoreSheet.objects.get(dossier=dossier, member=member)
    assert sheet.is_submitted and str(sheet.total) == "72.50"
    shot(page, "sheet-submitted")
