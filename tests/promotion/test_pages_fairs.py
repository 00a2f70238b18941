"""Done when: an officer creates a fair through the pages, a seller applies, the officer assigns a booth,
the public map shows it."""

import datetime

import pytest
from django.urls import reverse

from hangviet.promotion.models import BoothApplication, Fair
from tests.factories import owner_of

pytestmark = pytest.mark.django_db


def test_officer_creates_fair_seller_applies_officer_assigns_public_map_shows_it(client, f, today):
    officer = f.officer()
    commune = f.commune()
    client.force_login(officer)
    response = client.post(
        reverse("promotion:officer_fair_new"),
        {
            "kind": "fair",
            "name": "Hội chợ OCOP Vĩnh Long",
            "organiser": "Sở Công Thương",
            "venue": "Quảng trường trung tâm",
            "starts_on": (today + datetime.timedelta(days=30)).isoformat(),
            "ends_on": (today + datetime.timedelta(days=34)).isoformat(),
            "applications_open_on": today.isoformat(),
            "applications_close_on": (today + datetime.timedelta(days=20)).isoformat(),
            "province": commune.province_id,
            "commune": commune.pk,
            "is_published": "on",
        },
    )
    fair = Fair.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "promotion:officer_fair", args=[fair.slug]
    )
    response = client.post(
        reverse("promotion:officer_fair", args=[fair.slug]),
        {
            "rows": 2,
            "columns": 5,
            "kind": "standard",
            "price_vnd": 2000000,
            "code_prefix": "B",
            "width_m": 3,
            "depth_m": 3,
        },
    )
    assert response.status_code == 302 and fair.booths.count() == 10

    seller = f.seller(trading_name="HTX Mật hoa dừa")
    product = f.product(seller, name="Mật hoa dừa")
    client.force_login(owner_of(seller))
    page = client.get(reverse("promotion:fair", args=[fair.slug]))
    assert reverse("promotion:fair_apply", args=[fair.slug, seller.slug]) in page.content.decode()
    response = client.post(
        reverse("promotion:fair_apply", args=[fair.slug, seller.slug]),
        {"booths_wanted": 1, "booth_kind": "standard", "products": [product.pk], "note": ""},
    )
    assert response.status_code == 302
    application = BoothApplication.objects.get()

    client.force_login(officer)
    response = client.post(
        reverse("promotion:officer_application", args=[application.pk, "approve"]), {"booth_codes": "b007"}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "approved"
    assert list(application.booths.values_list("code", flat=True)) == ["B007"]

    client.logout()
    html = client.get(reverse("promotion:fair", args=[fair.slug])).content.decode()
    assert "<svg" in html and 'class="taken standard"' in html
    assert "B007 · Tiêu chuẩn · 3×3 m · HTX Mật hoa dừa" in html
    assert "Mật hoa dừa" in html and html.count('class="free standard"') == 9


def test_apply_page_shows_the_rule_broken(client, f, make_fair):
    fair = make_fair()
    seller = f.seller()
    other = f.product(f.seller())
    client.force_login(owner_of(seller))
    response = client.post(
        reverse("promotion:fair_apply", args=[fair.slug, seller.slug]),
        {"booths_wanted": 1, "booth_kind": "standard", "products": [other.pk]},
    )
    assert response.status_code == 200
    assert "Sản phẩm không thuộc người bán này." in response.content.decode()
    assert not BoothApplication.objects.exists()


def test_apply_page_is_for_members_only(client, f, make_fair):
    fair = make_fair()
    seller = f.seller()
    client.force_login(f.user())
    assert client.get(reverse("promotion:fair_apply", args=[fair.slug, seller.slug])).status_code == 404


def test_a_fairs_applications_are_paged_not_cut_off(client, f, make_fair):
    fair = make_fair()
    BoothApplication.objects.bulk_create(
        BoothApplication(fair=fair, organisation_name=f"Don vi {i:03}") for i in range(51)
    )
    client.force_login(f.officer())
    url = reverse("promotion:officer_fair", args=[fair.slug])
    first = client.get(url, {"status": "submitted"}).content.decode()
    assert first.count("Don vi ") == 50 and "Don vi 050" not in first
    assert 'href="?status=submitted&amp;page=2" rel="next"' in first  # the filter is kept
    second = client.get(url, {"status": "submitted", "page": "2"}).content.decode()
    assert second.count("Don vi ") == 1 and "Don vi 050" in second


def test_officer_pages_refuse_others(client, f, make_fair):
    fair = make_fair()
    assert client.get(reverse("promotion:officer_fairs")).status_code == 302  # to login
    client.force_login(f.user())
    assert client.get(reverse("promotion:officer_fairs")).status_code == 403
    assert client.get(reverse("promotion:officer_fair", args=[fair.slug])).status_code == 403
    seller = f.seller()
    app = BoothApplication.objects.create(fair=fair, seller=seller, organisation_name="x")
    assert client.post(reverse("promotion:officer_application", args=[app.pk, "approve"])).status_code == 403


def test_reject_through_the_page_keeps_the_reason(client, f, make_fair):
    officer = f.officer()
    fair = make_fair(officer=officer)
    seller = f.seller()
    app = BoothApplication.objects.create(fair=fair, seller=seller, organisation_name=seller.trading_name)
    client.force_login(officer)
    client.post(reverse("promotion:officer_application", args=[app.pk, "reject"]), {"reason": ""})
    app.refresh_from_db()
    assert app.status == "submitted"
    client.post(reverse("promotion:officer_application", args=[app.pk, "reject"]), {"reason": "Hồ sơ thiếu"})
    app.refresh_from_db()
    assert (app.status, app.rejection_reason) == ("rejected", "Hồ sơ thiếu")
    client.force_login(owner_of(seller))
    assert (
        "Hồ sơ thiếu"
        in client.get(reverse("promotion:fair_apply", args=[fair.slug, seller.slug])).content.decode()
    )


def test_fair_api_lists_booths_and_exhibitors(client, f, make_fair):
    officer = f.officer()
    fair = make_fair(booths=3, officer=officer)
    seller = f.seller()
    app = BoothApplication.objects.create(fair=fair, seller=seller, organisation_name="HTX A")
    from hangviet.promotion.services import fairs

    fairs.approve_application(actor=officer, application=app)
    data = client.get(f"/api/v1/fairs/{fair.slug}").json()
    assert data["booth_count"] == 3 and data["unit_count"] == 1
    assert data["exhibitors"] == [{"name": "HTX A", "seller": seller.slug, "booths": ["A001"]}]
    assert [b["exhibitor"] for b in data["booths"]] == ["HTX A", None, None]
    assert client.get("/api/v1/fairs/khong-co").status_code == 404
    listed = client.get("/api/v1/fairs").json()
    assert listed["count"] == 1 and [x["slug"] for x in listed["items"]] == [fair.slug]


def test_a_list_longer_than_a_page_is_read_whole_page_by_page(client, f, make_fair, today):
    officer = f.officer()
    made = {
        make_fair(
            booths=0,
            officer=officer,
            name=f"Phiên chợ số {n}",
            starts_on=today + datetime.timedelta(days=20 + n),
            ends_on=today + datetime.timedelta(days=21 + n),
        ).slug
        for n in range(1, 26)
    }
    first = client.get("/api/v1/fairs", {"page_size": 10}).json()
    assert first["count"] == 25 and len(first["items"]) == 10
    read, page = [], 1
    while len(read) < first["count"]:
        body = client.get("/api/v1/fairs", {"page": page, "page_size": 10}).json()
        assert body["items"], f"page {page} is empty before every fair was read"
        read += [x["slug"] for x in body["items"]]
        page += 1
    assert page == 4 and len(read) == 25 and set(read) == made  # 10 + 10 + 5, none twice
    assert client.get("/api/v1/fairs", {"page": 4, "page_size": 10}).json()["items"] == []
    for bad in ({"page_size": 101}, {"page": 0}, {"page": 10_001}):
        response = client.get("/api/v1/fairs", bad)
        assert response.status_code == 422 and response.json()["errors"][0]["field"].startswith("query.page")


def test_the_officers_fair_list_pages_instead_of_cutting(client, f, make_fair, today):
    officer = f.officer()
    for n in range(1, 33):
        make_fair(
            booths=0,
            officer=officer,
            name=f"Hội chợ số {n}",
            starts_on=today + datetime.timedelta(days=20 + n),
            ends_on=today + datetime.timedelta(days=21 + n),
        )
    client.force_login(officer)
    url = reverse("promotion:officer_fairs")
    first = client.get(url).content.decode()
    second = client.get(url, {"page": 2}).content.decode()
    assert first.count('class="event-date"') == 30 and second.count('class="event-date"') == 2
    assert 'href="?page=2" rel="next"' in first and "1 / 2" in first
    assert "Hội chợ số 1<" in second and "Hội chợ số 32<" in first
