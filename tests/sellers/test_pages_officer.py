"""Officer verification pages: who may see them, verify, reject with a reason."""

import pytest

from hangviet.catalog.models import Product
from hangviet.catalog.queries import public_products
from hangviet.sellers.models import Seller

pytestmark = pytest.mark.django_db

LIST = "/officer/sellers/"


def test_anonymous_users_are_sent_to_login(f, client):
    seller = f.seller(status=Seller.Status.PENDING)
    response = client.get(LIST)
    assert response.status_code == 302 and "login" in response["Location"]
    response = client.post(f"{LIST}{seller.pk}/verify/")
    assert response.status_code == 302 and "login" in response["Location"]
    seller.refresh_from_db()
    assert seller.status == Seller.Status.PENDING


def test_a_non_officer_cannot_see_or_decide(f, client):
    seller = f.seller(status=Seller.Status.PENDING)
    client.force_login(seller.memberships.get().user)  # even the seller's own owner
    assert client.get(LIST).status_code == 403
    assert client.get(f"{LIST}{seller.pk}/").status_code == 403
    assert client.post(f"{LIST}{seller.pk}/verify/").status_code == 403
    assert client.post(f"{LIST}{seller.pk}/reject/", {"reason": "x"}).status_code == 403
    seller.refresh_from_db()
    assert seller.status == Seller.Status.PENDING


def test_the_list_shows_pending_sellers_with_their_identity(f, client):
    pending = f.seller(status=Seller.Status.PENDING, trading_name="Chờ Duyệt")
    f.seller(status=Seller.Status.VERIFIED, trading_name="Đã Duyệt Rồi")
    client.force_login(f.officer())
    page = client.get(LIST).content.decode()
    assert "Chờ Duyệt" in page and pending.tax_code in page and pending.representative in page
    assert "Đã Duyệt Rồi" not in page
    assert "Đã Duyệt Rồi" in client.get(LIST + "?status=all").content.decode()
    assert "Chờ Duyệt" not in client.get(LIST + "?status=verified").content.decode()


def test_verifying_makes_the_sellers_active_products_public(f, client):
    seller = f.seller(status=Seller.Status.PENDING)
    active = f.product(seller, status=Product.Status.ACTIVE)
    draft = f.product(seller, status=Product.Status.DRAFT)
    assert not public_products().filter(seller=seller).exists()
    officer = f.officer()
    client.force_login(officer)
    response = client.post(f"{LIST}{seller.pk}/verify/")
    assert response.status_code == 302
    seller.refresh_from_db()
    assert seller.status == Seller.Status.VERIFIED and seller.verified_by == officer
    assert list(public_products().filter(seller=seller)) == [active]
    assert draft not in public_products()
    detail = client.get(f"{LIST}{seller.pk}/").content.decode()
    assert "Đã xác minh" in detail and str(officer) in detail


def test_rejecting_needs_a_reason(f, client):
    seller = f.seller(status=Seller.Status.PENDING)
    client.force_login(f.officer())
    response = client.post(f"{LIST}{seller.pk}/reject/", {"reason": "  "})
    assert response.status_code == 422
    assert response.context["reject_form"].errors["reason"] == ["Cần ghi lý do từ chối."]
    seller.refresh_from_db()
    assert seller.status == Seller.Status.PENDING


def test_a_rejection_reason_reaches_the_seller(f, client):
    seller = f.seller(status=Seller.Status.PENDING)
    client.force_login(f.officer())
    client.post(f"{LIST}{seller.pk}/reject/", {"reason": "Mã số thuế không khớp tên pháp lý."})
    seller.refresh_from_db()
    assert seller.status == Seller.Status.REJECTED
    client.force_login(seller.memberships.get().user)
    page = client.get(f"/seller/{seller.slug}/").content.decode()
    assert "Mã số thuế không khớp tên pháp lý." in page
    assert "Bị từ chối" in page


def test_a_decided_seller_cannot_be_decided_again(f, client):
    seller = f.seller(status=Seller.Status.VERIFIED)
    client.force_login(f.officer())
    client.post(f"{LIST}{seller.pk}/reject/", {"reason": "Muộn"})
    seller.refresh_from_db()
    assert seller.status == Seller.Status.VERIFIED


def test_the_status_history_is_shown_to_officers(f, client):
    seller = f.seller(status=Seller.Status.PENDING)
    officer = f.officer(full_name="Cán Bộ Một")
    client.force_login(officer)
    client.post(f"{LIST}{seller.pk}/reject/", {"reason": "Thiếu số đăng ký"})
    client.force_login(seller.memberships.get().user)
    client.post(f"/seller/{seller.slug}/resubmit/")
    client.force_login(officer)
    page = client.get(f"{LIST}{seller.pk}/").content.decode()
    assert "Lịch sử trạng thái" in page
    assert "Thiếu số đăng ký" in page and "Cán Bộ Một" in page
    assert seller.status_changes.count() == 2


def test_the_admin_lists_sellers_for_a_superuser(f, client):
    from hangviet.accounts.models import User

    admin = User.objects.create_superuser("admin@example.vn", "mat-khau-an-toan-123")
    seller = f.seller(status=Seller.Status.PENDING)
    client.force_login(admin)
    assert client.get("/admin/sellers/seller/").status_code == 200
    assert client.get(f"/admin/sellers/seller/{seller.pk}/change/").status_code == 200
    response = client.post(
        "/admin/sellers/seller/", {"action": "verify_selected", "_selected_action": [seller.pk]}
    )
    assert response.status_code == 302
    seller.refresh_from_db()
    assert seller.status == Seller.Status.VERIFIED
    product = f.product(seller)
    assert client.get("/admin/catalog/product/").status_code == 200
    assert client.get(f"/admin/catalog/product/{product.pk}/change/").status_code == 200
    assert client.get("/admin/catalog/stockmove/").status_code == 200
    assert client.get("/admin/catalog/category/").status_code == 200
