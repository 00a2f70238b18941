"""The sellers' admin writes through the sellers services: an officer's correction gets the checks and
normalisation of the seller's own profile page; members are added and removed through services."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from hangviet.sellers import services
from hangviet.sellers.models import Membership, Seller

pytestmark = pytest.mark.django_db


def memberships(
    seller: Seller, rows: list[Membership] | None = None, extra: list[dict] | None = None
) -> dict:
    """The membership inline as the admin posts it: the existing rows, then new ones."""
    rows = rows if rows is not None else list(seller.memberships.order_by("pk"))
    extra = extra or []
    data: dict = {
        "memberships-TOTAL_FORMS": str(len(rows) + len(extra)),
        "memberships-INITIAL_FORMS": str(len(rows)),
        "memberships-MIN_NUM_FORMS": "0",
        "status_changes-TOTAL_FORMS": "0",
        "status_changes-INITIAL_FORMS": "0",
        "status_changes-MIN_NUM_FORMS": "0",
    }
    for i, row in enumerate(rows):
        data |= {f"memberships-{i}-id": row.pk, f"memberships-{i}-seller": seller.pk}
        data |= {f"memberships-{i}-user": row.user_id, f"memberships-{i}-role": row.role}
    for i, row in enumerate(extra, start=len(rows)):
        data |= {f"memberships-{i}-{key}": value for key, value in row.items()}
        data[f"memberships-{i}-seller"] = seller.pk
    return data


def form(seller: Seller, **over: object) -> dict:
    data = {
        field: getattr(seller, field)
        for field in (
            "kind", "legal_name", "trading_name", "tax_code", "registration_number", "representative",
            "street", "phone", "email", "bank_bin", "bank_account", "bank_account_name", "description",
        )
    }  # fmt: skip
    data |= {"slug": seller.slug, "commune": seller.commune_id, "province": seller.province_id}
    data |= memberships(seller)
    data.update(over)
    return data


def change_url(seller: Seller) -> str:
    return reverse("admin:sellers_seller_change", args=[seller.pk])


def test_an_officer_corrects_a_verified_sellers_identity_with_the_services_checks(f, client, admin_officer):
    seller = f.seller(status=Seller.Status.VERIFIED)

    response = client.post(
        change_url(seller),
        form(seller, legal_name="HTX Mật ong Cồn Phụng", bank_bin="970436", bank_account="0123 456 789",
             bank_account_name="Hợp tác xã  mật ong"),
    )  # fmt: skip

    assert response.status_code == 302, response.context["adminform"].form.errors
    seller.refresh_from_db()
    assert seller.legal_name == "HTX Mật ong Cồn Phụng"
    assert (seller.bank_account, seller.bank_account_name) == ("0123456789", "HOP TAC XA MAT ONG")
    assert seller.status == Seller.Status.VERIFIED


def test_a_wrong_tax_code_is_refused_next_to_its_field_and_nothing_changes(f, client, admin_officer):
    seller = f.seller()
    before = seller.tax_code

    response = client.post(change_url(seller), form(seller, tax_code="0312345670", legal_name="Tên khác"))

    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["tax_code"]
    seller.refresh_from_db()
    assert (seller.tax_code, seller.legal_name) == (before, seller.legal_name)
    assert seller.legal_name != "Tên khác"


def test_the_commune_must_be_in_the_province(f, client, admin_officer):
    seller = f.seller()
    elsewhere = f.commune("26734", "Phường Bến Nghé", f.province("79", "TP. Hồ Chí Minh"))

    response = client.post(change_url(seller), form(seller, commune=elsewhere.pk))

    assert response.status_code == 200
    assert "commune" in response.context["adminform"].form.errors
    seller.refresh_from_db()
    assert seller.commune_id != elsewhere.pk


def test_members_are_added_changed_and_removed_in_the_admin(f, client, admin_officer):
    owner = f.user()
    seller = f.seller(owner=owner)
    staff, newcomer = f.user(), f.user()
    Membership.objects.create(user=staff, seller=seller, role=Membership.Role.STAFF)
    rows = list(seller.memberships.order_by("pk"))
    data = form(seller, **memberships(seller, rows, [{"user": newcomer.pk, "role": "staff"}]))
    data["memberships-0-role"] = "staff"  # the owner becomes staff
    data["memberships-1-DELETE"] = "on"  # the staff member leaves

    response = client.post(change_url(seller), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert dict(seller.memberships.values_list("user_id", "role")) == {
        owner.pk: "staff",
        newcomer.pk: "staff",
    }


def test_the_member_services_are_the_officers(f):
    owner = f.user()
    seller = f.seller(owner=owner)
    with pytest.raises(PermissionDenied):
        services.add_member(actor=owner, seller=seller, user=f.user(), role=Membership.Role.STAFF)
    with pytest.raises(PermissionDenied):
        services.correct_seller(actor=owner, seller=seller, legal_name="Tên khác")
    assert seller.memberships.count() == 1


def test_sellers_register_themselves_and_are_never_deleted_in_the_admin(f, client, admin_officer):
    seller = f.seller()
    assert client.get(reverse("admin:sellers_seller_add")).status_code == 403
    assert (
        client.post(reverse("admin:sellers_seller_delete", args=[seller.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert Seller.objects.filter(pk=seller.pk).exists()


def test_the_address_and_the_demo_flag_are_not_edited_in_the_admin(f, client, admin_officer):
    seller = f.seller(slug="ong-mat")

    response = client.post(change_url(seller), form(seller, slug="khac", is_demo="on"))

    assert response.status_code == 302
    seller.refresh_from_db()
    assert (seller.slug, seller.is_demo) == ("ong-mat", False)
