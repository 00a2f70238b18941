"""Every role at home: the header leads a seller to their shop centre and an officer to their workspace;
the seller centre says what needs doing now and how the shop is doing; the officer workspace counts each
queue and links to the filtered list."""

import datetime
import re

import pytest
from django.utils import timezone

from hangviet.orders.models import Checkout, Order, OrderItem, Payment
from hangviet.promotion.models import BoothApplication, BuyRequest, Fair, SupplierMatch
from hangviet.sellers.models import Seller
from hangviet.trace.models import CounterfeitFlag, Lot, ScanCount, SerialItem

pytestmark = pytest.mark.django_db


def _order(f, seller, code, *, status="awaiting", method="cod", payment="cod", total=100_000, days_ago=0):
    com = f.commune()
    checkout = Checkout.objects.create(
        code=f"G{code}",
        buyer_name="Người mua",
        buyer_phone="0912345678",
        street="1 Lê Lợi",
        commune=com,
        province=com.province,
        payment_method=method,
        total_vnd=total,
    )
    order = Order.objects.create(
        code=code,
        checkout=checkout,
        seller=seller,
        status=status,
        payment_method=method,
        payment_status=payment,
        subtotal_vnd=total,
        delivery_fee_vnd=0,
        total_vnd=total,
        respond_by=timezone.now() + datetime.timedelta(hours=5) if status == "awaiting" else None,
    )
    Order.objects.filter(pk=order.pk).update(created_at=timezone.now() - datetime.timedelta(days=days_ago))
    return order


def _fair(f, slug="hoi-cho-tet", starts_in=10):
    com = f.commune()
    starts = timezone.localdate() + datetime.timedelta(days=starts_in)
    return Fair.objects.create(
        name=f"Hội chợ {slug}",
        slug=slug,
        organiser="Sở Công Thương",
        starts_on=starts,
        ends_on=starts + datetime.timedelta(days=2),
        venue="Quảng trường",
        province=com.province,
        commune=com,
        applications_open_on=starts - datetime.timedelta(days=30),
        applications_close_on=starts - datetime.timedelta(days=5),
    )


def _buy_request(f, title="Mật hoa dừa 2 tấn"):
    today = timezone.localdate()
    return BuyRequest.objects.create(
        buyer=f.user(),
        buyer_name="Siêu thị Co.op",
        buyer_kind=BuyRequest.BuyerKind.SUPERMARKET,
        contact_email="mua@example.vn",
        title=title,
        volume=2000,
        unit="kg",
        delivery_from=today + datetime.timedelta(days=20),
        delivery_to=today + datetime.timedelta(days=40),
        delivery_province=f.province(),
        delivery_place="Kho Co.op",
        deadline_on=today + datetime.timedelta(days=7),
    )


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


# --- navigation by role ----------------------------------------------------------------------------


def test_the_header_leads_a_seller_to_their_shop_and_an_officer_to_their_workspace(f, client):
    owner = f.user()
    f.seller(owner=owner)
    client.force_login(owner)
    header = _text(client.get("/")).split("</header>")[0]
    assert 'href="/seller/">Cửa hàng của tôi</a>' in header
    assert "Bàn làm việc" not in header

    client.force_login(f.officer())
    header = _text(client.get("/")).split("</header>")[0]
    assert 'href="/officer/">Bàn làm việc</a>' in header
    assert "Cửa hàng của tôi" not in header

    client.force_login(f.user())  # a buyer: neither
    header = _text(client.get("/")).split("</header>")[0]
    assert "Cửa hàng của tôi" not in header and "Bàn làm việc" not in header


def test_the_account_page_links_the_sellers_shop_and_the_officers_workspace(f, client):
    owner = f.user()
    shop = f.seller(owner=owner, trading_name="HTX Mật hoa dừa")
    client.force_login(owner)
    assert f'<a href="/seller/{shop.slug}/">HTX Mật hoa dừa</a>' in _text(client.get("/accounts/account/"))
    client.force_login(f.officer())
    assert 'href="/officer/">Bàn làm việc của cán bộ</a>' in _text(client.get("/accounts/account/"))


def test_opening_a_shop_again_leads_an_owner_to_their_shop_not_a_blank_form(f, client):
    owner = f.user()
    shop = f.seller(owner=owner)
    client.force_login(owner)
    response = client.get("/sell/register/", follow=True)
    assert response.redirect_chain[-1][0] == f"/seller/{shop.slug}/"
    assert "Bạn đã có cửa hàng" in _text(response)
    # a second shop stays possible, on purpose
    assert 'name="tax_code"' in _text(client.get("/sell/register/?another=1"))
    client.force_login(f.user())  # someone without a shop gets the form
    assert 'name="tax_code"' in _text(client.get("/sell/register/"))


# --- the seller centre -----------------------------------------------------------------------------


@pytest.fixture
def busy_shop(f):
    owner = f.user()
    shop = f.seller(
        owner=owner, trading_name="HTX Mật hoa dừa", bank_bin="970415", bank_account="0011001932418"
    )
    nectar = f.product(shop, name="Mật hoa dừa 250 ml", stock=3)
    f.product(shop, name="Đường hoa dừa", stock=50)
    f.product(shop, name="Nháp sắp hết", stock=0, status="draft")  # not on sale: not a worry
    _order(f, shop, "DH0001")  # awaiting, COD
    _order(f, shop, "DH0002", method="vietqr", payment="unpaid", total=250_000)
    sold = _order(f, shop, "DH0003", status="delivered", total=340_000, days_ago=7)
    OrderItem.objects.create(
        order=sold, product=nectar, product_name=nectar.name, product_slug=nectar.slug, sku="S",
        unit="chai", unit_price_vnd=85_000, quantity=4, line_total_vnd=340_000,
    )  # fmt: skip
    _order(f, shop, "DH0004", status="cancelled", total=999_000, days_ago=7)
    Payment.objects.create(
        transaction_id="FT1", amount_vnd=5_000, description="chuyen tien", account="0011001932418",
        bank_bin="970415", paid_at=timezone.now(), outcome=Payment.Outcome.UNMATCHED, needs_review=True,
    )  # fmt: skip
    fair = _fair(f)
    BoothApplication.objects.create(fair=fair, seller=shop, organisation_name=shop.trading_name)
    request = _buy_request(f)
    SupplierMatch.objects.create(buy_request=request, seller=shop, score=80)
    lot = Lot.objects.create(product=nectar, code="L2401", produced_on=timezone.localdate(), quantity=100)
    ScanCount.objects.create(lot=lot, day=timezone.localdate(), count=12)
    ScanCount.objects.create(lot=lot, day=timezone.localdate() - datetime.timedelta(days=200), count=500)
    return owner, shop


def test_the_seller_centre_lists_what_needs_doing_now(client, busy_shop):
    owner, shop = busy_shop
    client.force_login(owner)
    page = _text(client.get(f"/seller/{shop.slug}/"))
    todo = page.split('id="todo-h"')[1].split('id="stats-h"')[0]
    assert f'href="/seller/{shop.slug}/orders/?status=awaiting">2 đơn chờ xác nhận</a>' in todo
    assert "DH0001" in todo and "trả lời trước" in todo  # with its deadline
    assert f'href="/seller/{shop.slug}/orders/?payment=unpaid">1 đơn VietQR chưa nhận đủ tiền</a>' in todo
    assert "1 khoản chuyển khoản cần đối soát" in todo
    assert "1 sản phẩm sắp hết hàng" in todo and "Mật hoa dừa 250 ml" in todo
    assert "Nháp sắp hết" not in todo
    assert "Hội chợ hoi-cho-tet" in todo and "Chờ duyệt" in todo
    assert "1 yêu cầu mua hàng phù hợp với cửa hàng, chưa chào giá" in todo and "Mật hoa dừa 2 tấn" in todo


def test_the_seller_centre_shows_orders_and_sales_by_week_best_sellers_and_scans(client, busy_shop):
    owner, shop = busy_shop
    client.force_login(owner)
    page = _text(client.get(f"/seller/{shop.slug}/"))
    stats = page.split('id="stats-h"')[1]
    assert stats.count('<svg xmlns="http://www.w3.org/2000/svg"') == 2
    assert 'role="img"' in stats and "<title" in stats
    rows = re.findall(
        r"<tr><td>([\d/]+)</td><td class=\"num\">(\d+)</td><td class=\"num\">([^<]*)</td></tr>", stats
    )
    assert len(rows) == 13  # thirteen weeks, each present
    assert rows[-1][1] == "2"  # this week: the awaiting and the VietQR order
    assert rows[-2][1:] == ("2", "340.000 ₫")  # last week: two placed, the cancelled one is no sale
    assert "Mật hoa dừa 250 ml</a> · 4 đã bán · 340.000 ₫" in stats
    assert "12 lượt quét trong 91 ngày qua." in stats  # the old scans are outside the window


def test_the_seller_centre_of_a_quiet_shop_says_there_is_nothing_to_do(f, client):
    owner = f.user()
    shop = f.seller(owner=owner)
    client.force_login(owner)
    page = _text(client.get(f"/seller/{shop.slug}/"))
    assert "Không có việc nào đang chờ cửa hàng." in page
    assert "Chưa bán được sản phẩm nào trong thời gian này." in page


def test_the_lists_the_seller_centre_links_to_are_filtered(client, busy_shop):
    owner, shop = busy_shop
    client.force_login(owner)
    unpaid = _text(client.get(f"/seller/{shop.slug}/orders/?payment=unpaid"))
    assert "DH0002" in unpaid and "DH0001" not in unpaid
    low = _text(client.get(f"/seller/{shop.slug}/products/?low_stock=on"))
    assert "Mật hoa dừa 250 ml" in low and "Đường hoa dừa" not in low


# --- the officer workspace -------------------------------------------------------------------------


def test_the_officer_workspace_counts_each_queue_and_links_to_the_filtered_list(f, client):
    f.seller(status=Seller.Status.PENDING)
    f.seller(status=Seller.Status.PENDING)
    shop = f.seller()
    fair = _fair(f)
    BoothApplication.objects.create(fair=fair, seller=shop, organisation_name="A")
    BoothApplication.objects.create(fair=fair, organisation_name="B", status=BoothApplication.Status.APPROVED)
    lot = Lot.objects.create(product=f.product(shop), code="L1", produced_on=timezone.localdate(), quantity=5)
    item = SerialItem.objects.create(lot=lot, serial="0001")
    CounterfeitFlag.objects.create(item=item, reason=CounterfeitFlag.Reason.TOO_MANY_SCANS)
    CounterfeitFlag.objects.create(
        item=item, reason=CounterfeitFlag.Reason.FAR_APART, resolved_at=timezone.now()
    )
    Payment.objects.create(
        transaction_id="FT9", amount_vnd=1, description="x", paid_at=timezone.now(),
        outcome=Payment.Outcome.UNMATCHED, needs_review=True,
    )  # fmt: skip
    client.force_login(f.officer(is_staff=True))
    page = _text(client.get("/officer/"))
    count = '</a> <strong class="count">{}</strong>'.format
    assert '<a href="/officer/sellers/?status=pending">Người bán chờ xác minh' + count(2) in page
    assert '<a href="/ocop/dossiers/?status=submitted">Hồ sơ OCOP: Đã nộp' + count(0) in page
    assert f'<a href="/officer/fairs/{fair.slug}/?status=submitted">{fair.name}' + count(1) in page
    assert '<a href="/officer/counterfeit/?status=open">Cảnh báo hàng giả chưa kiểm tra' + count(1) in page
    assert "Khoản chuyển khoản không khớp đơn nào" + count(1) in page

    flags = _text(client.get("/officer/counterfeit/?status=open"))
    assert "Quét quá nhiều lần trong ngày" in flags and "Quét ở hai quốc gia khác nhau" not in flags
    assert "Quét ở hai quốc gia khác nhau" in _text(client.get("/officer/counterfeit/?status=resolved"))
    admin = client.get("/admin/orders/payment/?needs_review__exact=1&order__isnull=True")
    assert admin.status_code == 200 and "FT9" in admin.content.decode()


def test_the_officer_workspace_is_for_officers_only(f, client):
    assert client.get("/officer/").status_code == 302  # to the login page
    client.force_login(f.user())
    assert client.get("/officer/").status_code == 403
    assert client.get("/officer/counterfeit/").status_code == 403


# --- the business licence, shown to the officer who verifies ----------------------------------------

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _registration(f, **extra):
    com = f.commune()
    return {
        "kind": "cooperative", "legal_name": "HTX Dừa Sáp Cầu Kè", "trading_name": "Dừa sáp Cầu Kè",
        "tax_code": f.make_tax_code(901), "street": "Ấp 3", "province": com.province.pk, "commune": com.pk,
        "phone": "0912345678", "email": "htx@example.vn", "representative": "Lê Văn B", **extra,
    }  # fmt: skip


def test_an_officer_verifying_a_seller_sees_the_uploaded_licence(f, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    owner = f.user()
    client.force_login(owner)
    data = _registration(f, licence=SimpleUploadedFile("gcn.pdf", PDF, content_type="text/plain"))
    assert client.post("/sell/register/", data).status_code == 302
    seller = Seller.objects.get(legal_name="HTX Dừa Sáp Cầu Kè")
    assert seller.licence_type == "application/pdf"
    assert client.get(f"/officer/sellers/{seller.pk}/licence/").status_code == 403  # the seller itself

    client.force_login(f.officer())
    page = _text(client.get(f"/officer/sellers/{seller.pk}/"))
    assert f'<a href="/officer/sellers/{seller.pk}/licence/">Giấy chứng nhận đăng ký kinh doanh</a>' in page
    served = client.get(f"/officer/sellers/{seller.pk}/licence/")
    assert served.status_code == 200 and served["Content-Type"] == "application/pdf"
    assert b"".join(served.streaming_content) == PDF
    assert not seller.licence.name.startswith("sellers/logos/")  # private storage, random name


def test_a_licence_that_is_not_a_pdf_or_picture_is_refused(f, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(f.user())
    data = _registration(f, licence=SimpleUploadedFile("gcn.pdf", b"<html>not a pdf</html>"))
    response = client.post("/sell/register/", data)
    assert "Chỉ nhận tệp PDF hoặc ảnh JPEG, PNG." in _text(response)
    assert not Seller.objects.filter(legal_name="HTX Dừa Sáp Cầu Kè").exists()


def test_the_role_homes_read_in_english(client, busy_shop, f):
    owner, shop = busy_shop
    client.force_login(owner)
    page = _text(client.get(f"/seller/{shop.slug}/", HTTP_ACCEPT_LANGUAGE="en"))
    for text in (
        "To do",
        "2 orders waiting for confirmation",
        "1 product running out",
        "How the shop is doing",
    ):
        assert text in page, text
    client.force_login(f.officer())
    page = _text(client.get("/officer/", HTTP_ACCEPT_LANGUAGE="en"))
    assert "Officer workspace" in page and "Sellers to verify" in page and "OCOP dossiers: Submitted" in page
