"""Reviews end to end through the pages: a buyer rates a delivered line once, the shop answers once, an
officer hides an abusive one with a reason (admin), and the product page, the shop page and the product's
JSON-LD show the average of the visible ones."""

import json
import re

import pytest
from django.core import mail

from hangviet.orders import emails
from hangviet.orders.models import Order, Review
from hangviet.orders.services.lifecycle import confirm_order, mark_delivered, ship_order
from tests.factories import owner_of
from tests.orders.helpers import place

pytestmark = pytest.mark.django_db


def _delivered(shops, user=None, quantity=2):
    a, _b, pa, _pb = shops
    checkout = place([(pa, quantity)])
    order = checkout.orders.get()
    if user is not None:
        Order.objects.filter(pk=order.pk).update(buyer=user)
        order.refresh_from_db()
    owner = owner_of(a)
    confirm_order(actor=owner, order=order)
    ship_order(actor=owner, order=order, carrier="Viettel Post", tracking_number="VTP1")
    mark_delivered(actor=owner, order=order)
    return Order.objects.get(pk=order.pk)


def _jsonld(html):
    block = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S).group(1)
    return json.loads(block)


def test_a_buyer_reviews_a_delivered_line_once_and_the_product_page_shows_the_average(client, f, shops):
    buyer = f.user()
    order = _delivered(shops, buyer)
    item = order.items.get()
    client.force_login(buyer)
    page = client.get(f"/orders/{order.code}/").content.decode()
    assert "Gửi đánh giá" in page

    posted = client.post(
        f"/orders/{order.code}/lines/{item.pk}/review/",
        {f"r{item.pk}-stars": "4", f"r{item.pk}-text": "Thơm, ngọt vừa."},
    )
    assert posted.status_code == 302
    review = Review.objects.get()
    assert (review.stars, review.text, review.author_id, review.author_name) == (
        4,
        "Thơm, ngọt vừa.",
        buyer.pk,
        "Bích",
    )

    again = client.post(f"/orders/{order.code}/lines/{item.pk}/review/", {f"r{item.pk}-stars": "1"})
    assert again.status_code == 302 and Review.objects.count() == 1 and Review.objects.get().stars == 4

    product = client.get(f"/p/{item.product.slug}/").content.decode()
    assert "Thơm, ngọt vừa." in product and "4.0/5 (1 đánh giá)" in product.replace("4,0", "4.0")
    assert "Đã bán 2" in product
    rating = _jsonld(product)["aggregateRating"]
    assert rating == {
        "@type": "AggregateRating",
        "ratingValue": 4.0,
        "reviewCount": 1,
        "bestRating": 5,
        "worstRating": 1,
    }
    shop = client.get(f"/shops/{shops[0].slug}/").content.decode()
    assert "(1 đánh giá)" in shop and "Đã bán 2" in shop


def test_no_aggregate_rating_without_a_visible_review(client, shops):
    html = client.get(f"/p/{shops[2].slug}/").content.decode()
    assert "aggregateRating" not in html and "Chưa có đánh giá" in html


def test_only_a_delivered_order_of_ones_own_can_be_reviewed(client, f, shops):
    buyer = f.user()
    checkout = place([(shops[2], 1)])
    order = checkout.orders.get()
    Order.objects.filter(pk=order.pk).update(buyer=buyer)
    item = order.items.get()
    client.force_login(buyer)
    early = client.post(f"/orders/{order.code}/lines/{item.pk}/review/", {f"r{item.pk}-stars": "5"})
    assert early.status_code == 302 and not Review.objects.exists()

    delivered = _delivered(shops)
    stranger = type(client)()
    stranger.force_login(f.user(email="khac@example.vn", phone="0911111111"))
    other = delivered.items.get()
    refused = stranger.post(f"/orders/{delivered.code}/lines/{other.pk}/review/", {f"r{other.pk}-stars": "1"})
    assert refused.status_code == 404 and not Review.objects.exists()


@pytest.mark.parametrize(
    ("stars", "text", "message"),
    [
        ("0", "", "Select a valid choice"),
        ("6", "", "Select a valid choice"),
        ("", "", "1 đến 5"),
        ("5", "x" * 2001, "2000"),
    ],
)
def test_stars_and_text_are_checked_at_the_edge(client, f, shops, stars, text, message):
    buyer = f.user()
    order = _delivered(shops, buyer)
    item = order.items.get()
    client.force_login(buyer)
    answer = client.post(
        f"/orders/{order.code}/lines/{item.pk}/review/",
        {f"r{item.pk}-stars": stars, f"r{item.pk}-text": text},
    )
    assert answer.status_code == 422 and not Review.objects.exists()
    html = answer.content.decode()
    assert "1 đến 5" in html or "2000" in html or "2.000" in html


def test_the_seller_is_told_and_answers_once(client, f, shops, database_tasks):
    buyer = f.user()
    order = _delivered(shops, buyer)
    item = order.items.get()
    client.force_login(buyer)
    client.post(
        f"/orders/{order.code}/lines/{item.pk}/review/",
        {f"r{item.pk}-stars": "5", f"r{item.pk}-text": "Ngon"},
    )
    review = Review.objects.get()
    assert database_tasks("hangviet.orders.tasks.send_review_posted") == [[review.pk]]

    seller = type(client)()
    seller.force_login(owner_of(shops[0]))
    listing = seller.get(f"/seller/{shops[0].slug}/reviews/")
    assert listing.status_code == 200 and "Ngon" in listing.content.decode()
    url = f"/seller/{shops[0].slug}/reviews/{review.pk}/reply/"
    assert seller.post(url, {f"a{review.pk}-reply": "Cảm ơn anh chị!"}).status_code == 302
    assert seller.post(url, {f"a{review.pk}-reply": "Lần hai"}).status_code == 302
    assert Review.objects.get().reply == "Cảm ơn anh chị!"
    assert "Cảm ơn anh chị!" in client.get(f"/p/{item.product.slug}/").content.decode()

    other_shop = type(client)()
    other_shop.force_login(owner_of(shops[1]))
    assert (
        other_shop.post(
            f"/seller/{shops[1].slug}/reviews/{review.pk}/reply/", {f"a{review.pk}-reply": "x"}
        ).status_code
        == 404
    )


def test_the_review_email_reaches_the_seller(client, f, shops):
    buyer = f.user()
    order = _delivered(shops, buyer)
    item = order.items.get()
    client.force_login(buyer)
    mail.outbox.clear()
    client.post(f"/orders/{order.code}/lines/{item.pk}/review/", {f"r{item.pk}-stars": "3"})
    emails.review_posted(Review.objects.get().pk)  # what the queued task runs
    assert [m.to for m in mail.outbox] == [[shops[0].email]] and "3 sao" in mail.outbox[0].subject


def test_an_officer_hides_an_abusive_review_with_a_reason_in_the_admin(client, f, shops, admin_officer):
    buyer = f.user()
    order = _delivered(shops, buyer)
    item = order.items.get()
    buyer_client = type(client)()
    buyer_client.force_login(buyer)
    buyer_client.post(
        f"/orders/{order.code}/lines/{item.pk}/review/",
        {f"r{item.pk}-stars": "1", f"r{item.pk}-text": "Đồ lừa đảo!!!"},
    )
    review = Review.objects.get()
    url = f"/admin/orders/review/{review.pk}/change/"
    assert client.get(url).status_code == 200
    client.post(url, {"hide_reason": "Lời lẽ xúc phạm"})
    review.refresh_from_db()
    assert (
        review.is_hidden and review.hidden_reason == "Lời lẽ xúc phạm" and review.hidden_by == admin_officer
    )
    html = client.get(f"/p/{item.product.slug}/").content.decode()
    assert "Đồ lừa đảo" not in html and "aggregateRating" not in html


def test_a_seller_cannot_hide_a_review(f, shops):
    from django.core.exceptions import PermissionDenied

    from hangviet.orders.services.reviews import hide_review, post_review

    buyer = f.user()
    order = _delivered(shops, buyer)
    review = post_review(item=order.items.get(), stars=1, text="", actor=buyer)
    with pytest.raises(PermissionDenied):
        hide_review(actor=owner_of(shops[0]), review=review, reason="không thích")
    assert not Review.objects.get().is_hidden


def test_the_api_takes_a_guest_review_once_lists_it_and_the_shop_answers_with_a_token(client, shops):
    from hangviet.accounts.models import ApiToken

    order = _delivered(shops)
    item = order.items.get()
    url = f"/api/v1/orders/{order.code}/items/{item.pk}/review"
    wrong_phone = client.post(url, {"phone": "0911111111", "stars": 5}, content_type="application/json")
    assert wrong_phone.status_code == 404
    too_many = client.post(url, {"phone": "0987654321", "stars": 6}, content_type="application/json")
    assert too_many.status_code == 422 and not Review.objects.exists()
    posted = client.post(
        url, {"phone": "0987 654 321", "stars": 5, "text": "Ngon"}, content_type="application/json"
    )
    assert (
        posted.status_code == 201 and posted.json()["stars"] == 5 and posted.json()["author_name"] == "Bích"
    )
    again = client.post(url, {"phone": "0987654321", "stars": 1}, content_type="application/json")
    assert again.status_code == 409 and again.json()["code"] == "not_reviewable"

    listed = client.get(f"/api/v1/products/{item.product.slug}/reviews").json()
    assert (listed["count"], listed["average"], [r["text"] for r in listed["items"]]) == (1, 5.0, ["Ngon"])

    key = ApiToken.new_key()
    ApiToken.objects.create(
        user=owner_of(shops[0]), name="t", scopes=["orders"], prefix=key[:8], key_hash=ApiToken.hash_key(key)
    )
    reply = f"/api/v1/seller/reviews/{posted.json()['id']}/reply"
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    answered = client.post(reply, {"reply": "Cảm ơn"}, content_type="application/json", **auth)
    assert answered.status_code == 200 and answered.json()["reply"] == "Cảm ơn"
    twice = client.post(reply, {"reply": "Lần hai"}, content_type="application/json", **auth)
    assert twice.status_code == 409 and Review.objects.get().reply == "Cảm ơn"
