import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from hangviet.core.errors import ValidationFailed
from hangviet.promotion import queries
from hangviet.promotion.errors import BuyRequestClosed, OfferExists, SellerNotVerified
from hangviet.promotion.models import BuyRequest, Mou, Offer, SupplierCertification
from hangviet.promotion.services import sourcing
from hangviet.sellers.models import Seller
from tests.factories import owner_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(f, today):
    def make(buyer=None, **kw) -> BuyRequest:
        fields = {
            "buyer_name": "Siêu thị Co.op",
            "buyer_kind": "supermarket",
            "contact_email": "mua@coop.vn",
            "title": "Mật hoa dừa",
            "category": f.category(),
            "volume": 100,
            "unit": "chai",
            "delivery_from": today + datetime.timedelta(days=10),
            "delivery_to": today + datetime.timedelta(days=40),
            "delivery_province": f.province(),
            "delivery_place": "Kho Bình Dương",
            "deadline_on": today + datetime.timedelta(days=7),
        }
        fields.update(kw)
        return sourcing.post_buy_request(actor=buyer or f.user(), **fields)

    return make


def test_matches_are_ranked_with_reasons(f, post, django_capture_on_commit_callbacks):
    other_province = f.commune(code="26734", name="Phường Thủ Dầu Một", prov=f.province("79", "Hồ Chí Minh"))
    best = f.seller(trading_name="HTX Tốt nhất")
    f.product(best, name="Mật hoa dừa Cầu Ngang", ocop_stars=4, stock=500, price_vnd=60000)
    SupplierCertification.objects.create(seller=best, kind="vietgap")
    middle = f.seller(trading_name="Cơ sở Giữa", commune=other_province)
    f.product(middle, name="Mật hoa dừa nguyên chất", ocop_stars=3, stock=20, price_vnd=70000)
    weak = f.seller(trading_name="Cơ sở Cùng danh mục")
    f.product(weak, name="Bánh tét lá cẩm", stock=0)
    f.product(f.seller(status=Seller.Status.PENDING), name="Mật hoa dừa chưa xác minh", stock=999)
    f.product(f.seller(), name="Áo bà ba", category=f.category("V", "Vải may mặc"))

    with django_capture_on_commit_callbacks(execute=True):
        request = post(price_max_vnd=65000)
    matches = list(request.matches.all())
    assert [m.seller.trading_name for m in matches] == ["HTX Tốt nhất", "Cơ sở Giữa", "Cơ sở Cùng danh mục"]
    assert matches[0].score > matches[1].score > matches[2].score
    codes = [r["code"] for r in matches[0].reasons]
    assert codes == [
        "category",
        "name",
        "ocop",
        "vietgap",
        "capacity_full",
        "same_province",
        "price_in_range",
    ]
    assert [r["code"] for r in matches[1].reasons] == ["category", "name", "ocop", "capacity_partial"]
    assert [r["code"] for r in matches[2].reasons] == ["category", "same_province"]
    texts = [queries.reason_text(r) for r in matches[0].reasons]
    assert "Sản phẩm đạt OCOP 4 sao" in texts
    assert "Tồn kho 500 đủ khối lượng yêu cầu 100" in texts
    assert "Giá từ 60.000\xa0₫, trong khoảng giá mong muốn" in texts
    assert len(mail.outbox) == 3 and {m.to[0] for m in mail.outbox} == {best.email, middle.email, weak.email}


def test_hard_requirements_filter_suppliers(f, post):
    three = f.seller(trading_name="Ba sao")
    f.product(three, name="Mật hoa dừa", ocop_stars=3)
    four = f.seller(trading_name="Bốn sao")
    f.product(four, name="Mật hoa dừa", ocop_stars=4)
    chain = f.seller(trading_name="Trong chuỗi")
    f.product(chain, name="Mật hoa dừa", ocop_stars=5)
    SupplierCertification.objects.create(seller=chain, kind="chain")
    assert [m.seller for m in post(min_ocop_stars=4).matches.all()] == [chain, four]
    assert [m.seller for m in post(needs_chain=True).matches.all()] == [chain]
    assert list(post(needs_vietgap=True).matches.all()) == []


def test_buy_request_input_is_checked(f, post, today):
    with pytest.raises(ValidationFailed) as exc:
        post(
            deadline_on=today - datetime.timedelta(days=1),
            price_min_vnd=9000,
            price_max_vnd=1000,
            contact_phone="123",
            min_ocop_stars=2,
        )
    fields = {e["field"] for e in exc.value.errors}
    assert fields == {"deadline_on", "price_max_vnd", "contact_phone", "min_ocop_stars"}
    assert not BuyRequest.objects.exists()


def test_offer_rules(f, post, today):
    request = post()
    seller = f.seller()
    kw = {"unit_price_vnd": 55000, "volume": 100, "delivery_on": today + datetime.timedelta(days=15)}
    with pytest.raises(PermissionDenied):
        sourcing.make_offer(actor=f.user(), buy_request=request, seller=seller, **kw)
    pending = f.seller(status=Seller.Status.PENDING)
    with pytest.raises(SellerNotVerified):
        sourcing.make_offer(actor=owner_of(pending), buy_request=request, seller=pending, **kw)
    sourcing.make_offer(actor=owner_of(seller), buy_request=request, seller=seller, **kw)
    with pytest.raises(OfferExists):
        sourcing.make_offer(actor=owner_of(seller), buy_request=request, seller=seller, **kw)
    with pytest.raises(ValidationFailed):
        other = f.seller()
        sourcing.make_offer(
            actor=owner_of(other), buy_request=request, seller=other, **{**kw, "unit_price_vnd": 0}
        )


def test_only_the_buyer_accepts_and_only_once(f, post, today):
    buyer = f.user()
    request = post(buyer=buyer)
    a, b = f.seller(), f.seller()
    kw = {"volume": 100, "delivery_on": today + datetime.timedelta(days=15)}
    offer_a = sourcing.make_offer(
        actor=owner_of(a), buy_request=request, seller=a, unit_price_vnd=50000, **kw
    )
    offer_b = sourcing.make_offer(
        actor=owner_of(b), buy_request=request, seller=b, unit_price_vnd=52000, **kw
    )
    for intruder in (owner_of(a), f.officer()):
        with pytest.raises(PermissionDenied):
            sourcing.accept_offer(actor=intruder, offer=offer_a)
    sourcing.accept_offer(actor=buyer, offer=offer_b, create_mou=True)
    request.refresh_from_db()
    assert request.status == "awarded" and request.accepted_offer_id == offer_b.pk
    assert dict(Offer.objects.values_list("pk", "status")) == {offer_a.pk: "declined", offer_b.pk: "accepted"}
    mou = Mou.objects.get()
    assert (mou.supplier, mou.value_vnd, mou.volume) == (b, 5_200_000, "100 chai")
    with pytest.raises(BuyRequestClosed):
        sourcing.accept_offer(actor=buyer, offer=offer_a)
    with pytest.raises(BuyRequestClosed):
        c = f.seller()
        sourcing.make_offer(actor=owner_of(c), buy_request=request, seller=c, unit_price_vnd=1, **kw)


def test_api_lists_open_requests_and_takes_offers_with_a_token(client, f, post, today, api_token):
    request = post()
    post(title="Gạo ST25", deadline_on=today)  # still open today
    closed = post(title="Đã đóng")
    sourcing.close_buy_request(actor=closed.buyer, buy_request=closed)
    data = client.get("/api/v1/buy-requests").json()
    assert data["count"] == 2 and {i["title"] for i in data["items"]} == {"Mật hoa dừa", "Gạo ST25"}
    assert client.get("/api/v1/buy-requests?page_size=1000").status_code == 422

    seller = f.seller()
    url = f"/api/v1/buy-requests/{request.pk}/offers"
    body = {
        "seller": seller.slug,
        "unit_price_vnd": 58000,
        "volume": 80,
        "delivery_on": str(today + datetime.timedelta(days=20)),
    }
    assert client.post(url, body, content_type="application/json").status_code == 401
    stranger = api_token(f.user())
    response = client.post(
        url, body, content_type="application/json", headers={"Authorization": f"Bearer {stranger}"}
    )
    assert response.status_code == 404 and response.json()["errors"][0]["field"] == "body.seller"
    token = api_token(owner_of(seller))
    auth = {"Authorization": f"Bearer {token}"}
    response = client.post(url, body, content_type="application/json", headers=auth)
    assert response.status_code == 201, response.content
    assert response.json()["total_vnd"] == 58000 * 80 and response.json()["seller"] == seller.slug
    again = client.post(url, body, content_type="application/json", headers=auth)
    assert again.status_code == 409 and again.json()["code"] == "offer_exists"
    bad = client.post(url, {**body, "volume": 0}, content_type="application/json", headers=auth)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "body.volume"
    gone = client.post(
        "/api/v1/buy-requests/999999/offers", body, content_type="application/json", headers=auth
    )
    assert gone.status_code == 404
    assert client.get(f"/api/v1/buy-requests/{request.pk}").json()["offer_count"] == 1


def test_pages_buyer_posts_supplier_offers_buyer_accepts(client, f, today):
    supplier = f.seller(trading_name="HTX Dừa sáp")
    f.product(supplier, name="Dừa sáp Cầu Kè", ocop_stars=4, stock=1000)
    buyer = f.user()
    client.force_login(buyer)
    response = client.post(
        reverse("promotion:buy_request_new"),
        {
            "buyer_name": "Công ty XNK Mekong",
            "buyer_kind": "exporter",
            "contact_email": "xnk@mekong.vn",
            "title": "Dừa sáp",
            "category": f.category().pk,
            "volume": 500,
            "unit": "trái",
            "delivery_from": str(today + datetime.timedelta(days=5)),
            "delivery_to": str(today + datetime.timedelta(days=30)),
            "delivery_province": f.province().pk,
            "delivery_place": "Cảng Cần Thơ",
            "min_ocop_stars": 3,
            "deadline_on": str(today + datetime.timedelta(days=3)),
        },
    )
    request = BuyRequest.objects.get()
    assert response.status_code == 302
    page = client.get(reverse("promotion:buy_request", args=[request.pk])).content.decode()
    assert "HTX Dừa sáp" in page and "Sản phẩm đạt OCOP 4 sao" in page

    client.force_login(owner_of(supplier))
    page = client.get(reverse("promotion:buy_request", args=[request.pk])).content.decode()
    assert "Gửi chào giá" in page and "Sản phẩm đạt OCOP 4 sao" not in page  # matches are the buyer's
    response = client.post(
        reverse("promotion:buy_request", args=[request.pk]),
        {
            "seller": supplier.pk,
            "unit_price_vnd": 25000,
            "volume": 500,
            "delivery_on": str(today + datetime.timedelta(days=10)),
        },
    )
    assert response.status_code == 302
    offer = Offer.objects.get()
    assert client.post(reverse("promotion:offer_accept", args=[request.pk, offer.pk])).status_code == 403
    offer.refresh_from_db()
    assert offer.status == "submitted"  # the supplier cannot accept its own offer

    client.force_login(buyer)
    assert "12.500.000" in client.get(reverse("promotion:buy_request", args=[request.pk])).content.decode()
    client.post(reverse("promotion:offer_accept", args=[request.pk, offer.pk]), {"create_mou": "1"})
    offer.refresh_from_db()
    request.refresh_from_db()
    assert offer.status == "accepted" and request.status == "awarded" and Mou.objects.count() == 1
    assert "Mekong" not in client.get(reverse("promotion:buy_requests")).content.decode()  # no longer open


def test_officers_record_the_certifications_matching_asks_for(f, post):
    officer = f.officer()
    seller = f.seller(trading_name="HTX VietGAP")
    f.product(seller, name="Mật hoa dừa Cầu Ngang", stock=500)
    with pytest.raises(PermissionDenied):
        sourcing.record_certification(actor=f.user(), seller=seller, kind="vietgap")
    certification = sourcing.record_certification(actor=officer, seller=seller, kind="vietgap", number="VG-1")
    with pytest.raises(ValidationFailed):  # one certification of each kind per seller
        sourcing.record_certification(actor=officer, seller=seller, kind="vietgap", number="VG-2")
    assert [m.seller for m in post(needs_vietgap=True).matches.all()] == [seller]
    sourcing.update_certification(
        actor=officer, certification=certification, valid_until=datetime.date(2020, 1, 1)
    )
    assert not post(needs_vietgap=True).matches.exists()  # expired
    sourcing.update_certification(actor=officer, certification=certification, valid_until=None)
    sourcing.remove_certification(actor=officer, certification=certification)
    assert not post(needs_vietgap=True).matches.exists()
