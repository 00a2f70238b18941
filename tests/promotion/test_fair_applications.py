import datetime

import pytest
from django.core.exceptions import PermissionDenied

from hangviet.core.errors import ValidationFailed
from hangviet.promotion.errors import (
    AlreadyApplied,
    ApplicationAlreadyDecided,
    ApplicationWindowClosed,
    BoothTaken,
    ProductNotTheirs,
    SellerNotVerified,
)
from hangviet.promotion.models import Booth, BoothApplication
from hangviet.promotion.services import fairs
from hangviet.sellers.models import Seller
from tests.factories import owner_of

pytestmark = pytest.mark.django_db


def test_verified_seller_applies_with_its_own_products(f, make_fair):
    fair = make_fair()
    seller = f.seller()
    product = f.product(seller)
    app = fairs.apply_for_booths(
        actor=owner_of(seller), fair=fair, seller=seller, booths_wanted=2, products=[product]
    )
    assert app.status == BoothApplication.Status.SUBMITTED
    assert list(app.products.all()) == [product]
    assert app.changes.get().to_status == "submitted"


def test_unverified_seller_cannot_apply(f, make_fair):
    fair = make_fair()
    seller = f.seller(status=Seller.Status.PENDING)
    with pytest.raises(SellerNotVerified):
        fairs.apply_for_booths(actor=owner_of(seller), fair=fair, seller=seller)
    assert not BoothApplication.objects.exists()


@pytest.mark.parametrize("days", [(-20, -10), (3, 8)])  # window closed, window not yet open
def test_application_outside_the_window_is_refused(f, make_fair, today, days):
    fair = make_fair(
        applications_open_on=today + datetime.timedelta(days=days[0]),
        applications_close_on=today + datetime.timedelta(days=days[1]),
    )
    seller = f.seller()
    with pytest.raises(ApplicationWindowClosed):
        fairs.apply_for_booths(actor=owner_of(seller), fair=fair, seller=seller)


def test_unpublished_fair_takes_no_application(f, make_fair):
    fair = make_fair(is_published=False)
    seller = f.seller()
    with pytest.raises(ApplicationWindowClosed):
        fairs.apply_for_booths(actor=owner_of(seller), fair=fair, seller=seller)


def test_product_of_another_seller_is_refused(f, make_fair):
    fair = make_fair()
    seller, other = f.seller(), f.seller()
    with pytest.raises(ProductNotTheirs):
        fairs.apply_for_booths(
            actor=owner_of(seller), fair=fair, seller=seller, products=[f.product(seller), f.product(other)]
        )
    assert not BoothApplication.objects.exists()


def test_non_member_cannot_apply_for_a_seller(f, make_fair):
    fair = make_fair()
    seller = f.seller()
    with pytest.raises(PermissionDenied):
        fairs.apply_for_booths(actor=f.user(), fair=fair, seller=seller)


def test_a_seller_applies_once_per_fair(f, make_fair):
    fair = make_fair()
    seller = f.seller()
    fairs.apply_for_booths(actor=owner_of(seller), fair=fair, seller=seller)
    with pytest.raises(AlreadyApplied):
        fairs.apply_for_booths(actor=owner_of(seller), fair=fair, seller=seller)


@pytest.mark.parametrize("wanted", [0, 11])
def test_booth_count_is_bounded(f, make_fair, wanted):
    fair = make_fair()
    seller = f.seller()
    with pytest.raises(ValidationFailed) as exc:
        fairs.apply_for_booths(actor=owner_of(seller), fair=fair, seller=seller, booths_wanted=wanted)
    assert exc.value.errors[0]["field"] == "booths_wanted"


def test_only_officers_decide(f, make_fair):
    fair = make_fair()
    seller = f.seller()
    app = fairs.apply_for_booths(actor=owner_of(seller), fair=fair, seller=seller)
    for actor in (owner_of(seller), f.user()):
        with pytest.raises(PermissionDenied):
            fairs.approve_application(actor=actor, application=app)
        with pytest.raises(PermissionDenied):
            fairs.reject_application(actor=actor, application=app, reason="x")
    with pytest.raises(PermissionDenied):
        fairs.create_fair(actor=owner_of(seller), name="x")


def test_approval_assigns_free_booths_of_the_kind_asked_first(f, make_fair):
    officer = f.officer()
    fair = make_fair(booths=3, officer=officer)
    fairs.add_booth_grid(actor=officer, fair=fair, rows=1, columns=2, kind=Booth.Kind.OCOP, prefix="O")
    seller = f.seller()
    app = fairs.apply_for_booths(
        actor=owner_of(seller), fair=fair, seller=seller, booths_wanted=2, booth_kind=Booth.Kind.OCOP
    )
    app = fairs.approve_application(actor=officer, application=app)
    assert app.status == "approved"
    assert sorted(app.booths.values_list("code", flat=True)) == ["O004", "O005"]


def test_full_fair_waitlists_and_named_taken_booth_is_refused(f, make_fair):
    officer = f.officer()
    fair = make_fair(booths=2, officer=officer)
    a, b, c = (f.seller() for _ in range(3))
    app_a = fairs.apply_for_booths(actor=owner_of(a), fair=fair, seller=a, booths_wanted=2)
    app_b = fairs.apply_for_booths(actor=owner_of(b), fair=fair, seller=b)
    app_c = fairs.apply_for_booths(actor=owner_of(c), fair=fair, seller=c)
    fairs.approve_application(actor=officer, application=app_a)
    assert fairs.approve_application(actor=officer, application=app_b).status == "waitlisted"
    assert not app_b.booths.exists()
    with pytest.raises(BoothTaken):
        fairs.approve_application(actor=officer, application=app_c, booths=[fair.booths.get(code="A001")])
    app_c.refresh_from_db()
    assert app_c.status == "submitted"
    # rejecting the approved unit frees its booths; the waitlisted one then gets them
    fairs.reject_application(actor=officer, application=app_a, reason="Không nộp phí")
    assert fairs.approve_application(actor=officer, application=app_b).status == "approved"
    with pytest.raises(ApplicationAlreadyDecided):
        fairs.approve_application(actor=officer, application=app_b)


def test_rejection_needs_a_reason(f, make_fair):
    officer = f.officer()
    fair = make_fair(officer=officer)
    seller = f.seller()
    app = fairs.apply_for_booths(actor=owner_of(seller), fair=fair, seller=seller)
    with pytest.raises(ValidationFailed):
        fairs.reject_application(actor=officer, application=app, reason="  ")
    app.refresh_from_db()
    assert app.status == "submitted"


def test_results_recorded_for_approved_exhibitors(f, make_fair):
    officer = f.officer()
    fair = make_fair(officer=officer)
    seller = f.seller()
    app = fairs.apply_for_booths(actor=owner_of(seller), fair=fair, seller=seller)
    fairs.approve_application(actor=officer, application=app)
    fairs.record_results(actor=officer, application=app, visitors=350, sales_vnd=12_500_000)
    app.refresh_from_db()
    assert (app.visitors, app.sales_vnd) == (350, 12_500_000)
    with pytest.raises(ValidationFailed):
        fairs.record_results(actor=officer, application=app, visitors=-1, sales_vnd=None)


def test_fair_dates_are_checked(f, today):
    with pytest.raises(ValidationFailed) as exc:
        fairs.create_fair(
            actor=f.officer(),
            kind="fair",
            name="Sai ngày",
            organiser="Sở",
            venue="Sân",
            commune=f.commune(),
            starts_on=today,
            ends_on=today - datetime.timedelta(days=1),
            applications_open_on=today,
            applications_close_on=today,
        )
    assert {e["field"] for e in exc.value.errors} >= {"ends_on"}


def test_a_fair_keeps_the_address_it_is_given_made_unique(f, make_fair):
    first = make_fair(booths=0, slug="hoi-cho-ocop-2022")
    second = make_fair(booths=0, slug="hoi-cho-ocop-2022")
    third = make_fair(booths=0, name="Phiên chợ hàng Việt")
    assert (first.slug, second.slug, third.slug) == (
        "hoi-cho-ocop-2022",
        "hoi-cho-ocop-2022-2",
        "phien-cho-hang-viet",
    )


def test_an_edited_fair_keeps_the_rules_of_a_new_one(f, make_fair, today):
    officer = f.officer()
    fair = make_fair(booths=0, officer=officer)
    with pytest.raises(ValidationFailed) as caught:
        fairs.update_fair(
            actor=officer, fair=fair, applications_close_on=fair.ends_on + datetime.timedelta(days=1)
        )
    assert [(e["field"], e["code"]) for e in caught.value.errors] == [("applications_close_on", "after_fair")]
    with pytest.raises(PermissionDenied):
        fairs.update_fair(actor=f.user(), fair=fair, name="Đổi tên")
    other = f.commune(code="26734", name="Phường Thủ Dầu Một", prov=f.province("79", "Hồ Chí Minh"))
    fairs.update_fair(actor=officer, fair=fair, name="Hội chợ đổi tên", commune=other)
    fair.refresh_from_db()
    assert (fair.name, fair.commune_id, fair.province_id) == ("Hội chợ đổi tên", "26734", "79")


def test_an_officer_enters_a_unit_that_applied_on_paper(f, make_fair):
    officer = f.officer()
    fair = make_fair(officer=officer)
    with pytest.raises(PermissionDenied):
        fairs.register_outside_unit(actor=f.user(), fair=fair, organisation_name="Cơ sở bánh pía Tư Lợi")
    with pytest.raises(ValidationFailed) as caught:
        fairs.register_outside_unit(actor=officer, fair=fair, organisation_name="  ")
    assert caught.value.errors[0]["code"] == "required"
    app = fairs.register_outside_unit(actor=officer, fair=fair, organisation_name="Cơ sở bánh pía Tư Lợi")
    assert (app.seller_id, app.status, app.applied_by) == (None, "submitted", officer)
    assert app.changes.get().to_status == "submitted"


def test_a_decision_on_a_past_fair_is_dated_when_it_was_taken(f, make_fair):
    officer = f.officer()
    fair = make_fair(booths=3, officer=officer)
    app = fairs.register_outside_unit(
        actor=officer, fair=fair, organisation_name="HTX Ngũ Lạc", booths_wanted=2
    )
    then = datetime.datetime(2022, 4, 28, 9, tzinfo=datetime.UTC)
    booths = list(fair.booths.order_by("row", "column")[:2])
    fairs.approve_application(actor=officer, application=app, booths=booths, now=then)
    app.refresh_from_db()
    assert (app.status, app.decided_at) == ("approved", then)
    assert [b.assigned_at for b in Booth.objects.filter(application=app)] == [then, then]
