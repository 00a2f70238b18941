import json

import pytest
from django.urls import reverse

from hangviet.accounts import services
from hangviet.accounts.models import ApiToken, User
from hangviet.sellers.models import Membership, Seller

pytestmark = pytest.mark.django_db

PASSWORD = "mat-khau-an-toan-123"


def test_data_export_contains_profile_memberships_and_token_metadata_not_secrets(client, f):
    user = f.user(email="lan@example.vn", phone="0912345678", full_name="Nguyễn Thị Lan")
    shop = f.seller(owner=user, slug="htx-lan")
    _token, key = services.create_api_token(actor=user, name="Đồng bộ", scopes=["read"])
    client.force_login(user)
    response = client.get(reverse("accounts:data_export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    assert key not in response.content.decode()
    data = json.loads(response.content)
    assert data["profile"]["email"] == "lan@example.vn"
    assert data["profile"]["phone"] == "0912345678"
    assert data["profile"]["full_name"] == "Nguyễn Thị Lan"
    assert data["profile"]["roles"] == ["buyer", "seller_owner"]
    assert data["memberships"] == [
        {
            "seller": shop.slug,
            "seller_name": shop.trading_name,
            "role": "owner",
            "since": data["memberships"][0]["since"],
        }
    ]
    assert [(t["name"], t["prefix"]) for t in data["api_tokens"]] == [("Đồng bộ", key[:8])]
    assert "key_hash" not in json.dumps(data)


def test_data_export_needs_login(client):
    assert client.get(reverse("accounts:data_export")).status_code == 302


def test_data_export_only_shows_ones_own_data(client, f):
    me, other = f.user(email="me@example.vn"), f.user(email="other@example.vn")
    services.create_api_token(actor=other, name="other-token", scopes=["read"])
    client.force_login(me)
    body = client.get(reverse("accounts:data_export")).content.decode()
    assert "other@example.vn" not in body and "other-token" not in body


def test_account_deletion_anonymises_and_signs_out(client, f):
    user = f.user(email="lan@example.vn", phone="0912345678", full_name="Nguyễn Thị Lan", is_officer=True)
    co_owner = f.user()
    shop = f.seller(owner=co_owner)
    Membership.objects.create(user=user, seller=shop, role=Membership.Role.OWNER)
    _token, key = services.create_api_token(actor=user, name="ci", scopes=["read"])
    client.force_login(user)

    response = client.post(reverse("accounts:delete_account"), {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    assert client.session.get("_auth_user_id") is None

    user.refresh_from_db()  # the row stays for records kept for accounting
    assert user.email == f"deleted-{user.pk}@anonymised.invalid"
    assert user.phone is None and user.full_name == ""
    assert not user.is_active and not user.is_officer and not user.is_staff
    assert not user.has_usable_password()
    assert user.anonymised_at is not None
    assert not ApiToken.objects.filter(user=user).exists()
    assert not Membership.objects.filter(user=user).exists()
    assert Seller.objects.filter(pk=shop.pk).exists()
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401
    login = client.post(reverse("accounts:login"), {"username": "lan@example.vn", "password": PASSWORD})
    assert login.status_code == 200 and client.session.get("_auth_user_id") is None
    # the email and the phone are free again
    assert services.register_user(
        email="lan@example.vn",
        phone="0912345678",
        full_name="Lan",
        password="Sen-hong-Dong-Thap-7",
        accepted_terms=True,
    )


def test_account_deletion_needs_the_password_and_confirmation(client, f):
    user = f.user(email="lan@example.vn")
    client.force_login(user)
    wrong = client.post(reverse("accounts:delete_account"), {"password": "nope", "confirm": "on"})
    assert wrong.status_code == 422 and wrong.context["form"].errors["password"]
    unconfirmed = client.post(reverse("accounts:delete_account"), {"password": PASSWORD})
    assert unconfirmed.status_code == 422 and unconfirmed.context["form"].errors["confirm"]
    user.refresh_from_db()
    assert user.is_active and user.email == "lan@example.vn" and user.anonymised_at is None


def test_sole_owner_of_a_shop_cannot_delete_the_account(client, f):
    user = f.user(email="lan@example.vn")
    f.seller(owner=user, trading_name="HTX Lan")
    client.force_login(user)
    response = client.post(reverse("accounts:delete_account"), {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 422
    assert "HTX Lan" in response.content.decode()
    user.refresh_from_db()
    assert user.is_active and user.anonymised_at is None


def test_nobody_deletes_another_users_account(f):
    from django.core.exceptions import PermissionDenied

    victim, other = f.user(), f.user()
    with pytest.raises(PermissionDenied):
        services.delete_account(actor=other, user=victim)
    victim.refresh_from_db()
    assert victim.is_active


def test_deleting_twice_is_refused(f):
    user = f.user()
    services.delete_account(actor=user, user=user)
    admin = User.objects.create_superuser(email="root@example.vn", password=PASSWORD)
    with pytest.raises(services.AccountAlreadyDeleted):
        services.delete_account(actor=admin, user=User.objects.get(pk=user.pk))
