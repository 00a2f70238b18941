"""Seller rules through the services: registration checks, verification decisions, profile changes."""

import pytest
from django.core.exceptions import PermissionDenied

from hangviet.core.errors import ValidationFailed
from hangviet.sellers import services
from hangviet.sellers.models import Membership, Seller, SellerStatusChange

pytestmark = pytest.mark.django_db


def identity(f, **overrides):
    fields = {
        "kind": Seller.Kind.COOPERATIVE,
        "legal_name": "Hợp tác xã Dừa sáp Cầu Kè",
        "trading_name": "Dừa sáp Cầu Kè",
        "tax_code": f.make_tax_code(901),
        "registration_number": "58A8001234",
        "street": "Ấp Trà Mẹt",
        "commune": f.commune(),
        "phone": "+84 912 345 678",
        "email": "htx@example.vn",
        "representative": "Trần Thị B",
        "bank_bin": "970405",
        "bank_account": "7300 2051 23456",
        "bank_account_name": "Hợp tác xã Dừa sáp",
    }
    fields["province"] = fields["commune"].province
    fields.update(overrides)
    return fields


def fields_of(exc: ValidationFailed) -> dict[str, str]:
    return {e["field"]: e["code"] for e in exc.errors}


def test_registration_starts_pending_with_the_actor_as_owner(f):
    user = f.user()
    seller = services.register_seller(actor=user, **identity(f))
    assert seller.status == Seller.Status.PENDING
    assert seller.slug == "dua-sap-cau-ke"
    assert seller.phone == "0912345678"
    assert seller.bank_account == "7300205123456"
    assert seller.bank_account_name == "HOP TAC XA DUA SAP"
    assert Membership.objects.get(seller=seller).user == user
    assert Membership.objects.get(seller=seller).role == Membership.Role.OWNER
    change = SellerStatusChange.objects.get(seller=seller)
    assert (change.from_status, change.to_status, change.actor) == ("", "pending", user)


def test_registration_cannot_start_verified(f):
    with pytest.raises(ValueError):
        services.register_seller(actor=f.user(), status=Seller.Status.VERIFIED, **identity(f))
    assert not Seller.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"tax_code": "0101245487"}, "tax_code", "invalid_tax_code"),
        ({"phone": "0212345678"}, "phone", "invalid_phone"),
        ({"bank_bin": "97040"}, "bank_bin", "invalid_bin"),
        ({"bank_account": "12345"}, "bank_account", "invalid_account"),
        ({"bank_account_name": ""}, "bank_account_name", "required"),
        ({"legal_name": ""}, "legal_name", "blank"),
        ({"email": "not-an-email"}, "email", "invalid"),
    ],
)
def test_registration_refuses_a_bad_field_and_creates_nothing(f, overrides, field, code):
    with pytest.raises(ValidationFailed) as caught:
        services.register_seller(actor=f.user(), **identity(f, **overrides))
    assert fields_of(caught.value).get(field) == code
    assert not Seller.objects.exists()
    assert not Membership.objects.exists()


def test_registration_refuses_a_commune_of_another_province(f):
    other = f.commune("25999", "Xã Khác", f.province("80", "Tây Ninh"))
    with pytest.raises(ValidationFailed) as caught:
        services.register_seller(actor=f.user(), **identity(f, commune=other))
    assert fields_of(caught.value) == {"commune": "commune_not_in_province"}
    assert not Seller.objects.exists()


def test_registration_refuses_a_tax_code_already_registered(f):
    existing = f.seller()
    with pytest.raises(ValidationFailed) as caught:
        services.register_seller(actor=f.user(), **identity(f, tax_code=existing.tax_code))
    assert fields_of(caught.value) == {"tax_code": "duplicate"}
    assert Seller.objects.count() == 1


def test_registration_without_bank_details_is_allowed(f):
    seller = services.register_seller(
        actor=f.user(), **identity(f, bank_bin="", bank_account="", bank_account_name="")
    )
    assert seller.bank_account == ""


def test_only_an_officer_verifies(f):
    seller = f.seller(status=Seller.Status.PENDING)
    owner = seller.memberships.get().user
    for actor in (f.user(), owner):
        with pytest.raises(PermissionDenied):
            services.verify_seller(actor=actor, seller=seller)
    seller.refresh_from_db()
    assert seller.status == Seller.Status.PENDING


def test_verification_records_who_and_when_and_happens_once(f):
    seller = f.seller(status=Seller.Status.PENDING)
    officer = f.officer()
    verified = services.verify_seller(actor=officer, seller=seller)
    assert verified.status == Seller.Status.VERIFIED
    assert verified.verified_by == officer
    assert verified.verified_at is not None
    with pytest.raises(services.SellerAlreadyDecided):
        services.reject_seller(actor=officer, seller=seller, reason="Sai")
    assert seller.status_changes.filter(to_status="verified", actor=officer).count() == 1


def test_rejection_needs_a_reason_and_an_officer(f):
    seller = f.seller(status=Seller.Status.PENDING)
    with pytest.raises(PermissionDenied):
        services.reject_seller(actor=f.user(), seller=seller, reason="Sai MST")
    with pytest.raises(ValidationFailed) as caught:
        services.reject_seller(actor=f.officer(), seller=seller, reason="   ")
    assert fields_of(caught.value) == {"reason": "required"}
    seller.refresh_from_db()
    assert seller.status == Seller.Status.PENDING


def test_a_rejected_seller_corrects_and_resubmits(f):
    seller = f.seller(status=Seller.Status.PENDING)
    owner = seller.memberships.get().user
    services.reject_seller(actor=f.officer(), seller=seller, reason="Sai tên pháp lý")
    updated = services.update_seller_profile(
        actor=owner, seller=seller, resubmit=True, legal_name="Hợp tác xã Đúng Tên"
    )
    assert updated.status == Seller.Status.PENDING
    assert updated.legal_name == "Hợp tác xã Đúng Tên"
    assert list(seller.status_changes.values_list("to_status", flat=True)[:2]) == ["pending", "rejected"]


def test_a_failed_correction_neither_saves_nor_resubmits(f):
    seller = f.seller(status=Seller.Status.REJECTED)
    owner = seller.memberships.get().user
    with pytest.raises(ValidationFailed):
        services.update_seller_profile(
            actor=owner, seller=seller, resubmit=True, legal_name="Tên mới", phone="123"
        )
    seller.refresh_from_db()
    assert seller.status == Seller.Status.REJECTED
    assert seller.legal_name != "Tên mới"


def test_a_verified_seller_keeps_its_identity_but_updates_its_contact(f):
    seller = f.seller(status=Seller.Status.VERIFIED)
    owner = seller.memberships.get().user
    with pytest.raises(services.SellerProfileLocked):
        services.update_seller_profile(actor=owner, seller=seller, tax_code=f.make_tax_code(950))
    updated = services.update_seller_profile(actor=owner, seller=seller, phone="0987654321")
    assert updated.phone == "0987654321"
    assert updated.status == Seller.Status.VERIFIED


def test_a_non_member_cannot_change_a_profile_or_resubmit(f):
    seller = f.seller(status=Seller.Status.REJECTED)
    stranger = f.user()
    with pytest.raises(PermissionDenied):
        services.update_seller_profile(actor=stranger, seller=seller, phone="0987654321")
    with pytest.raises(PermissionDenied):
        services.resubmit_seller(actor=stranger, seller=seller)
    seller.refresh_from_db()
    assert seller.status == Seller.Status.REJECTED
