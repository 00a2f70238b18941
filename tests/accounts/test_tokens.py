import pytest
from django.urls import reverse

from hangviet.accounts import services
from hangviet.accounts.models import ApiToken

pytestmark = pytest.mark.django_db

TOKENS = reverse("accounts:tokens")


def bearer(key):
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_tokens_page_needs_login(client):
    response = client.get(TOKENS)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_created_token_key_is_shown_once_and_only_its_hash_is_stored(client, f):
    user = f.user()
    client.force_login(user)
    response = client.post(TOKENS, {"name": "Đồng bộ kho", "scopes": ["catalog"]})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    key = response.context["new_key"]
    assert key.startswith("hv_") and key in response.content.decode()
    token = ApiToken.objects.get(user=user)
    assert token.name == "Đồng bộ kho" and token.key_hash == ApiToken.hash_key(key)
    assert token.prefix == key[:8]
    again = client.get(TOKENS).content.decode()
    assert key not in again
    assert token.prefix in again and "Đồng bộ kho" in again


def test_token_name_is_required(client, f):
    user = f.user()
    client.force_login(user)
    response = client.post(TOKENS, {"name": "   ", "scopes": ["read"]})
    assert response.status_code == 422
    assert response.context["form"].errors["name"]
    assert not ApiToken.objects.exists()


def test_me_with_token(client, f):
    user = f.user(email="lan@example.vn", phone="0912345678", full_name="Lan")
    shop = f.seller(owner=user, slug="htx-lan")
    _token, key = services.create_api_token(actor=user, name="ci", scopes=["read"])
    response = client.get("/api/v1/me", **bearer(key))
    assert response.status_code == 200
    assert response.json() == {
        "id": user.pk,
        "email": "lan@example.vn",
        "phone": "0912345678",
        "full_name": "Lan",
        "is_officer": False,
        "memberships": [{"seller": shop.slug, "role": "owner"}],
        "scopes": ["read"],
    }
    assert ApiToken.objects.get(user=user).last_used_at is not None


def test_me_without_token_is_a_401_problem(client):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "unauthenticated"


def test_me_with_a_wrong_token_is_401(client):
    assert client.get("/api/v1/me", **bearer("hv_not-a-real-key")).status_code == 401


def test_revoked_token_is_refused(client, f):
    user = f.user()
    token, key = services.create_api_token(actor=user, name="ci", scopes=["read"])
    assert client.get("/api/v1/me", **bearer(key)).status_code == 200
    client.force_login(user)
    response = client.post(reverse("accounts:token_revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert client.get("/api/v1/me", **bearer(key)).status_code == 401


def test_revoke_needs_post(client, f):
    user = f.user()
    token, _key = services.create_api_token(actor=user, name="ci", scopes=["read"])
    client.force_login(user)
    assert client.get(reverse("accounts:token_revoke", args=[token.pk])).status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None


def test_user_cannot_revoke_another_users_token(client, f):
    owner, intruder = f.user(), f.user()
    token, key = services.create_api_token(actor=owner, name="ci", scopes=["read"])
    client.force_login(intruder)
    response = client.post(reverse("accounts:token_revoke", args=[token.pk]))
    assert response.status_code == 404  # someone else's token is not one of mine
    token.refresh_from_db()
    assert token.revoked_at is None
    assert client.get("/api/v1/me", **bearer(key)).status_code == 200


def test_tokens_page_lists_only_ones_own_tokens(client, f):
    owner, other = f.user(), f.user()
    services.create_api_token(actor=other, name="bí mật của người khác", scopes=["read"])
    client.force_login(owner)
    assert "bí mật của người khác" not in client.get(TOKENS).content.decode()


def test_token_of_inactive_user_is_refused(client, f):
    user = f.user()
    _token, key = services.create_api_token(actor=user, name="ci", scopes=["read"])
    user.is_active = False
    user.save()
    assert client.get("/api/v1/me", **bearer(key)).status_code == 401


def test_active_tokens_are_capped(f):
    user = f.user()
    for i in range(services.MAX_ACTIVE_TOKENS):
        services.create_api_token(actor=user, name=f"k{i}", scopes=["read"])
    with pytest.raises(services.TooManyTokens):
        services.create_api_token(actor=user, name="one too many", scopes=["read"])
    assert ApiToken.objects.filter(user=user).count() == services.MAX_ACTIVE_TOKENS


def test_me_reads_memberships_in_one_query(client, f, django_assert_num_queries):
    user = f.user()
    for _ in range(3):
        f.seller(owner=user)
    _token, key = services.create_api_token(actor=user, name="ci", scopes=["read"])
    with django_assert_num_queries(3):  # token lookup, last-use stamp, memberships with their seller
        response = client.get("/api/v1/me", **bearer(key))
    assert len(response.json()["memberships"]) == 3
