"""External listings: recorded by a seller, imported from a file, recorded by an officer; shown on the shop
page; counted by the indicator."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hangviet.core.errors import ValidationFailed
from hangviet.syndication import services
from hangviet.syndication.models import ExternalListing
from hangviet.syndication.queries import units_by_marketplace, units_on_marketplaces

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(f, client):
    owner = f.user()
    seller = f.seller(owner=owner, trading_name="HTX Dừa Sáp")
    client.force_login(owner)
    return seller


def test_a_seller_records_a_listing_and_the_shop_page_shows_where_else_it_sells(client, f, shop):
    product = f.product(shop, name="Dừa sáp")

    response = client.post(
        f"/seller/{shop.slug}/marketplaces/listings/",
        {
            "product": product.pk,
            "marketplace": "tiki",
            "url": "https://tiki.vn/dua-sap-p123.html",
            "status": "live",
        },
    )
    client.post(
        f"/seller/{shop.slug}/marketplaces/listings/",
        {"marketplace": "shopee", "url": "https://shopee.vn/htx-dua-sap", "status": "live"},
    )
    client.post(
        f"/seller/{shop.slug}/marketplaces/listings/",
        {"marketplace": "sendo", "url": "https://www.sendo.vn/dua-sap", "status": "draft"},
    )

    assert response.status_code == 302
    page = client.get(f"/shops/{shop.slug}/").content.decode()
    assert "Cũng có trên:" in page
    assert '<a href="https://shopee.vn/htx-dua-sap" rel="noopener external">Shopee</a>' in page
    assert '<a href="https://tiki.vn/dua-sap-p123.html" rel="noopener external">Tiki</a>' in page
    assert "Sendo" not in page  # a draft is not shown
    api = client.get(f"/api/v1/shops/{shop.slug}/marketplaces").json()
    assert [m["code"] for m in api] == ["shopee", "tiki"]


def test_a_shop_without_listings_says_nothing(client, f, shop):
    assert "Cũng có trên" not in client.get(f"/shops/{shop.slug}/").content.decode()


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("https://shopee.vn/x", "url_not_on_marketplace"),
        ("https://tiki.vn.evil.example/x", "url_not_on_marketplace"),
        ("javascript:alert(1)", "invalid_url"),
        ("https://user:pw@tiki.vn/x", "invalid_url"),
        ("https://tiki.vn/a b", "invalid_url"),
        ("https://tiki.vn/" + "a" * 500, "too_long"),
        ("", "url_required"),
    ],
)
def test_a_listing_url_must_be_on_the_marketplace(f, shop, url, code):
    with pytest.raises(ValidationFailed) as caught:
        services.record_listing(
            actor=shop.memberships.get().user, seller=shop, marketplace="tiki", url=url, status="live"
        )

    assert caught.value.errors[0]["field"] == "url"
    assert caught.value.errors[0]["code"] == code
    assert not ExternalListing.objects.exists()


def test_the_page_shows_the_error_next_to_the_url(client, shop):
    response = client.post(
        f"/seller/{shop.slug}/marketplaces/listings/",
        {"marketplace": "tiki", "url": "https://shopee.vn/x", "status": "live"},
    )

    assert response.status_code == 422
    assert "Đường dẫn không thuộc Tiki (tiki.vn)." in response.content.decode()


def test_another_shops_member_cannot_record(client, f):
    other = f.seller()
    response = client.post(
        f"/seller/{other.slug}/marketplaces/listings/",
        {"marketplace": "tiki", "url": "https://tiki.vn/x", "status": "live"},
    )

    assert response.status_code in (302, 404)
    assert not ExternalListing.objects.exists()


def _csv(text):
    return SimpleUploadedFile("listings.csv", ("\ufeff" + text).encode(), content_type="text/csv")


def test_listings_import_from_a_csv_all_or_nothing(client, f, shop):
    f.product(shop, sku="A-1")
    f.product(shop, sku="A-2")
    bad = "sku,marketplace,url,status\nA-1,Tiki,https://tiki.vn/a1,đang bán\nZZ,Tiki,https://tiki.vn/z,live\nA-2,Lazada,https://tiki.vn/a2,live\n"

    refused = client.post(f"/seller/{shop.slug}/marketplaces/listings/import/", {"file": _csv(bad)})

    body = refused.content.decode()
    assert refused.status_code == 422
    assert "Dòng 3: không có sản phẩm mã “ZZ”." in body
    assert "Dòng 4: Đường dẫn không thuộc Lazada (lazada.vn)." in body
    assert not ExternalListing.objects.exists()

    good = "sku,sàn,url,trạng thái\nA-1,Tiki,https://tiki.vn/a1,đang bán\nA-2,voso,https://voso.vn/a2,nháp\n"
    assert (
        client.post(f"/seller/{shop.slug}/marketplaces/listings/import/", {"file": _csv(good)}).status_code
        == 302
    )
    assert sorted(ExternalListing.objects.values_list("product__sku", "marketplace", "status", "source")) == [
        ("A-1", "tiki", "live", "import"),
        ("A-2", "voso", "draft", "import"),
    ]


def test_an_import_that_is_not_a_spreadsheet_is_refused_by_its_content(client, shop):
    fake = SimpleUploadedFile(
        "listings.xlsx", b"sku,marketplace,url\n", content_type="application/vnd.ms-excel"
    )

    response = client.post(f"/seller/{shop.slug}/marketplaces/listings/import/", {"file": fake})

    assert response.status_code == 422
    assert not ExternalListing.objects.exists()


def test_an_officer_records_a_guided_unit_and_the_indicator_counts_it(client, f):
    unit, other = f.seller(), f.seller()
    officer = f.officer()
    client.force_login(officer)

    response = client.post(
        "/officer/marketplaces/guided/", {"seller": unit.pk, "marketplace": "voso", "guided_on": "2022-05-10"}
    )
    services.record_guided_listing(
        actor=officer, seller=other, marketplace="Tiki", guided_on=datetime.date(2023, 2, 1)
    )

    assert response.status_code == 302
    listing = ExternalListing.objects.get(seller=unit)
    assert (listing.status, listing.source, listing.guided_by, listing.listed_on) == (
        "live",
        "officer",
        officer,
        datetime.date(2022, 5, 10),
    )
    assert units_on_marketplaces(datetime.date(2022, 1, 1), datetime.date(2022, 12, 31)) == 1
    assert units_on_marketplaces(datetime.date(2023, 1, 1), datetime.date(2023, 12, 31)) == 2
    assert units_by_marketplace(datetime.date(2023, 1, 1), datetime.date(2023, 12, 31)) == {
        "tiki": 1,
        "voso": 1,
    }


def test_only_an_officer_records_guided_units(client, f):
    client.force_login(f.user())

    response = client.post(
        "/officer/marketplaces/guided/",
        {"seller": f.seller().pk, "marketplace": "voso", "guided_on": "2022-05-10"},
    )

    assert response.status_code == 403
    assert not ExternalListing.objects.exists()


def test_a_removed_listing_stops_counting_after_its_removal(f, shop):
    actor = shop.memberships.get().user
    listing = {"actor": actor, "seller": shop, "marketplace": "tiki"}
    services.record_listing(**listing, url="https://tiki.vn/s", status="live", day=datetime.date(2022, 3, 1))
    services.record_listing(**listing, url="", status="removed", day=datetime.date(2022, 9, 1))

    listing = ExternalListing.objects.get()
    assert (listing.listed_on, listing.removed_on, listing.url) == (
        datetime.date(2022, 3, 1),
        datetime.date(2022, 9, 1),
        "https://tiki.vn/s",
    )
    assert units_on_marketplaces(datetime.date(2022, 1, 1), datetime.date(2022, 12, 31)) == 1
    assert units_on_marketplaces(datetime.date(2023, 1, 1), datetime.date(2023, 12, 31)) == 0


def test_the_shop_page_says_where_else_it_sells_in_english_too(client, f, shop):
    services.record_listing(
        actor=shop.memberships.get().user, seller=shop, marketplace="lazada", url="https://www.lazada.vn/shop/x",
        status="live",
    )  # fmt: skip

    assert "Also on:" in client.get(f"/shops/{shop.slug}/?hl=en").content.decode()
