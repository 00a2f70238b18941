"""A buyer on a phone, in Vietnamese: search without tone marks, two shops in one cart, VietQR checkout,
then tracking with the group code shown after ordering."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from hangviet.orders.models import Order, Review
from hangviet.orders.services.lifecycle import confirm_order, mark_delivered, ship_order
from hangviet.sellers.models import Seller
from tests.e2e.helpers import overflow, too_wide
from tests.factories import owner_of
from tests.orders.helpers import place

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def two_shops(f):
    f.commune()
    a = f.seller(trading_name="HTX Mật hoa dừa", bank_bin="970415", bank_account="0011001932418")
    b = f.seller(
        trading_name="Cơ sở Bánh tét",
        bank_bin="970436",
        bank_account="1234567890",
        kind=Seller.Kind.HOUSEHOLD,
    )
    pa = f.product(a, name="Nước mắm cá cơm Duyên Hải", slug="nuoc-mam-ca-com", price_vnd=85000, stock=10)
    pb = f.product(b, name="Bánh tét Trà Cuôn", slug="banh-tet-tra-cuon", price_vnd=120000, stock=5)
    return pa, pb


def test_buyer_searches_buys_from_two_shops_with_vietqr_and_tracks_with_the_group_code(
    open_page, shot, two_shops
):
    nuoc_mam, banh_tet = two_shops
    page = open_page()
    response = page.goto("/")
    assert response.status == 200, page.content()[:3000]
    search = page.get_by_role("search").get_by_label("Tìm sản phẩm")
    search.fill("nuoc mam")  # no tone marks
    search.press("Enter")
    expect(page.get_by_role("link", name=nuoc_mam.name).first).to_be_visible()
    shot(page, "search")
    page.get_by_role("link", name=nuoc_mam.name).first.click()
    page.get_by_role("button", name="Thêm vào giỏ").click()
    page.goto(f"/p/{banh_tet.slug}/")
    page.get_by_role("button", name="Thêm vào giỏ").click()
    page.goto("/cart/")
    shot(page, "cart")
    remove = page.get_by_role("button", name="Bỏ").first
    expect(remove).to_be_visible()
    colour, background = remove.evaluate(
        "b => [getComputedStyle(b).color, getComputedStyle(document.body).backgroundColor]"
    )
    assert colour not in (background, "rgb(255, 255, 255)"), "the remove button must not be white on white"
    page.get_by_role("link", name="Đặt hàng").click()

    page.get_by_label("Họ và tên người nhận").fill("Trần Thị Bích")
    page.get_by_label("Số điện thoại").fill("0987 654 321")
    page.get_by_label("Số nhà, đường, ấp").fill("12 Nguyễn Đáng")
    page.get_by_label("Tỉnh/thành phố").select_option("86")  # the commune list follows (core/address.js)
    expect(page.locator("select[name=commune] option[value='29242']")).to_be_attached()
    page.get_by_label("Xã/phường/đặc khu").select_option("29242")
    page.get_by_label("Chuyển khoản qua mã VietQR").check()
    shot(page, "address")
    page.get_by_role("button", name="Xem lại đơn hàng").click()
    expect(page.get_by_role("heading", name="Xem lại đơn hàng")).to_be_visible()
    shot(page, "review")
    page.get_by_role("button", name=re.compile(r"^Đặt hàng \(")).click()

    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text("Đã đặt hàng")
    group_code = re.search(r"GH\w+", heading.inner_text()).group(0)
    assert page.locator("svg, img[src^='data:image/svg']").count() >= 2  # a VietQR per shop
    # the copy buttons beside each account number and note, shown by the script (hidden without it)
    expect(page.get_by_role("button", name="Chép số tài khoản")).to_have_count(2)
    expect(page.get_by_role("button", name="Chép nội dung").first).to_be_visible()
    shot(page, "placed")
    assert Order.objects.filter(checkout__code=group_code).count() == 2

    stranger = open_page()  # another browser: nothing but the code and the phone
    stranger.goto("/orders/track/")
    stranger.get_by_label("Mã đơn hàng").fill(group_code.lower())
    stranger.get_by_label("Số điện thoại đặt hàng").fill("0987654321")
    stranger.get_by_role("button", name=re.compile("Tra cứu")).click()
    for order in Order.objects.filter(checkout__code=group_code):
        expect(stranger.get_by_role("link", name=order.code)).to_be_visible()
    shot(stranger, "tracked")


def _serious(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']}: {v['help']}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_buyer_reviews_a_delivered_order_and_the_product_page_shows_it(open_page, shot, f, two_shops):
    nuoc_mam, _banh_tet = two_shops
    buyer = f.user()
    order = place([(nuoc_mam, 1)]).orders.get()
    Order.objects.filter(pk=order.pk).update(buyer=buyer)
    owner = owner_of(nuoc_mam.seller)
    confirm_order(actor=owner, order=order)
    ship_order(actor=owner, order=order, carrier="Viettel Post", tracking_number="VTP7")
    mark_delivered(actor=owner, order=order)

    page = open_page(user=buyer)
    page.goto(f"/orders/{order.code}/")
    expect(page.get_by_role("heading", name="Đánh giá sản phẩm")).to_be_visible()
    assert overflow(page) == 0, too_wide(page)
    assert _serious(page) == []
    page.get_by_label("4 sao").check()
    page.get_by_label("Nhận xét (không bắt buộc)").fill("Mắm thơm, vị đậm, đóng chai cẩn thận.")
    shot(page, "review-form")
    page.get_by_role("button", name="Gửi đánh giá").click()
    expect(page.get_by_text("Cảm ơn bạn đã đánh giá")).to_be_visible()
    assert Review.objects.get().stars == 4
    shot(page, "reviewed")

    page.goto(f"/p/{nuoc_mam.slug}/")
    reviews = page.locator("section.reviews")
    expect(reviews).to_contain_text("Mắm thơm, vị đậm")
    expect(page.locator(".rating-line")).to_contain_text("(1 đánh giá)")
    expect(page.locator(".rating-line")).to_contain_text("Đã bán 1")
    assert overflow(page) == 0, too_wide(page)
    assert _serious(page) == []
    shot(page, "product-with-review")
