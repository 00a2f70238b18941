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
from tests.promotion.conftest import owner_of

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
